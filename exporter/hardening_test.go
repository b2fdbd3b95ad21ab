package exporter_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/goleak"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// Tests of the exporter against a hostile or broken endpoint and careless
// callers: redirects (never followed, so the key is not sent elsewhere),
// Retry-After floods, secrets in errors, poison spans, nil contexts, the
// accounting of split requests and early failure reports.

// nilCtx is a nil context held in a variable, as a caller's bug would pass it.
var nilCtx context.Context

func TestNilContextIsAnErrorNotAPanic(t *testing.T) {
	t.Run("ForceFlush", func(t *testing.T) {
		h := newHarness(t, nil)
		emitTraces(h, 1)
		err := h.exp.ForceFlush(nilCtx)
		require.ErrorContains(t, err, "nil context")
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		require.NoError(t, h.exp.ForceFlush(ctx), "the exporter still flushes")
		require.NoError(t, h.exp.Shutdown(ctx), "and shuts down")
		assert.Len(t, h.srv.Traces(), 1)
	})
	t.Run("Shutdown", func(t *testing.T) {
		srv := noveumtest.NewServer()
		defer srv.Close()
		ignore := goleak.IgnoreCurrent()
		exp, err := exporter.New(context.Background(), exporter.WithEndpoint(srv.URL), exporter.WithErrorHandler(func(error) {}))
		require.NoError(t, err)
		tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
		emitTraces(&harness{tp: tp}, 2)
		require.ErrorContains(t, exp.Shutdown(nilCtx), "nil context")
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		require.NoError(t, exp.Shutdown(ctx), "a later Shutdown with a real context works")
		assert.Len(t, srv.Traces(), 2, "and flushes")
		goleak.VerifyNone(t, ignore)
	})
	t.Run("New", func(t *testing.T) {
		exp, err := exporter.New(nilCtx, exporter.WithEndpoint("http://127.0.0.1:4319/api"))
		require.ErrorContains(t, err, "nil context")
		assert.Nil(t, exp)
	})
	t.Run("ExportSpans", func(t *testing.T) {
		h := newHarness(t, nil)
		rec := &recorder{}
		tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
		emitTraces(&harness{tp: tp}, 1)
		err := h.exp.ExportSpans(nilCtx, rec.spans())
		require.ErrorContains(t, err, "nil context")
		require.NoError(t, h.exp.ExportSpans(context.Background(), rec.spans()))
		h.flush()
		assert.Len(t, h.srv.Traces(), 1)
		requireConserved(t, h.exp.Stats())
	})
}

// recorder keeps ended spans.
type recorder struct {
	mu sync.Mutex
	s  []sdktrace.ReadOnlySpan
}

func (r *recorder) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (r *recorder) OnEnd(s sdktrace.ReadOnlySpan) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.s = append(r.s, s)
}
func (r *recorder) Shutdown(context.Context) error   { return nil }
func (r *recorder) ForceFlush(context.Context) error { return nil }
func (r *recorder) spans() []sdktrace.ReadOnlySpan {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]sdktrace.ReadOnlySpan(nil), r.s...)
}

func TestRedirectsAreNeverFollowed(t *testing.T) {
	const key = "nv_redirect_key_0123456789"
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, own := range []bool{true, false} {
			t.Run(fmt.Sprintf("%d own client=%v", status, own), func(t *testing.T) {
				var targetHits atomic.Int32
				var gotAuth atomic.Value
				target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					targetHits.Add(1)
					gotAuth.Store(r.Header.Get("Authorization"))
					w.WriteHeader(200)
				}))
				defer target.Close()
				location := target.URL + "/api/v1/traces"
				var hits atomic.Int32
				origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					hits.Add(1)
					_, _ = io.Copy(io.Discard, r.Body)
					http.Redirect(w, r, location, status)
				}))
				defer origin.Close()

				log := &errorLog{}
				opts := []exporter.Option{
					exporter.WithEndpoint(origin.URL + "/api"), exporter.WithAPIKey(key), exporter.WithProject("p"),
					exporter.WithErrorHandler(log.handle),
					exporter.WithConfigOptions(config.WithTraceGrace(0), config.WithBatchDelay(time.Minute)),
				}
				client := &http.Client{}
				if !own {
					opts = append(opts, exporter.WithHTTPClient(client))
				}
				exp, err := exporter.New(context.Background(), opts...)
				require.NoError(t, err)
				tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
				emitTraces(&harness{tp: tp}, 3)
				require.NoError(t, tp.Shutdown(context.Background()))

				assert.Zero(t, targetHits.Load(), "the redirect is not followed")
				assert.Nil(t, gotAuth.Load(), "the key never reaches the redirect target")
				assert.Equal(t, int32(1), hits.Load(), "a redirect is not retried")
				assert.Nil(t, client.CheckRedirect, "the user's client is not changed")
				s := exp.Stats()
				assert.Zero(t, s.SpansSent)
				assert.Zero(t, s.TracesSent)
				assert.Equal(t, int64(3), s.SpansDropped[exporter.DropPermanentError])
				assert.Equal(t, int64(3), s.TracesDropped[exporter.DropPermanentError])
				drops := log.drops(exporter.DropPermanentError)
				require.Len(t, drops, 1)
				var herr *exporter.HTTPError
				require.ErrorAs(t, drops[0], &herr)
				assert.Equal(t, status, herr.StatusCode)
				assert.Equal(t, location, herr.Location)
				assert.Contains(t, drops[0].Error(), location)
				assert.Contains(t, drops[0].Error(), "wrong endpoint")
			})
		}
	}
}

func TestZeroOrPastRetryAfterKeepsTheBackoff(t *testing.T) {
	for _, ra := range []string{"0", clockStart.Add(-time.Hour).Format(http.TimeFormat)} {
		t.Run(ra, func(t *testing.T) {
			fc := exporter.NewFakeClock(clockStart)
			h := newHarness(t, nil, exporter.WithClock(fc), exporter.WithConfigOptions(config.WithRetryBudget(1500*time.Millisecond)))
			for range 200 {
				h.srv.Script(noveumtest.Response{Status: 429, RetryAfter: ra})
			}
			emitTraces(h, 1)
			h.flush()
			// Backoff from 500 ms, doubling, ±50%: at most four attempts fit in 1.5 s.
			assert.LessOrEqual(t, len(h.srv.Requests()), 4)
			for _, d := range fc.Sleeps() {
				assert.GreaterOrEqual(t, d, 250*time.Millisecond)
			}
			assert.Equal(t, int64(1), h.exp.Stats().SpansDropped[exporter.DropRetriesExhausted])
		})
	}
	t.Run("longer Retry-After wins", func(t *testing.T) {
		fc := exporter.NewFakeClock(clockStart)
		h := newHarness(t, nil, exporter.WithClock(fc))
		h.srv.Script(noveumtest.Response{Status: 503, RetryAfter: "4"})
		emitTraces(h, 1)
		h.flush()
		assert.Equal(t, []time.Duration{4 * time.Second}, fc.Sleeps())
	})
}

// keyFingerprint is what config keeps beside the key to tell where it came from.
func keyFingerprint(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}

func TestAPIKeyIsNeverPrintable(t *testing.T) {
	const key = "KEYzzSECRET_0123456789_qwerty"
	srv := noveumtest.NewServer()
	defer srv.Close()
	// The service echoes the key at byte 490: the 512-byte excerpt must not
	// keep its first characters.
	srv.Script(noveumtest.Response{Status: 400, Body: strings.Repeat("a", 490) + key + strings.Repeat("b", 100)})
	log := &errorLog{}
	exp, err := exporter.New(context.Background(), exporter.WithEndpoint(srv.URL), exporter.WithAPIKey(key),
		exporter.WithProject("p"), exporter.WithErrorHandler(log.handle),
		exporter.WithConfigOptions(config.WithTraceGrace(0)))
	require.NoError(t, err)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
	emitTraces(&harness{tp: tp}, 1)
	require.NoError(t, tp.ForceFlush(context.Background()))
	drops := log.drops(exporter.DropPermanentError)
	require.Len(t, drops, 1)
	var herr *exporter.HTTPError
	require.ErrorAs(t, drops[0], &herr)
	assert.Contains(t, herr.Body, "[REDACTED]")

	cfg := exp.Config()
	require.Equal(t, key, cfg.APIKey, "Config still returns the key to the program")
	values := map[string]any{
		"*Exporter":     exp,
		"Config":        cfg,
		"*Config":       &cfg,
		"HTTPError":     herr,
		"HTTPError val": *herr,
		"DropError":     drops[0],
		"DropError val": *drops[0],
		"in a struct":   struct{ E *exporter.Exporter }{exp},
	}
	secrets := []string{key[:6], keyFingerprint(key)}
	for name, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			out := fmt.Sprintf(verb, v)
			for _, s := range secrets {
				assert.NotContains(t, out, s, "%s printed with %s", name, verb)
			}
		}
	}
	for _, e := range log.all() {
		assert.NotContains(t, e.Error(), key[:6])
	}
	require.NoError(t, tp.Shutdown(context.Background()))
	assert.NotContains(t, fmt.Sprintf("%+v", exp), key[:6])
}

// leakyTransport fails with an error that quotes the key, wrapping sentinel.
type leakyTransport struct{ key string }

var errSentinel = errors.New("proxy refused")

func (l leakyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
	return nil, fmt.Errorf("proxy saw %q: %w", r.Header.Get("Authorization"), errSentinel)
}

func TestTransportErrorsAreScrubbedAndStillUnwrap(t *testing.T) {
	const key = "KEYzzSECRET_transport_987654"
	log := &errorLog{}
	exp, err := exporter.New(context.Background(), exporter.WithEndpoint("http://127.0.0.1:1/api"), exporter.WithAPIKey(key),
		exporter.WithProject("p"), exporter.WithErrorHandler(log.handle),
		exporter.WithHTTPClient(&http.Client{Transport: leakyTransport{key}}),
		exporter.WithConfigOptions(config.WithTraceGrace(0), config.WithRetryBudget(0)))
	require.NoError(t, err)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
	emitTraces(&harness{tp: tp}, 1)
	require.NoError(t, tp.Shutdown(context.Background()))
	drops := log.drops(exporter.DropRetriesExhausted)
	require.Len(t, drops, 1)
	assert.NotContains(t, drops[0].Error(), key[:6])
	assert.Contains(t, drops[0].Error(), "[REDACTED]")
	assert.ErrorIs(t, drops[0], errSentinel, "errors.Is still reaches the cause")
	for e := error(drops[0]); e != nil; e = errors.Unwrap(e) {
		assert.NotContains(t, e.Error(), key[:6], "no error of the chain shows the key")
	}
}

// deepMap nests a map n levels deep.
func deepValue(n int, slice bool) attribute.Value {
	v := attribute.StringValue("bottom")
	for i := range n {
		if slice && i%2 == 0 {
			v = attribute.SliceValue(v, attribute.IntValue(i))
		} else {
			v = attribute.MapValue(attribute.KeyValue{Key: "k", Value: v})
		}
	}
	return v
}

// depthOf returns how deeply v nests arrays and objects.
func depthOf(v any) int {
	switch x := v.(type) {
	case map[string]any:
		d := 0
		for _, e := range x {
			d = max(d, depthOf(e))
		}
		return d + 1
	case []any:
		d := 0
		for _, e := range x {
			d = max(d, depthOf(e))
		}
		return d + 1
	}
	return 0
}

func TestDeepValuesAreBoundedAndDecode(t *testing.T) {
	h := newHarness(t, nil)
	// The SDK cuts values at 64 levels by default; the review's probe
	// lifted that limit, as a program may (or a span may come from
	// elsewhere through ExportSpans).
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(h.exp), sdktrace.WithAttributeValueDepthLimit(-1))
	tr := tp.Tracer("t")
	_, s := tr.Start(context.Background(), "deep")
	s.SetAttributes(
		attribute.KeyValue{Key: "deep.map", Value: deepValue(10000, false)},
		attribute.KeyValue{Key: "deep.mixed", Value: deepValue(2000, true)},
		attribute.KeyValue{Key: "shallow", Value: deepValue(10, true)},
	)
	s.End()
	h.flush()
	requireAllAccepted(t, h.srv)
	spans := h.srv.Spans()
	require.Len(t, spans, 1)
	for _, k := range []string{"deep.map", "deep.mixed"} {
		v, ok := spans[0].Attr(k)
		require.True(t, ok, k)
		assert.LessOrEqual(t, depthOf(v), exporter.MaxValueDepth, k)
		assert.Contains(t, fmt.Sprint(v), "…[truncated", "the cut is marked")
	}
	v, _ := spans[0].Attr("shallow")
	assert.Equal(t, 10, depthOf(v), "values within the bound are whole")
	assert.Positive(t, h.exp.Stats().ValuesTruncated)

	reqs := h.srv.Requests()
	require.Len(t, reqs, 1)
	var anyBody any
	require.NoError(t, json.Unmarshal(reqs[0].Body, &anyBody))
	if py, err := exec.LookPath("python3"); err == nil {
		cmd := exec.Command(py, "-c", "import json,sys; json.load(sys.stdin)")
		cmd.Stdin = bytes.NewReader(reqs[0].Body)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "Python's json refuses the body: %s", out)
	}
}

// pickyServer accepts traces, except that it answers 400 to any request
// holding a trace named "poison".
type pickyServer struct {
	*httptest.Server
	mu       sync.Mutex
	names    []string
	requests int
}

func newPickyServer() *pickyServer {
	p := &pickyServer{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Traces []struct {
				Name string `json:"name"`
			} `json:"traces"`
		}
		var in io.Reader = r.Body
		if r.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(r.Body)
			if err != nil {
				http.Error(w, err.Error(), 400)
				return
			}
			in = zr
		}
		err := json.NewDecoder(in).Decode(&body)
		p.mu.Lock()
		defer p.mu.Unlock()
		p.requests++
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		for _, t := range body.Traces {
			if t.Name == "poison" {
				http.Error(w, `{"error":"invalid trace"}`, 400)
				return
			}
		}
		for _, t := range body.Traces {
			p.names = append(p.names, t.Name)
		}
		_, _ = w.Write([]byte(`{"success":true}`))
	}))
	return p
}

func TestOnePoisonTraceCostsOnlyItself(t *testing.T) {
	for _, tt := range []struct {
		gzip bool
		n    int
	}{{false, 1000}, {true, 256}} {
		gzip, n := tt.gzip, tt.n
		t.Run(fmt.Sprintf("gzip=%v", gzip), func(t *testing.T) {
			srv := newPickyServer()
			defer srv.Close()
			log := &errorLog{}
			opts := []exporter.Option{exporter.WithEndpoint(srv.URL), exporter.WithErrorHandler(log.handle),
				exporter.WithConfigOptions(config.WithTraceGrace(0), config.WithBatchDelay(time.Minute),
					config.WithBatchSize(1000), config.WithBatchMaxBytes(8<<20))}
			if gzip {
				opts = append(opts, exporter.WithGzip())
			}
			exp, err := exporter.New(context.Background(), opts...)
			require.NoError(t, err)
			tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
			tr := tp.Tracer("t")
			for i := range n {
				name := fmt.Sprintf("good-%d", i)
				if i == n*5/8 {
					name = "poison"
				}
				_, s := tr.Start(context.Background(), name)
				s.End()
			}
			require.NoError(t, tp.Shutdown(context.Background()))

			srv.mu.Lock()
			defer srv.mu.Unlock()
			assert.Len(t, srv.names, n-1, "every good trace is delivered")
			assert.NotContains(t, srv.names, "poison")
			// Halving: the first request, then two per level, log2(n) levels.
			assert.LessOrEqual(t, srv.requests, 1+2*bits.Len(uint(n-1)))
			s := exp.Stats()
			assert.Equal(t, int64(n-1), s.SpansSent)
			assert.Equal(t, int64(n-1), s.TracesSent)
			assert.Equal(t, int64(1), s.SpansDropped[exporter.DropPermanentError])
			assert.Equal(t, int64(1), s.TracesDropped[exporter.DropPermanentError])
			requireTracesConserved(t, s)
			drops := log.drops(exporter.DropPermanentError)
			require.Len(t, drops, 1)
			var herr *exporter.HTTPError
			require.ErrorAs(t, drops[0], &herr)
			assert.Equal(t, 400, herr.StatusCode)
			assert.Equal(t, 1, herr.Traces)
		})
	}
}

func TestBadRequestForASingleTraceIsPermanent(t *testing.T) {
	h := newHarness(t, nil)
	h.srv.Script(noveumtest.Response{Status: 400})
	tr := h.tp.Tracer("t")
	ctx, root := tr.Start(context.Background(), "root")
	for range 3 {
		_, s := tr.Start(ctx, "child")
		s.End()
	}
	root.End()
	h.flush()
	assert.Equal(t, []int{400}, statuses(h.srv), "a trace is not split by its spans on 400")
	s := h.exp.Stats()
	assert.Equal(t, int64(4), s.SpansDropped[exporter.DropPermanentError])
	assert.Equal(t, int64(1), s.TracesDropped[exporter.DropPermanentError])
	requireTracesConserved(t, s)
}

// requireTracesConserved checks the trace counters' invariant.
func requireTracesConserved(t *testing.T, s exporter.Stats) {
	t.Helper()
	var dropped int64
	for _, n := range s.TracesDropped {
		dropped += n
	}
	require.Equal(t, s.TracesReceived, s.TracesSent+dropped+s.TracesPending, "traces must be conserved: %+v", s)
	require.GreaterOrEqual(t, s.TracesPending, int64(0))
}

func TestTraceCountersAfterSplitsDropsAndContinuations(t *testing.T) {
	h := newHarness(t, nil)
	// Five traces of eight spans; 413 until each trace goes in parts.
	h.srv.Script(noveumtest.Response{Status: 413}, noveumtest.Response{Status: 413},
		noveumtest.Response{Status: 413}, noveumtest.Response{Status: 413})
	tr := h.tp.Tracer("t")
	for i := range 5 {
		ctx, root := tr.Start(context.Background(), fmt.Sprintf("root-%d", i))
		for range 7 {
			_, s := tr.Start(ctx, "child")
			s.End()
		}
		root.End()
	}
	h.flush()
	s := h.exp.Stats()
	assert.Equal(t, int64(5), s.TracesReceived)
	assert.Equal(t, int64(5), s.TracesSent, "a trace sent in parts counts once")
	assert.Zero(t, s.ContinuationTraces, "split parts are not continuations")
	assert.Positive(t, s.SplitParts)
	assert.Equal(t, int64(40), s.SpansSent)
	requireTracesConserved(t, s)
	parts := len(h.srv.Traces())
	assert.Equal(t, int64(parts-5), s.SplitParts, "every part beyond a trace's first is counted")

	// A trace split in two, one part refused for good: dropped once.
	h.srv.Reset()
	h.srv.Script(noveumtest.Response{Status: 413}, noveumtest.Response{Status: 200}, noveumtest.Response{Status: 422})
	ctx, root := tr.Start(context.Background(), "half-lost")
	for range 3 {
		_, c := tr.Start(ctx, "child")
		c.End()
	}
	root.End()
	h.flush()
	s = h.exp.Stats()
	assert.Equal(t, int64(6), s.TracesReceived)
	assert.Equal(t, int64(5), s.TracesSent)
	assert.Equal(t, int64(1), s.TracesDropped[exporter.DropPermanentError])
	requireTracesConserved(t, s)
	requireConserved(t, s)

	// A continuation: a late span of a sent trace.
	ctx, root = tr.Start(context.Background(), "early")
	_, late := tr.Start(ctx, "late")
	root.End()
	h.flush()
	late.End()
	h.flush()
	s = h.exp.Stats()
	assert.Equal(t, int64(1), s.ContinuationTraces)
	assert.Equal(t, int64(8), s.TracesReceived)
	assert.Equal(t, int64(7), s.TracesSent)
	requireTracesConserved(t, s)
}

func TestTraceCountersAfterShutdownDrops(t *testing.T) {
	h := newHarness(t, nil, exporter.WithConfigOptions(config.WithTraceGrace(time.Minute)))
	h.srv.Script(noveumtest.Response{Delay: time.Hour})
	tr := h.tp.Tracer("t")
	ctx, root := tr.Start(context.Background(), "root")
	_, c := tr.Start(ctx, "child")
	c.End()
	require.NoError(t, h.exp.Assembled(context.Background()))
	sctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	require.Error(t, h.exp.Shutdown(sctx))
	root.End()
	s := h.exp.Stats()
	assert.Equal(t, int64(1), s.TracesReceived)
	assert.Equal(t, int64(1), s.TracesDropped[exporter.DropShutdown])
	requireTracesConserved(t, s)
	assert.Zero(t, s.TracesPending)
}

// capture installs an otel error handler for the test.
func capture(t *testing.T) func() []error {
	var mu sync.Mutex
	var got []error
	otel.SetErrorHandler(handlerFunc(func(err error) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, err)
	}))
	t.Cleanup(func() { otel.SetErrorHandler(handlerFunc(func(error) {})) })
	return func() []error {
		mu.Lock()
		defer mu.Unlock()
		return append([]error(nil), got...)
	}
}

func TestFirstFailedAttemptIsReportedAtOnce(t *testing.T) {
	t.Run("unreachable endpoint", func(t *testing.T) {
		got := capture(t)
		dead := httptest.NewServer(http.NotFoundHandler())
		url := dead.URL
		dead.Close()
		fc := exporter.NewFakeClock(clockStart)
		var exp *exporter.Exporter
		var requestsAtFirstReport atomic.Int64
		requestsAtFirstReport.Store(-1)
		var err error
		exp, err = exporter.New(context.Background(), exporter.WithEndpoint(url), exporter.WithClock(fc),
			exporter.WithConfigOptions(config.WithTraceGrace(0), config.WithRetryBudget(10*time.Second)),
			exporter.WithErrorHandler(func(err error) {
				requestsAtFirstReport.CompareAndSwap(-1, exp.Stats().Requests)
				otel.Handle(err)
			}))
		require.NoError(t, err)
		tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
		emitTraces(&harness{tp: tp}, 2)
		require.NoError(t, tp.Shutdown(context.Background()))

		errs := got()
		require.Len(t, errs, 2, "the first failure, then the outcome: %v", errs)
		assert.Equal(t, int64(1), requestsAtFirstReport.Load(), "reported after the first attempt, before any retry")
		var rerr *exporter.RetryError
		require.ErrorAs(t, errs[0], &rerr)
		assert.Equal(t, 2, rerr.Spans)
		assert.False(t, rerr.Delivered)
		assert.Contains(t, errs[0].Error(), url)
		var derr *exporter.DropError
		require.ErrorAs(t, errs[1], &derr)
		assert.Equal(t, exporter.DropRetriesExhausted, derr.Reason)
		assert.Greater(t, exp.Stats().Requests, int64(2))
	})
	t.Run("recovers", func(t *testing.T) {
		got := capture(t)
		srv := noveumtest.NewServer()
		defer srv.Close()
		srv.Script(noveumtest.Response{Status: 503}, noveumtest.Response{Status: 502}, noveumtest.Response{Status: 503})
		fc := exporter.NewFakeClock(clockStart)
		exp, err := exporter.New(context.Background(), exporter.WithEndpoint(srv.URL), exporter.WithClock(fc),
			exporter.WithConfigOptions(config.WithTraceGrace(0)))
		require.NoError(t, err)
		tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
		emitTraces(&harness{tp: tp}, 1)
		require.NoError(t, tp.Shutdown(context.Background()))
		errs := got()
		require.Len(t, errs, 2, "%v", errs)
		var first, outcome *exporter.RetryError
		require.ErrorAs(t, errs[0], &first)
		require.ErrorAs(t, errs[1], &outcome)
		assert.False(t, first.Delivered)
		assert.True(t, outcome.Delivered)
		assert.Equal(t, 4, outcome.Attempts)
		var herr *exporter.HTTPError
		require.ErrorAs(t, errs[0], &herr)
		assert.Equal(t, 503, herr.StatusCode)
		assert.Contains(t, errs[1].Error(), "delivered after 4 attempts")
	})
}

func TestNotFoundExplainsTheEndpoint(t *testing.T) {
	got := capture(t)
	srv := noveumtest.NewServer()
	defer srv.Close()
	endpoint := srv.URL + "/v1/traces" // a common mistake: the full URL
	exp, err := exporter.New(context.Background(), exporter.WithEndpoint(endpoint),
		exporter.WithConfigOptions(config.WithTraceGrace(0)))
	require.NoError(t, err)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
	emitTraces(&harness{tp: tp}, 1)
	require.NoError(t, tp.Shutdown(context.Background()))
	errs := got()
	require.Len(t, errs, 1)
	msg := errs[0].Error()
	assert.Contains(t, msg, "API base URL")
	assert.Contains(t, msg, "/v1/traces is added")
	assert.Contains(t, msg, endpoint+"/v1/traces", "the URL tried")
	var herr *exporter.HTTPError
	require.ErrorAs(t, errs[0], &herr)
	assert.Equal(t, endpoint+"/v1/traces", herr.URL)
}

func TestBadRequestForEverythingIsNotAFlood(t *testing.T) {
	h := newHarness(t, nil, exporter.WithConfigOptions(config.WithBatchSize(1000)))
	for range 500 {
		h.srv.Script(noveumtest.Response{Status: 400})
	}
	emitTraces(h, 64)
	h.flush()
	// Without a bound, isolating every trace would take 127 requests.
	reqs := len(h.srv.Requests())
	assert.Less(t, reqs, 64, "the search for refused traces is bounded")
	s := h.exp.Stats()
	assert.Equal(t, int64(64), s.SpansDropped[exporter.DropPermanentError])
	assert.Equal(t, int64(64), s.TracesDropped[exporter.DropPermanentError])
	requireTracesConserved(t, s)
	requireConserved(t, s)
}
