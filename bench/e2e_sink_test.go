package bench

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"
)

// The end-to-end sink runs in a process of its own, so that the CPU it
// spends reading and decoding requests is not counted as the pipeline's.
// The test binary starts itself again with -test.run=^TestSinkProcess$ and
// sinkProcessEnv set; the child prints its three addresses on one stdout
// line and serves until its stdin closes.
const sinkProcessEnv = "BENCH_E2E_SINK_PROCESS"

// sinkCounts is what the sink has received since it started, per format.
type sinkCounts struct {
	NoveumSpans, NoveumTraces, NoveumRequests, NoveumBytes int64
	OTLPSpans, OTLPRequests, OTLPBytes                     int64
	DecodeErrors                                           int64
	LastDecodeError                                        string
}

// sub returns the counts received between two snapshots.
func (c sinkCounts) sub(o sinkCounts) sinkCounts {
	return sinkCounts{
		NoveumSpans: c.NoveumSpans - o.NoveumSpans, NoveumTraces: c.NoveumTraces - o.NoveumTraces,
		NoveumRequests: c.NoveumRequests - o.NoveumRequests, NoveumBytes: c.NoveumBytes - o.NoveumBytes,
		OTLPSpans: c.OTLPSpans - o.OTLPSpans, OTLPRequests: c.OTLPRequests - o.OTLPRequests, OTLPBytes: c.OTLPBytes - o.OTLPBytes,
		DecodeErrors: c.DecodeErrors - o.DecodeErrors, LastDecodeError: c.LastDecodeError,
	}
}

// countingSink decodes what it receives after the run: a request is read
// whole, answered 200 at once and kept; a read of the counts (which the
// benchmark makes once an arm has finished) decodes what was kept. A
// real endpoint decodes on its own machine: decoding during the run would
// take CPU from the application and its pipeline on this 2-core machine,
// and more from the Noveum arm than the OTel arm (its JSON bodies are
// twice the size and slower to decode than OTLP's protobuf), so that the
// endpoint would be slower for one arm than for the other.
type countingSink struct {
	noveumSpans, noveumTraces, noveumRequests, noveumBytes atomic.Int64
	otlpSpans, otlpRequests, otlpBytes                     atomic.Int64
	decodeErrors                                           atomic.Int64
	lastErr                                                atomic.Pointer[string]
	inflight                                               sync.WaitGroup

	mu   sync.Mutex
	kept []keptBody
}

// keptBody is a request received and not decoded yet.
type keptBody struct {
	body   []byte
	gz     bool
	decode func(body []byte, gzipped bool)
}

func (s *countingSink) fail(format string, err error) {
	s.decodeErrors.Add(1)
	msg := format + ": " + err.Error()
	s.lastErr.Store(&msg)
}

func (s *countingSink) counts() sinkCounts {
	s.inflight.Wait()
	s.mu.Lock()
	kept := s.kept
	s.kept = nil
	s.mu.Unlock()
	for i, k := range kept {
		k.decode(k.body, k.gz)
		kept[i] = keptBody{}
	}
	c := sinkCounts{
		NoveumSpans: s.noveumSpans.Load(), NoveumTraces: s.noveumTraces.Load(),
		NoveumRequests: s.noveumRequests.Load(), NoveumBytes: s.noveumBytes.Load(),
		OTLPSpans: s.otlpSpans.Load(), OTLPRequests: s.otlpRequests.Load(), OTLPBytes: s.otlpBytes.Load(),
		DecodeErrors: s.decodeErrors.Load(),
	}
	if p := s.lastErr.Load(); p != nil {
		c.LastDecodeError = *p
	}
	return c
}

// receive reads a body whole, keeps it to be decoded with decode when the
// counts are read, and answers 200 (an empty body: both exporters take
// that as full success).
func (s *countingSink) receive(decode func(body []byte, gzipped bool)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/traces" {
			http.Error(w, "POST /v1/traces only", http.StatusNotFound)
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		gz := strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip")
		s.inflight.Add(1)
		defer s.inflight.Done()
		s.mu.Lock()
		s.kept = append(s.kept, keptBody{body: body, gz: gz, decode: decode})
		s.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	})
}

func gunzip(body []byte, gzipped bool) ([]byte, error) {
	if !gzipped {
		return body, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// noveumBody is the part of a Noveum request the sink counts.
type noveumBody struct {
	Traces []struct {
		TraceID string `json:"trace_id"`
		Spans   []struct {
			SpanID string `json:"span_id"`
		} `json:"spans"`
	} `json:"traces"`
}

func (s *countingSink) decodeNoveum(body []byte, gzipped bool) {
	s.noveumRequests.Add(1)
	s.noveumBytes.Add(int64(len(body)))
	raw, err := gunzip(body, gzipped)
	if err != nil {
		s.fail("noveum gzip", err)
		return
	}
	var b noveumBody
	if err := json.Unmarshal(raw, &b); err != nil {
		s.fail("noveum json", err)
		return
	}
	var spans int64
	for _, t := range b.Traces {
		spans += int64(len(t.Spans))
	}
	s.noveumTraces.Add(int64(len(b.Traces)))
	s.noveumSpans.Add(spans)
}

func (s *countingSink) decodeOTLP(body []byte, gzipped bool) {
	s.otlpRequests.Add(1)
	s.otlpBytes.Add(int64(len(body)))
	raw, err := gunzip(body, gzipped)
	if err != nil {
		s.fail("otlp gzip", err)
		return
	}
	var req coltracepb.ExportTraceServiceRequest
	if err := proto.Unmarshal(raw, &req); err != nil {
		s.fail("otlp protobuf", err)
		return
	}
	var spans int64
	for _, rs := range req.GetResourceSpans() {
		for _, ss := range rs.GetScopeSpans() {
			spans += int64(len(ss.GetSpans()))
		}
	}
	s.otlpSpans.Add(spans)
}

// TestSinkProcess is the sink's process; it does nothing in a normal run.
func TestSinkProcess(t *testing.T) {
	if os.Getenv(sinkProcessEnv) != "1" {
		t.Skip("the end-to-end sink's child process; started by the end-to-end tests")
	}
	s := &countingSink{}
	control := http.NewServeMux()
	control.HandleFunc("/counts", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(s.counts())
	})
	var servers []*http.Server
	var addrs []string
	for _, h := range []http.Handler{s.receive(s.decodeNoveum), s.receive(s.decodeOTLP), control} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
		go func() { _ = srv.Serve(ln) }()
		servers = append(servers, srv)
		addrs = append(addrs, "http://"+ln.Addr().String())
	}
	fmt.Printf("E2E-SINK %s %s %s\n", addrs[0], addrs[1], addrs[2])
	_, _ = io.Copy(io.Discard, os.Stdin) // the parent closes stdin to stop us
	for _, srv := range servers {
		_ = srv.Close()
	}
	s.inflight.Wait()
}

// sinkProcess is the parent's handle on the sink's process.
type sinkProcess struct {
	NoveumURL, OTLPURL, controlURL string
	client                         *http.Client
}

// startSinkProcess starts the sink in a child process and stops it when
// the test ends.
func startSinkProcess(tb testing.TB) *sinkProcess {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSinkProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), sinkProcessEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatalf("starting the sink process: %v", err)
	}
	drained := make(chan struct{})
	tb.Cleanup(func() {
		_ = stdin.Close()
		<-drained
		if err := cmd.Wait(); err != nil {
			tb.Errorf("sink process: %v", err)
		}
	})
	lines := bufio.NewReader(stdout)
	var line string
	for {
		line, err = lines.ReadString('\n')
		if err != nil {
			close(drained)
			tb.Fatalf("the sink process printed no addresses: %v", err)
		}
		if strings.HasPrefix(line, "E2E-SINK ") {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, lines); close(drained) }()
	f := strings.Fields(line)
	return &sinkProcess{NoveumURL: f[1], OTLPURL: f[2], controlURL: f[3],
		client: &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: time.Minute}}
}

// counts returns everything the sink has received, once it has decoded
// every request it answered.
func (p *sinkProcess) counts(tb testing.TB) sinkCounts {
	tb.Helper()
	resp, err := p.client.Get(p.controlURL + "/counts")
	if err != nil {
		tb.Fatalf("reading the sink's counts: %v", err)
	}
	defer resp.Body.Close()
	var c sinkCounts
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil {
		tb.Fatalf("decoding the sink's counts: %v", err)
	}
	return c
}
