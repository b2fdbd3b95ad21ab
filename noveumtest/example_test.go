package noveumtest_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// exampleBody is a minimal valid batch: one trace with one span.
const exampleBody = `{"traces":[{
  "trace_id":"4bf92f35-77b3-4da6-a3ce-929d0e0e4736","name":"llm.gpt-4o",
  "start_time":"2026-11-26T21:15:03.217626+00:00","end_time":"2026-11-26T21:15:03.717626+00:00",
  "duration_ms":500,"status":"ok","status_message":null,"span_count":1,"error_count":0,
  "attributes":{"noveum.project":"demo"},
  "metadata":{"user_id":null,"session_id":null,"request_id":null,"tags":{},"custom_attributes":{}},
  "spans":[{
    "span_id":"0a1b2c3d-0000-4000-8000-000000000001","trace_id":"4bf92f35-77b3-4da6-a3ce-929d0e0e4736",
    "parent_span_id":null,"name":"llm.gpt-4o",
    "start_time":"2026-11-26T21:15:03.217626+00:00","end_time":"2026-11-26T21:15:03.717626+00:00",
    "duration_ms":500,"status":"ok","status_message":null,
    "attributes":{"llm.model":"gpt-4o","llm.input_tokens":1200},"events":[],"links":[],
    "otel":{"span_id":"00f067aa0ba902b7","parent_span_id":null,"kind":"CLIENT",
      "status":{"code":"UNSET","message":""},"name":"chat gpt-4o","scope":{"name":"demo","version":""}}}],
  "sdk":{"name":"noveum-trace-go","version":"0.1.0"},"project":"demo","environment":"development",
  "schema_version":"2.0",
  "otel":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","resource":{}}}],
 "timestamp":1795727703.31913}`

func Example() {
	srv := noveumtest.NewServer(noveumtest.WithAPIKey("test-key"))
	defer srv.Close()

	// An exporter would be configured with srv.URL as its endpoint; here we
	// post by hand.
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/traces", strings.NewReader(exampleBody))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "noveum-trace-go/0.1.0")
	req.Header.Set("Authorization", "Bearer test-key")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println("status:", resp.StatusCode)

	for _, tr := range srv.Traces() {
		sp, _ := tr.SpanByName("llm.gpt-4o")
		tokens, _ := sp.Attr("llm.input_tokens")
		fmt.Println(tr.Name, tr.Project, len(tr.Spans), tokens)
	}
	// Output:
	// status: 200
	// llm.gpt-4o demo 1 1200
}

func ExampleServer_Script() {
	srv := noveumtest.NewServer()
	defer srv.Close()
	srv.Script(noveumtest.Response{Status: http.StatusServiceUnavailable, RetryAfter: "1"})

	for range 2 {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/traces", strings.NewReader(exampleBody))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", "noveum-trace-go/0.1.0")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Printf("%d Retry-After=%q\n", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	fmt.Println("traces:", len(srv.Traces()))
	// Output:
	// 503 Retry-After="1"
	// 200 Retry-After=""
	// traces: 1
}

// NewHandler mounts the receiver in a server of your own; accept gets each
// valid batch.
func ExampleNewHandler() {
	received := make(chan noveumtest.Batch, 1)
	mux := http.NewServeMux()
	mux.Handle("/api/v1/traces", noveumtest.NewHandler(func(b noveumtest.Batch) error {
		received <- b
		return nil
	}))
	hs := httptest.NewServer(mux)
	defer hs.Close()

	for _, ua := range []string{"", "noveum-trace-sdk/1.5.17"} {
		req, _ := http.NewRequest(http.MethodPost, hs.URL+"/api/v1/traces", strings.NewReader(exampleBody))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", ua)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Printf("User-Agent %q: %d\n", ua, resp.StatusCode)
	}
	b := <-received
	fmt.Println(b.Traces[0].Name, b.Traces[0].SDK.Name)
	// Output:
	// User-Agent "": 403
	// User-Agent "noveum-trace-sdk/1.5.17": 200
	// llm.gpt-4o noveum-trace-go
}

func ExampleValidateBatch() {
	bad := strings.Replace(exampleBody, `"status":"ok","status_message":null,
    "attributes"`, `"status":"failed","status_message":null,
    "attributes"`, 1)
	fmt.Println(noveumtest.ValidateBatch([]byte(exampleBody)))
	fmt.Println(noveumtest.ValidateBatch([]byte(bad)))
	// Output:
	// <nil>
	// noveumtest: invalid batch: /traces/0/spans/0/status: value must be one of 'ok', 'error', 'timeout'
}

func ExampleTrace_Walk() {
	parent := func(id string) *string { return &id }
	tr := noveumtest.Trace{Spans: []noveumtest.Span{
		{SpanID: "t", ParentSpanID: parent("a"), Name: "tool.search", StartTime: "2026-11-26T21:15:03.300000+00:00"},
		{SpanID: "l", ParentSpanID: parent("a"), Name: "llm.gpt-4o", StartTime: "2026-11-26T21:15:03.200000+00:00"},
		{SpanID: "a", Name: "agent.researcher", StartTime: "2026-11-26T21:15:03.100000+00:00"},
	}}
	tr.Walk(func(s noveumtest.Span, depth int) {
		fmt.Printf("%*s%s\n", 2*depth, "", s.Name)
	})
	// Output:
	// agent.researcher
	//   llm.gpt-4o
	//   tool.search
}
