package redact_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/noveumtest"
	"github.com/Noveum/noveum-trace-go/redact"
	"github.com/Noveum/noveum-trace-go/semconv"
)

const (
	email  = "jane.doe@example.com"
	email2 = "bob@example.org"
	label  = "[REDACTED:EMAIL]"
	secret = "[REDACTED:SECRET]"
)

// recorder is a next processor that keeps what it is handed.
type recorder struct {
	mu                       sync.Mutex
	started                  int
	ended                    []sdktrace.ReadOnlySpan
	flushes, shutdowns       int
	flushErr, shutdownErrVal error
}

func (r *recorder) OnStart(context.Context, sdktrace.ReadWriteSpan) {
	r.mu.Lock()
	r.started++
	r.mu.Unlock()
}

func (r *recorder) OnEnd(s sdktrace.ReadOnlySpan) {
	r.mu.Lock()
	r.ended = append(r.ended, s)
	r.mu.Unlock()
}

func (r *recorder) ForceFlush(context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.flushes++
	return r.flushErr
}

func (r *recorder) Shutdown(context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.shutdowns++
	return r.shutdownErrVal
}

func (r *recorder) spans() []sdktrace.ReadOnlySpan {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]sdktrace.ReadOnlySpan(nil), r.ended...)
}

// newProvider returns a provider whose spans go through a redact
// Processor into a recorder, and, first, into raw, which sees the
// originals.
func newProvider(t *testing.T, res *resource.Resource, opts ...redact.Option) (*sdktrace.TracerProvider, *recorder, *recorder, *redact.Processor) {
	t.Helper()
	next, raw := &recorder{}, &recorder{}
	p, err := redact.NewProcessor(next, opts...)
	require.NoError(t, err)
	popts := []sdktrace.TracerProviderOption{sdktrace.WithSpanProcessor(raw), sdktrace.WithSpanProcessor(p)}
	if res != nil {
		popts = append(popts, sdktrace.WithResource(res))
	}
	return sdktrace.NewTracerProvider(popts...), next, raw, p
}

var linked = trace.NewSpanContext(trace.SpanContextConfig{
	TraceID: trace.TraceID{1, 2, 3}, SpanID: trace.SpanID{4, 5, 6}, TraceFlags: trace.FlagsSampled,
})

// piiSpan ends a span with personal data in every place a span can hold it.
func piiSpan(tp trace.TracerProvider) {
	_, span := tp.Tracer("test").Start(context.Background(), "chat gpt-4o",
		trace.WithLinks(trace.Link{SpanContext: linked, Attributes: []attribute.KeyValue{attribute.String("link.note", "from "+email)}}),
		trace.WithAttributes(
			attribute.String("user.note", "write to "+email+" today"),
			attribute.StringSlice("user.cc", []string{"none", email2}),
			attribute.Map("user.profile",
				attribute.String("contact", email),
				attribute.String("password", "hunter2"),
				attribute.Int("age", 42),
				attribute.StringSlice("aliases", []string{"jd", email2})),
			attribute.Slice("mixed", attribute.IntValue(1), attribute.StringValue(email), attribute.BoolValue(true)),
			semconv.GenAIInputMessages(attribute.StringValue(`[{"role":"user","parts":[{"type":"text","content":"I am `+email+`"}]}]`)),
			semconv.GenAIRequestModel("gpt-4o"),
			semconv.GenAIResponseID(email), // allowed: never touched
			semconv.GenAIUsageInputTokens(1200),
			attribute.String("db.password", "hunter2"),
			attribute.String("http.request.header.authorization", "Basic dXNlcjpwYXNz"),
		))
	span.AddEvent("exception", trace.WithAttributes(
		semconv.ExceptionMessage("no account for "+email),
		semconv.ExceptionStacktrace("main.lookup(\""+email+"\")\n\tmain.go:12"),
		semconv.ExceptionType("*errors.errorString"),
	))
	span.AddEvent("note", trace.WithAttributes(attribute.String("plain", "nothing here")))
	span.SetStatus(codes.Error, "lookup of "+email+" failed")
	span.End()
}

func attrMap(kvs []attribute.KeyValue) map[attribute.Key]attribute.Value {
	m := make(map[attribute.Key]attribute.Value, len(kvs))
	for _, kv := range kvs {
		m[kv.Key] = kv.Value
	}
	return m
}

func TestRedactsEveryPlace(t *testing.T) {
	ownerRes := resource.NewSchemaless(attribute.String("service.owner", email))
	tp, next, raw, _ := newProvider(t, ownerRes)
	piiSpan(tp)

	require.Len(t, next.spans(), 1)
	got := next.spans()[0]
	require.NotSame(t, raw.spans()[0], got, "a redacted span is a copy")
	a := attrMap(got.Attributes())
	assert.Equal(t, "write to "+label+" today", a["user.note"].AsString())
	assert.Equal(t, []string{"none", label}, a["user.cc"].AsStringSlice())
	profile := attrMap(a["user.profile"].AsMap())
	assert.Equal(t, label, profile["contact"].AsString())
	assert.Equal(t, secret, profile["password"].AsString(), "a sensitive key inside a map")
	assert.Equal(t, int64(42), profile["age"].AsInt64())
	assert.Equal(t, []string{"jd", label}, profile["aliases"].AsStringSlice())
	mixed := a["mixed"].AsSlice()
	require.Len(t, mixed, 3)
	assert.Equal(t, int64(1), mixed[0].AsInt64())
	assert.Equal(t, label, mixed[1].AsString())
	assert.True(t, mixed[2].AsBool())
	assert.Equal(t, `[{"role":"user","parts":[{"type":"text","content":"I am `+label+`"}]}]`, a[semconv.GenAIInputMessagesKey].AsString())
	assert.Equal(t, "gpt-4o", a[semconv.GenAIRequestModelKey].AsString())
	assert.Equal(t, email, a[semconv.GenAIResponseIDKey].AsString(), "allow-listed keys are never touched")
	assert.Equal(t, int64(1200), a[semconv.GenAIUsageInputTokensKey].AsInt64())
	assert.Equal(t, secret, a["db.password"].AsString())
	assert.Equal(t, secret, a["http.request.header.authorization"].AsString())

	ev := got.Events()
	require.Len(t, ev, 2)
	ea := attrMap(ev[0].Attributes)
	assert.Equal(t, "no account for "+label, ea[semconv.ExceptionMessageKey].AsString())
	assert.Equal(t, "main.lookup(\""+label+"\")\n\tmain.go:12", ea[semconv.ExceptionStacktraceKey].AsString())
	assert.Equal(t, "*errors.errorString", ea[semconv.ExceptionTypeKey].AsString())
	assert.Equal(t, "nothing here", attrMap(ev[1].Attributes)["plain"].AsString())

	require.Len(t, got.Links(), 1)
	assert.Equal(t, "from "+label, attrMap(got.Links()[0].Attributes)["link.note"].AsString())
	assert.Equal(t, linked, got.Links()[0].SpanContext)
	assert.Equal(t, sdktrace.Status{Code: codes.Error, Description: "lookup of " + label + " failed"}, got.Status())

	// Resource redaction is opt-in.
	assert.Same(t, raw.spans()[0].Resource(), got.Resource())
	// Everything else is the original's.
	orig := raw.spans()[0]
	assert.Equal(t, orig.Name(), got.Name())
	assert.Equal(t, orig.SpanContext(), got.SpanContext())
	assert.Equal(t, orig.StartTime(), got.StartTime())
	assert.Equal(t, orig.EndTime(), got.EndTime())
	assert.Equal(t, orig.InstrumentationScope(), got.InstrumentationScope())
}

func TestResourceAttributesOptIn(t *testing.T) {
	res := resource.NewSchemaless(attribute.String("service.owner", email), attribute.String("service.name", "bot"))
	tp, next, raw, _ := newProvider(t, res, redact.WithResourceAttributes(true))
	for range 2 { // the second span uses the cached result
		_, span := tp.Tracer("test").Start(context.Background(), "work")
		span.End()
	}
	for i, got := range next.spans() {
		r := attrMap(got.Resource().Attributes())
		assert.Equal(t, label, r["service.owner"].AsString(), i)
		assert.Equal(t, "bot", r["service.name"].AsString(), i)
		assert.Equal(t, int64(1), attrMap(got.Attributes())[semconv.NoveumRedactedCountKey].AsInt64(), i)
		assert.Equal(t, email, attrMap(raw.spans()[i].Resource().Attributes())["service.owner"].AsString())
	}
}

// snapshot copies what a span holds, deeply, to compare later.
func snapshot(s sdktrace.ReadOnlySpan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%v|", s.Name(), s.Status())
	for _, kv := range s.Attributes() {
		fmt.Fprintf(&b, "%s=%s;", kv.Key, kv.Value.String())
	}
	for _, e := range s.Events() {
		fmt.Fprintf(&b, "event %s:", e.Name)
		for _, kv := range e.Attributes {
			fmt.Fprintf(&b, "%s=%s;", kv.Key, kv.Value.String())
		}
	}
	for _, l := range s.Links() {
		for _, kv := range l.Attributes {
			fmt.Fprintf(&b, "link %s=%s;", kv.Key, kv.Value.String())
		}
	}
	for _, kv := range s.Resource().Attributes() {
		fmt.Fprintf(&b, "res %s=%s;", kv.Key, kv.Value.String())
	}
	return b.String()
}

// concurrentReader is a processor that keeps reading the original spans
// while the redactor works on them.
type concurrentReader struct {
	recorder
	wg sync.WaitGroup
}

func (c *concurrentReader) OnEnd(s sdktrace.ReadOnlySpan) {
	c.recorder.OnEnd(s)
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		for range 20 {
			_ = snapshot(s)
		}
	}()
}

func TestProcessorConcurrentSafe(t *testing.T) {
	res := resource.NewSchemaless(attribute.String("service.owner", email))
	next := &recorder{}
	p, err := redact.NewProcessor(next, redact.WithResourceAttributes(true), redact.WithSummaryKeyNames(true))
	require.NoError(t, err)
	reader := &concurrentReader{}
	after := &concurrentReader{} // registered after the redactor: must see originals too
	tp := sdktrace.NewTracerProvider(sdktrace.WithResource(res),
		sdktrace.WithSpanProcessor(reader), sdktrace.WithSpanProcessor(p), sdktrace.WithSpanProcessor(after))

	const n = 50
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { piiSpan(tp) })
	}
	wg.Wait()
	originals := reader.spans()
	before := make([]string, len(originals))
	for i, s := range originals {
		before[i] = snapshot(s)
	}
	// Reading the redacted copies concurrently is safe too.
	for _, s := range next.spans() {
		wg.Go(func() { _ = snapshot(s) })
	}
	wg.Wait()
	reader.wg.Wait()
	after.wg.Wait()

	require.Len(t, originals, n)
	require.Len(t, next.spans(), n)
	for i, s := range originals {
		assert.Equal(t, before[i], snapshot(s))
		assert.Contains(t, snapshot(s), email, "the original keeps its values")
	}
	for _, s := range after.spans() {
		assert.Contains(t, snapshot(s), email, "processors after the redactor see the original")
	}
	for _, s := range next.spans() {
		// gen_ai.response.id is allow-listed: it alone keeps its value.
		assert.NotContains(t, strings.Replace(snapshot(s), "gen_ai.response.id="+email, "", 1), email)
		assert.NotContains(t, snapshot(s), email2)
		assert.NotContains(t, snapshot(s), "hunter2")
	}
	st := p.Stats()
	assert.Equal(t, uint64(n), st.Spans)
	assert.Equal(t, uint64(n), st.SpansRedacted)
}

func TestOriginalNeverModified(t *testing.T) {
	tp, next, raw, _ := newProvider(t, nil, redact.WithSummaryKeyNames(true))
	piiSpan(tp)
	orig := raw.spans()[0]
	// The original, read after the redactor ran, still has every value.
	a := attrMap(orig.Attributes())
	assert.Equal(t, "write to "+email+" today", a["user.note"].AsString())
	assert.Equal(t, "hunter2", a["db.password"].AsString())
	assert.NotContains(t, a, semconv.NoveumRedactedCountKey)
	assert.Equal(t, "no account for "+email, attrMap(orig.Events()[0].Attributes)[semconv.ExceptionMessageKey].AsString())
	assert.Equal(t, "lookup of "+email+" failed", orig.Status().Description)
	assert.NotEqual(t, snapshot(orig), snapshot(next.spans()[0]))
}

func TestCleanSpanPassedThroughWithoutCopy(t *testing.T) {
	tp, next, raw, p := newProvider(t, nil)
	_, span := tp.Tracer("test").Start(context.Background(), "chat gpt-4o", trace.WithAttributes(
		semconv.GenAIRequestModel("gpt-4o"),
		semconv.GenAIInputMessages(attribute.StringValue(`[{"role":"user","parts":[{"type":"text","content":"What is the capital of France?\nThanks"}]}]`)),
		attribute.StringSlice("tags", []string{"a", "b"}),
		semconv.GenAIUsageInputTokens(12),
	))
	span.AddEvent("x", trace.WithAttributes(attribute.String("k", "v")))
	span.SetStatus(codes.Error, "timeout after 30s")
	span.End()
	require.Len(t, next.spans(), 1)
	assert.Same(t, raw.spans()[0], next.spans()[0], "a clean span reaches next as itself")
	assert.Equal(t, redact.Stats{Spans: 1, ByKind: map[redact.Kind]uint64{}}, p.Stats())
}

func TestSummary(t *testing.T) {
	for _, keyNames := range []bool{false, true} {
		t.Run(fmt.Sprint("keyNames=", keyNames), func(t *testing.T) {
			tp, next, _, p := newProvider(t, nil, redact.WithSummaryKeyNames(keyNames))
			piiSpan(tp)
			a := attrMap(next.spans()[0].Attributes())
			// EMAIL: user.note, user.cc, user.profile (2), mixed,
			// input messages, exception message and stacktrace, link,
			// status = 10. SECRET: profile password, db.password,
			// authorization = 3.
			assert.Equal(t, int64(13), a[semconv.NoveumRedactedCountKey].AsInt64())
			assert.Equal(t, []string{"EMAIL=10", "SECRET=3"}, a[semconv.NoveumRedactedKindsKey].AsStringSlice())
			keys, ok := a[semconv.NoveumRedactedKeysKey]
			assert.Equal(t, keyNames, ok)
			if keyNames {
				assert.Equal(t, []string{"db.password", "exception.message", "exception.stacktrace", "gen_ai.input.messages",
					"http.request.header.authorization", "link.note", "mixed", "user.cc", "user.note", "user.profile"}, keys.AsStringSlice())
			}
			for _, kv := range next.spans()[0].Attributes() {
				if strings.HasPrefix(string(kv.Key), "noveum.redacted.") {
					assert.NotContains(t, kv.Value.String(), "@", "the summary holds no values")
					assert.NotContains(t, kv.Value.String(), "hunter2")
				}
			}
			st := p.Stats()
			assert.Equal(t, redact.Stats{Spans: 1, SpansRedacted: 1, Values: 13,
				ByKind: map[redact.Kind]uint64{redact.KindEmail: 10, redact.KindSecret: 3}}, st)
		})
	}
}

func pseudonym(key []byte, kind, value string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(value))
	return kind + "_" + hex.EncodeToString(m.Sum(nil))[:12]
}

func TestPseudonymMode(t *testing.T) {
	key := []byte("0123456789abcdef-test-key")
	opts := []redact.Option{redact.WithMode(config.RedactModePseudonym), redact.WithKey(key)}
	tp1, next1, _, _ := newProvider(t, nil, opts...)
	tp2, next2, _, _ := newProvider(t, nil, opts...) // another process, same key
	for _, tp := range []*sdktrace.TracerProvider{tp1, tp2} {
		_, span := tp.Tracer("test").Start(context.Background(), "s", trace.WithAttributes(
			attribute.String("note", "mail "+email+" or "+email2),
			attribute.String("api_key", "hunter2"),
			semconv.GenAIInputMessages(attribute.StringValue(`{"to":"`+email+`"}`))))
		span.End()
	}
	want := map[attribute.Key]string{
		"note":                        "mail " + pseudonym(key, "EMAIL", email) + " or " + pseudonym(key, "EMAIL", email2),
		"api_key":                     pseudonym(key, "SECRET", "hunter2"),
		semconv.GenAIInputMessagesKey: `{"to":"` + pseudonym(key, "EMAIL", email) + `"}`,
	}
	for _, next := range []*recorder{next1, next2} {
		a := attrMap(next.spans()[0].Attributes())
		for k, v := range want {
			assert.Equal(t, v, a[k].AsString(), k)
		}
	}
	assert.Regexp(t, regexp.MustCompile(`^EMAIL_[0-9a-f]{12}$`), pseudonym(key, "EMAIL", email))

	// Another key, other pseudonyms.
	tp3, next3, _, _ := newProvider(t, nil, redact.WithMode(config.RedactModePseudonym), redact.WithKey([]byte("another key of 16+ bytes")))
	_, span := tp3.Tracer("test").Start(context.Background(), "s", trace.WithAttributes(attribute.String("note", email)))
	span.End()
	assert.NotEqual(t, pseudonym(key, "EMAIL", email), attrMap(next3.spans()[0].Attributes())["note"].AsString())
}

func TestNewProcessorErrors(t *testing.T) {
	key := "zq7Xk3-never-shown-9Lm2"
	for name, tc := range map[string]struct {
		opts []redact.Option
		is   error
		want string
	}{
		"pseudonym without key": {[]redact.Option{redact.WithMode(config.RedactModePseudonym)}, redact.ErrNoKey, "WithKey"},
		"short key":             {[]redact.Option{redact.WithMode(config.RedactModePseudonym), redact.WithKey([]byte(key[:15]))}, redact.ErrShortKey, "16"},
		"short key label mode":  {[]redact.Option{redact.WithKey([]byte(key[:3]))}, redact.ErrShortKey, "16"},
		"unknown mode":          {[]redact.Option{redact.WithMode("hash")}, nil, `unknown mode "hash"`},
		"rule without pattern":  {[]redact.Option{redact.WithRules(redact.Rule{Label: "ORDER"})}, nil, ""},
		"bad key glob":          {[]redact.Option{redact.WithSensitiveKeys("x[")}, nil, "x["},
		"empty key pattern":     {[]redact.Option{redact.WithAllowKeys("")}, nil, "empty"},
	} {
		t.Run(name, func(t *testing.T) {
			p, err := redact.NewProcessor(&recorder{}, tc.opts...)
			require.Error(t, err)
			assert.Nil(t, p)
			if tc.is != nil {
				assert.ErrorIs(t, err, tc.is)
			}
			assert.Contains(t, err.Error(), tc.want)
			assert.NotContains(t, err.Error(), key[:6], "the key never appears in an error")
		})
	}
	_, err := redact.NewProcessor(nil)
	assert.Error(t, err)
	_, err = redact.NewProcessor(&recorder{}, redact.WithMode(config.RedactModePseudonym), redact.WithKey([]byte(key)), nil)
	assert.NoError(t, err, "a nil option is ignored")
}

func TestSensitiveKeysInJSON(t *testing.T) {
	tp, next, _, _ := newProvider(t, nil, redact.WithSensitiveKeys("ssn_*", "x-internal"))
	in := `{"api_key": "abc123", "max_tokens": 512, "access_token": null, "nested": {"Authorization": {"scheme": "Bearer", "value": "t"}},` +
		` "list": ["` + email + `", 1.5e3, true], "ssn_last4": "1234", "X-Internal-Id": "42", "cookie": ["a=b"], "note": "hi"}`
	_, span := tp.Tracer("test").Start(context.Background(), "s", trace.WithAttributes(
		semconv.GenAIToolCallArguments(attribute.StringValue(in)),
		attribute.String("app.session_token", "s3cr3t"),
		attribute.Int("app.token", 7), // a numeric credential: replaced too
		attribute.Int("gen_ai.usage.input_tokens", 7),
		attribute.Int("app.max_tokens", 7),
	))
	span.End()
	a := attrMap(next.spans()[0].Attributes())
	want := `{"api_key": "` + secret + `", "max_tokens": 512, "access_token": null, "nested": {"Authorization": "` + secret + `"},` +
		` "list": ["` + label + `", 1.5e3, true], "ssn_last4": "` + secret + `", "X-Internal-Id": "` + secret + `", "cookie": "` + secret + `", "note": "hi"}`
	assert.Equal(t, want, a[semconv.GenAIToolCallArgumentsKey].AsString())
	assert.True(t, json.Valid([]byte(a[semconv.GenAIToolCallArgumentsKey].AsString())))
	assert.Equal(t, secret, a["app.session_token"].AsString())
	assert.Equal(t, secret, a["app.token"].AsString())
	assert.Equal(t, int64(7), a["gen_ai.usage.input_tokens"].AsInt64(), "allowed")
	assert.Equal(t, int64(7), a["app.max_tokens"].AsInt64(), "a count, not a token")
}

func TestAllowKeys(t *testing.T) {
	tp, next, _, _ := newProvider(t, nil, redact.WithAllowKeys("app.contact", "app.ids.*"))
	_, span := tp.Tracer("test").Start(context.Background(), "s", trace.WithAttributes(
		attribute.String("app.contact", email),
		attribute.String("app.ids.owner", email),
		attribute.String("app.other", email),
		attribute.String("noveum.tag.owner", email), // user data: not allowed by default
		semconv.GenAIRequestModel(email),
		semconv.ServerAddress("10.1.2.3"),
	))
	span.End()
	a := attrMap(next.spans()[0].Attributes())
	assert.Equal(t, email, a["app.contact"].AsString())
	assert.Equal(t, email, a["app.ids.owner"].AsString())
	assert.Equal(t, label, a["app.other"].AsString())
	assert.Equal(t, label, a["noveum.tag.owner"].AsString())
	assert.Equal(t, email, a[semconv.GenAIRequestModelKey].AsString())
	assert.Equal(t, "10.1.2.3", a[semconv.ServerAddressKey].AsString())
}

func TestUserRules(t *testing.T) {
	tp, next, _, _ := newProvider(t, nil,
		redact.WithDetectors(), // rules only
		redact.WithRules(redact.Rule{Label: "ORDER", Pattern: regexp.MustCompile(`ORD-\d{6}`)}))
	_, span := tp.Tracer("test").Start(context.Background(), "s", trace.WithAttributes(
		attribute.String("note", "order ORD-123456 for "+email)))
	span.End()
	assert.Equal(t, "order [REDACTED:ORDER] for "+email, attrMap(next.spans()[0].Attributes())["note"].AsString())
}

func TestLifecyclePassesThrough(t *testing.T) {
	next := &recorder{flushErr: errors.New("flush failed"), shutdownErrVal: errors.New("shutdown failed")}
	p, err := redact.NewProcessor(next)
	require.NoError(t, err)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p))
	_, span := tp.Tracer("test").Start(context.Background(), "s")
	span.End()
	assert.EqualError(t, p.ForceFlush(context.Background()), "flush failed")
	assert.EqualError(t, p.Shutdown(context.Background()), "shutdown failed")
	assert.Equal(t, 1, next.started)
	assert.Equal(t, 1, next.flushes)
	assert.Equal(t, 1, next.shutdowns)
}

// JSON keeps its structure: only the redacted strings differ.
func TestJSONKeepsStructure(t *testing.T) {
	tp, next, _, _ := newProvider(t, nil)
	in := `{
  "messages": [
    {"role": "system", "content": "Be brief.\nSign as \u0041I."},
    {"role": "user", "content": "Reach me at jane.doe\u0040example.com \ud83d\ude00", "n": -0.5e-3},
    {"role": "tool", "content": "{\"email\":\"` + email2 + `\",\"ok\":true}"}
  ],
  "empty": {}, "none": [], "flag": false
}`
	_, span := tp.Tracer("test").Start(context.Background(), "s", trace.WithAttributes(
		semconv.GenAIInputMessages(attribute.StringValue(in))))
	span.End()
	out := attrMap(next.spans()[0].Attributes())[semconv.GenAIInputMessagesKey].AsString()
	require.True(t, json.Valid([]byte(out)), out)
	var got, want any
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.NoError(t, json.Unmarshal([]byte(strings.NewReplacer(`jane.doe\u0040example.com`, label, email2, label).Replace(in)), &want))
	msgs := want.(map[string]any)["messages"].([]any)
	msgs[2].(map[string]any)["content"] = `{"email":"` + label + `","ok":true}`
	assert.Equal(t, want, got)
	assert.Contains(t, out, `"n": -0.5e-3`, "numbers and spacing are kept as written")
}

// TestEndToEnd sends redacted spans through the Noveum exporter to an
// in-process receiver: the payload validates and holds no personal data.
func TestEndToEnd(t *testing.T) {
	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	t.Cleanup(srv.Close)
	ctx := context.Background()
	exp, err := exporter.New(ctx, exporter.WithEndpoint(srv.URL), exporter.WithProject("redact-test"))
	require.NoError(t, err)
	p, err := redact.NewProcessor(exp)
	require.NoError(t, err)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p))
	piiSpan(tp)
	require.NoError(t, tp.Shutdown(ctx))

	reqs := srv.Requests()
	require.NotEmpty(t, reqs)
	for _, r := range reqs {
		require.NoError(t, noveumtest.ValidateBatch(r.Body))
		body := strings.Replace(string(r.Body), email, "", 2) // gen_ai.response.id is allow-listed, and llm.request_id copies it
		assert.NotContains(t, body, email)
		assert.NotContains(t, body, email2)
		assert.NotContains(t, body, "hunter2")
		assert.Contains(t, body, label)
	}
	spans := srv.Spans()
	require.Len(t, spans, 1)
	n, ok := spans[0].Attr("noveum.redacted.count")
	require.True(t, ok)
	assert.Equal(t, json.Number("13"), n)
}
