package localserver

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/goleak"

	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/agents/agentsdk"
	noveumconfig "github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var (
	planner    = agents.NewAgent(agents.AgentInfo{ID: "agt-planner", Name: "planner", Type: "planner"})
	researcher = agents.NewAgent(agents.AgentInfo{ID: "agt-researcher", Name: "researcher", Type: "researcher"})
)

// startServer starts a server on dir behind httptest.
func startServer(t *testing.T, dir string) (*Server, *httptest.Server) {
	t.Helper()
	s, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s)
	t.Cleanup(func() {
		hs.Close()
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s, hs
}

// sendTraces sends, through a real exporter over HTTP, an agent trace
// ("research-brief": a planner handing off to a researcher whose fetch_stats
// tool fails, a chat and a streamed chat with content) for user u-1 in
// conversation conv-1, and a failing trace "nightly-job" for user u-2. It
// returns when the provider's Shutdown has delivered them.
func sendTraces(t *testing.T, url string, opts ...exporter.Option) {
	t.Helper()
	ctx := context.Background()
	var exportErrs []error
	opts = append([]exporter.Option{exporter.WithEndpoint(url + "/api"), exporter.WithProject("local-test"),
		exporter.WithErrorHandler(func(err error) { exportErrs = append(exportErrs, err) })}, opts...)
	exp, err := exporter.New(ctx, opts...)
	if err != nil {
		t.Fatal(err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(agentsdk.NewIdentityProcessor()), sdktrace.WithSpanProcessor(exp))
	at := agents.NewTracer(agents.WithTracerProvider(tp), agents.WithCaptureContent(noveumconfig.CaptureSpanOnly))
	lt := llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(noveumconfig.CaptureSpanOnly))

	actx := agents.WithIdentity(ctx, agents.Identity{ConversationID: "conv-1", UserID: "u-1"})
	wctx, wf := at.InvokeWorkflow(actx, "research-brief")
	pctx, plan := at.InvokeAgent(wctx, planner)
	_, call := lt.StartChat(pctx, llm.Request{Provider: semconv.ProviderOpenAI, Model: "gpt-4o",
		Messages: []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text("Plan a brief on solar storage")}}}})
	call.RecordResponse(llm.Response{Model: "gpt-4o",
		Messages: []llm.Message{{Role: llm.RoleAssistant, FinishReason: "stop", Parts: []llm.Part{llm.Text("1. research 2. write")}}},
		Usage:    llm.Usage{InputTokens: llm.Tokens(120), OutputTokens: llm.Tokens(30)}})
	call.End(nil)
	rctx, research := at.Handoff(pctx, researcher)
	_, tool := at.ExecuteTool(rctx, agents.Tool{Name: "fetch_stats", CallID: "call_1", Type: semconv.ToolFunction, Arguments: []byte(`{"metric":"prices"}`)})
	tool.End(errors.New("stats service: unavailable"))
	_, stream := lt.StartChat(rctx, llm.Request{Provider: semconv.ProviderOpenAI, Model: "gpt-4o-mini", Stream: true,
		Messages: []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text("Summarise")}}}})
	stream.RecordChunk(llm.Chunk{Text: "Batteries "})
	stream.RecordChunk(llm.Chunk{Text: "store solar.", FinishReason: "stop", Usage: llm.Usage{InputTokens: llm.Tokens(200), OutputTokens: llm.Tokens(50)}})
	stream.End(nil)
	research.End(nil)
	plan.End(nil)
	wf.End(nil)

	_, job := tp.Tracer("test").Start(agents.WithIdentity(ctx, agents.Identity{UserID: "u-2"}), "nightly-job")
	job.SetStatus(codes.Error, "disk full")
	job.End()

	if err := tp.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if len(exportErrs) > 0 {
		t.Fatalf("export errors: %v", exportErrs)
	}
}

func get(t *testing.T, url string, wantStatus int) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s: status %d, want %d: %s", url, resp.StatusCode, wantStatus, body)
	}
	return body
}

type listAnswer struct {
	Traces       []traceSummary `json:"traces"`
	SkippedLines int            `json:"skipped_lines"`
}

func list(t *testing.T, url, query string) listAnswer {
	t.Helper()
	var a listAnswer
	if err := json.Unmarshal(get(t, url+"/api/local/traces"+query, http.StatusOK), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func findTrace(t *testing.T, traces []traceSummary, name string) traceSummary {
	t.Helper()
	for _, s := range traces {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no trace %q in %+v", name, traces)
	return traceSummary{}
}

func names(traces []traceSummary) string {
	var n []string
	for _, s := range traces {
		n = append(n, s.Name)
	}
	return strings.Join(n, ",")
}

func TestEndToEndListAPI(t *testing.T) {
	_, hs := startServer(t, t.TempDir())
	sendTraces(t, hs.URL)
	a := list(t, hs.URL, "")
	if len(a.Traces) != 2 {
		t.Fatalf("got %d traces, want 2: %+v", len(a.Traces), a.Traces)
	}
	if a.Traces[0].Name != "nightly-job" { // newest first
		t.Errorf("first trace %q, want nightly-job (newest first)", a.Traces[0].Name)
	}
	s := findTrace(t, a.Traces, "chain.research-brief")
	if s.Status != "error" || s.ErrorCount != 1 || s.SpanCount != 6 {
		t.Errorf("status %q, errors %d, spans %d; want error (a span failed), 1, 6", s.Status, s.ErrorCount, s.SpanCount)
	}
	if s.TotalTokens != 400 {
		t.Errorf("total tokens %d, want 400", s.TotalTokens)
	}
	if s.TotalCost <= 0 {
		t.Errorf("total cost %v, want > 0 (gpt-4o is in the price book)", s.TotalCost)
	}
	if s.UserID != "u-1" || s.ConversationID != "conv-1" {
		t.Errorf("user %q conversation %q, want u-1 conv-1", s.UserID, s.ConversationID)
	}
	if s.StartTime.IsZero() || s.DurationMS <= 0 {
		t.Errorf("start %v duration %v", s.StartTime, s.DurationMS)
	}
	job := findTrace(t, a.Traces, "nightly-job")
	if job.Status != "error" || job.UserID != "u-2" || job.TotalTokens != 0 {
		t.Errorf("nightly-job: %+v", job)
	}
}

func TestFilters(t *testing.T) {
	_, hs := startServer(t, t.TempDir())
	sendTraces(t, hs.URL)
	for _, tc := range []struct{ query, want string }{
		{"", "nightly-job,chain.research-brief"},
		{"?status=error", "nightly-job,chain.research-brief"},
		{"?status=ok", ""},
		{"?name=RESEARCH", "chain.research-brief"},
		{"?user=u-2", "nightly-job"},
		{"?conversation=conv-1", "chain.research-brief"},
		{"?conversation=other", ""},
		{"?since=1h", "nightly-job,chain.research-brief"},
		{"?since=" + time.Now().Add(time.Hour).UTC().Format(time.RFC3339), ""},
		{"?limit=1", "nightly-job"},
		{"?status=ok&user=u-2", ""},
		{"?status=error&user=u-2", "nightly-job"},
	} {
		if got := names(list(t, hs.URL, tc.query).Traces); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.query, got, tc.want)
		}
	}
	get(t, hs.URL+"/api/local/traces?since=yesterday", http.StatusBadRequest)
	get(t, hs.URL+"/api/local/traces?limit=-1", http.StatusBadRequest)
	page := string(get(t, hs.URL+"/?user=u-2", http.StatusOK))
	if !strings.Contains(page, "nightly-job") || strings.Contains(page, "chain.research-brief") {
		t.Errorf("filtered list page is wrong:\n%s", page)
	}
}

func TestTraceAPI(t *testing.T) {
	_, hs := startServer(t, t.TempDir())
	sendTraces(t, hs.URL)
	s := findTrace(t, list(t, hs.URL, "").Traces, "chain.research-brief")
	var d struct {
		Summary traceSummary `json:"summary"`
		Trace   struct {
			TraceID string `json:"trace_id"`
			Spans   []struct {
				Name   string `json:"name"`
				Status string `json:"status"`
			} `json:"spans"`
		} `json:"trace"`
		Graph struct {
			Nodes []struct {
				ID string `json:"id"`
			} `json:"nodes"`
			Edges []json.RawMessage `json:"edges"`
		} `json:"graph"`
	}
	if err := json.Unmarshal(get(t, hs.URL+"/api/local/traces/"+s.TraceID, http.StatusOK), &d); err != nil {
		t.Fatal(err)
	}
	if d.Trace.TraceID != s.TraceID || len(d.Trace.Spans) != 6 || d.Summary.TotalTokens != 400 {
		t.Errorf("trace %s with %d spans, summary %+v", d.Trace.TraceID, len(d.Trace.Spans), d.Summary)
	}
	var ids []string
	for _, n := range d.Graph.Nodes {
		ids = append(ids, n.ID)
	}
	for _, want := range []string{"workflow:research-brief", "agent:planner", "agent:researcher", "model:gpt-4o", "tool:fetch_stats"} {
		if !strings.Contains(strings.Join(ids, " "), want) {
			t.Errorf("graph nodes %v lack %s", ids, want)
		}
	}
	if len(d.Graph.Edges) == 0 {
		t.Error("graph has no edges")
	}
	get(t, hs.URL+"/api/local/traces/nope", http.StatusNotFound)
	get(t, hs.URL+"/traces/nope", http.StatusNotFound)
}

func TestPages(t *testing.T) {
	_, hs := startServer(t, t.TempDir())
	sendTraces(t, hs.URL)
	page := string(get(t, hs.URL+"/", http.StatusOK))
	for _, want := range []string{"chain.research-brief", "nightly-job", "conv-1", "u-1", "400", `<form class="filters"`} {
		if !strings.Contains(page, want) {
			t.Errorf("list page lacks %q", want)
		}
	}
	s := findTrace(t, list(t, hs.URL, "").Traces, "chain.research-brief")
	if !strings.Contains(page, `href="/traces/`+s.TraceID+`"`) {
		t.Error("list page does not link the trace")
	}
	page = string(get(t, hs.URL+"/traces/"+s.TraceID, http.StatusOK))
	for _, want := range []string{
		"<h1>chain.research-brief",
		"model <b>gpt-4o</b>",
		"model <b>gpt-4o-mini</b>",
		"tokens 120 in / 30 out / 150 total",
		"tokens 200 in / 50 out / 250 total",
		"first token ",
		"<summary>input</summary>", "Plan a brief on solar storage",
		"<summary>output</summary>", "1. research 2. write",
		"stats service: unavailable",
		"<svg class=\"graph\"", "agent: planner", "agent: researcher", "tool: fetch_stats",
		"<pre class=\"mermaid\">",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("trace page lacks %q", want)
		}
	}
	if strings.Contains(page, "ZgotmplZ") {
		t.Error("trace page holds a value html/template refused (ZgotmplZ)")
	}
	// The failed tool's row and bar are marked as errors.
	at := strings.Index(page, `<span class="span-name err">tool.fetch_stats</span>`)
	if at < 0 {
		t.Fatal("the failed tool span is not marked as an error")
	}
	row := page[at:]
	if i := strings.Index(row, `class="bar`); i < 0 || !strings.HasPrefix(row[i:], `class="bar error"`) {
		t.Error("the failed tool's bar is not red")
	}
	if strings.Contains(page, `<span class="span-name err">llm.gpt-4o</span>`) {
		t.Error("an ok span is marked as an error")
	}
	if !strings.Contains(page, `style="left: `) {
		t.Error("bars are not positioned")
	}
}

func post(t *testing.T, url string, body []byte, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+tracesPath, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "localserver-test/1")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func validBatch(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../noveumtest/testdata/valid_batch.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestIngest(t *testing.T) {
	_, hs := startServer(t, t.TempDir())
	valid := validBatch(t)
	invalid := bytes.Replace(valid, []byte(`"status": "ok"`), []byte(`"status": "fine"`), 1)
	if bytes.Equal(invalid, valid) {
		invalid = bytes.Replace(valid, []byte(`"status":"ok"`), []byte(`"status":"fine"`), 1)
	}
	if bytes.Equal(invalid, valid) {
		t.Fatal("could not make an invalid body from the valid one")
	}

	code, body := post(t, hs.URL, invalid, nil)
	if code != http.StatusBadRequest || !strings.Contains(body, "status") || !strings.Contains(body, `"error"`) {
		t.Errorf("invalid body: %d %s; want 400 naming the status field", code, body)
	}
	code, body = post(t, hs.URL, []byte("{not json"), nil)
	if code != http.StatusBadRequest || !strings.Contains(body, "not valid JSON") {
		t.Errorf("not JSON: %d %s", code, body)
	}
	code, body = post(t, hs.URL, []byte("plain"), map[string]string{"Content-Encoding": "gzip"})
	if code != http.StatusBadRequest || !strings.Contains(body, "gzip") {
		t.Errorf("bad gzip: %d %s", code, body)
	}
	code, _ = post(t, hs.URL, valid, map[string]string{"Content-Encoding": "br"})
	if code != http.StatusUnsupportedMediaType {
		t.Errorf("br: %d, want 415", code)
	}
	if n := len(list(t, hs.URL, "").Traces); n != 0 {
		t.Fatalf("%d traces stored after rejected bodies", n)
	}

	code, body = post(t, hs.URL, gz(t, valid), map[string]string{"Content-Encoding": "gzip"})
	if code != http.StatusOK || !strings.Contains(body, `"success":true`) || !strings.Contains(body, `"traces_received":1`) {
		t.Errorf("gzip body: %d %s", code, body)
	}
	if n := len(list(t, hs.URL, "").Traces); n != 1 {
		t.Errorf("%d traces after the gzip body, want 1", n)
	}
	// Write-once: the same trace again is accepted and ignored.
	if code, _ = post(t, hs.URL, valid, nil); code != http.StatusOK {
		t.Errorf("resend: %d", code)
	}
	if n := len(list(t, hs.URL, "").Traces); n != 1 {
		t.Errorf("%d traces after a resend, want 1", n)
	}

	small, err := New(t.TempDir(), optionFunc(func(c *config) { c.maxBody = 100 }))
	if err != nil {
		t.Fatal(err)
	}
	defer small.Close()
	smallHS := httptest.NewServer(small)
	defer smallHS.Close()
	if code, _ = post(t, smallHS.URL, valid, nil); code != http.StatusRequestEntityTooLarge {
		t.Errorf("large body: %d, want 413", code)
	}
	if code, _ = post(t, smallHS.URL, gz(t, valid), map[string]string{"Content-Encoding": "gzip"}); code != http.StatusRequestEntityTooLarge {
		t.Errorf("large gzip body: %d, want 413", code)
	}
	resp, err := http.Get(hs.URL + tracesPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET %s: %d, want 405", tracesPath, resp.StatusCode)
	}
}

func TestExporterGzip(t *testing.T) {
	_, hs := startServer(t, t.TempDir())
	sendTraces(t, hs.URL, exporter.WithGzip())
	if n := len(list(t, hs.URL, "").Traces); n != 2 {
		t.Errorf("%d traces through gzip, want 2", n)
	}
}

func TestPersistence(t *testing.T) {
	dir := t.TempDir()
	s1, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	hs1 := httptest.NewServer(s1)
	sendTraces(t, hs1.URL)
	before := list(t, hs1.URL, "")
	hs1.Close()
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}

	_, hs2 := startServer(t, dir)
	after := list(t, hs2.URL, "")
	if names(after.Traces) != names(before.Traces) || after.SkippedLines != 0 {
		t.Fatalf("after restart: %s (%d skipped), want %s", names(after.Traces), after.SkippedLines, names(before.Traces))
	}
	s := findTrace(t, after.Traces, "chain.research-brief")
	if s.TotalTokens != 400 || s.ErrorCount != 1 {
		t.Errorf("reloaded summary %+v", s)
	}
	page := string(get(t, hs2.URL+"/traces/"+s.TraceID, http.StatusOK))
	if !strings.Contains(page, "model <b>gpt-4o</b>") {
		t.Error("reloaded trace page lacks the model")
	}
}

func TestCorruptLineSkipped(t *testing.T) {
	dir := t.TempDir()
	s1, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	hs1 := httptest.NewServer(s1)
	if code, body := post(t, hs1.URL, validBatch(t), nil); code != http.StatusOK {
		t.Fatalf("%d %s", code, body)
	}
	hs1.Close()
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}
	// A garbage line in the middle and a line cut short at the end, as a
	// crash during a write would leave it.
	f, err := os.OpenFile(filepath.Join(dir, tracesFile), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("this is not json\n{\"trace_id\":\"cut-sh"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	_, hs2 := startServer(t, dir)
	a := list(t, hs2.URL, "")
	if len(a.Traces) != 1 || a.SkippedLines != 2 {
		t.Fatalf("got %d traces, %d skipped; want 1, 2", len(a.Traces), a.SkippedLines)
	}
	if page := string(get(t, hs2.URL+"/", http.StatusOK)); !strings.Contains(page, "2 corrupt lines of the traces file") {
		t.Error("list page does not report the skipped lines")
	}
	// New traces go on a line of their own after the cut line.
	sendTraces(t, hs2.URL)
	if n := len(list(t, hs2.URL, "").Traces); n != 3 {
		t.Fatalf("%d traces, want 3", n)
	}
	s3, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close()
	if s3.store.count() != 3 || s3.store.skippedLines() != 2 {
		t.Errorf("reloaded %d traces, %d skipped; want 3, 2", s3.store.count(), s3.store.skippedLines())
	}
}

// Serve answers on its listener until its context ends, then returns nil.
func TestServe(t *testing.T) {
	srv, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET / = %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve = %v, want nil after its context ended", err)
	}
}

// A client that stalls mid-request does not keep Serve from returning, nor
// make it report a failure.
func TestServeStopsStalledClients(t *testing.T) {
	srv, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.grace = time.Millisecond // the stalled client will not finish: no need to wait for it
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Headers, then half a body, then nothing.
	if _, err := conn.Write([]byte("POST /api/v1/traces HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"tra")); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + ln.Addr().String() + "/") // the server is up and serving
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve = %v, want nil: a forced stop after the grace period is not a failure", err)
	}
	buf := make([]byte, 1)
	if _, err := conn.Read(buf); err == nil {
		t.Error("the stalled connection is still open")
	}
}

// The local endpoint accepts what the ingestion API accepts: the Python
// SDK's body as it was sent, with its User-Agent. Like the service, it
// refuses a client without an explicit User-Agent.
func TestAcceptsPythonSDKBody(t *testing.T) {
	_, hs := startServer(t, t.TempDir())
	body, err := os.ReadFile("../../noveumtest/testdata/python-sdk-1.5.17-batch.json")
	if err != nil {
		t.Fatal(err)
	}
	if status, msg := post(t, hs.URL, body, map[string]string{"User-Agent": "noveum-trace-sdk/1.5.17"}); status != http.StatusOK {
		t.Fatalf("python body: %d %s", status, msg)
	}
	s := findTrace(t, list(t, hs.URL, "").Traces, "support-request")
	if s.SpanCount != 3 || s.UserID != "u-42@example.com" {
		t.Errorf("python trace: %+v", s)
	}
	for _, ua := range []string{"", "Go-http-client/1.1"} {
		status, msg := post(t, hs.URL, body, map[string]string{"User-Agent": ua})
		if status != http.StatusForbidden || !strings.Contains(msg, "User-Agent") {
			t.Errorf("User-Agent %q: %d %s, want 403 naming the User-Agent", ua, status, msg)
		}
	}
}
