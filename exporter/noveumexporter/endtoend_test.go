package noveumexporter_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	noveumtrace "github.com/Noveum/noveum-trace-go"
	"github.com/Noveum/noveum-trace-go/config"
	noveum "github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/exporter/internal/handoff"
	"github.com/Noveum/noveum-trace-go/noveumtest"
	"github.com/Noveum/noveum-trace-go/redact"
)

type typeOf = component.Type

var otlpHTTPType = component.MustNewType("otlphttp")

// collectorYAML is a pipeline OTLP receiver -> batch -> noveum.
func collectorYAML(otlpAddr, endpoint, extra string) string {
	return fmt.Sprintf(`
receivers:
  otlp:
    protocols:
      http:
        endpoint: %s
processors:
  batch:
    timeout: 5ms
exporters:
  noveum:
    endpoint: %s
    project: e2e
    trace_grace: 30s
    batch_delay: 10ms
%s
service:
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [noveum]
`, otlpAddr, endpoint, extra)
}

// inProcess is the SDK's exporter as Init sets it up (redaction on), with
// the Collector component's settings and salt.
func inProcess(t *testing.T, endpoint string) (*noveum.Exporter, sdktrace.SpanProcessor) {
	t.Helper()
	cfg := config.Default()
	cfg.Endpoint, cfg.Project, cfg.TraceGrace, cfg.BatchDelay = endpoint, "e2e", 30*time.Second, 10*time.Millisecond
	exp, err := noveum.New(context.Background(), noveum.WithConfig(cfg), handoff.WithSalt(testSalt).(noveum.Option))
	require.NoError(t, err)
	opts, on, err := noveumtrace.RedactOptions(cfg)
	require.NoError(t, err)
	require.True(t, on, "redaction is on by default")
	rp, err := redact.NewProcessor(exp, opts...)
	require.NoError(t, err)
	return exp, rp
}

// emitGoSpans makes a trace with an LLM call, an error, events, a link and
// attributes of every kind, ending in every processor of tp.
func emitGoSpans(tp *sdktrace.TracerProvider) {
	tr := tp.Tracer("e2e/agent", trace.WithInstrumentationVersion("1.2.3"))
	ctx, root := tr.Start(context.Background(), "invoke_agent planner", trace.WithSpanKind(trace.SpanKindServer),
		trace.WithAttributes(attribute.String("gen_ai.operation.name", "invoke_agent"), attribute.String("gen_ai.agent.name", "planner"),
			attribute.String("user.email", "jane.doe@example.com")))
	_, llm := tr.Start(ctx, "chat gpt-4o", trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(
			attribute.String("gen_ai.operation.name", "chat"), attribute.String("gen_ai.provider.name", "openai"),
			attribute.String("gen_ai.request.model", "gpt-4o"), attribute.Int64("gen_ai.usage.input_tokens", 120),
			attribute.Int64("gen_ai.usage.output_tokens", 30), attribute.Float64("gen_ai.request.temperature", 0.2),
			attribute.StringSlice("gen_ai.response.finish_reasons", []string{"stop"}),
			attribute.Int64Slice("shape", []int64{1, 2, 3}), attribute.Bool("cached", false),
		),
		trace.WithLinks(trace.Link{SpanContext: trace.NewSpanContext(trace.SpanContextConfig{
			TraceID: trace.TraceID{9, 9, 9}, SpanID: trace.SpanID{7, 7}, TraceFlags: trace.FlagsSampled,
		}), Attributes: []attribute.KeyValue{attribute.String("why", "retry of")}}))
	llm.AddEvent("first token", trace.WithAttributes(attribute.Int("index", 0)))
	llm.End()
	_, tool := tr.Start(ctx, "execute_tool search", trace.WithAttributes(attribute.String("gen_ai.operation.name", "execute_tool"),
		attribute.String("gen_ai.tool.name", "search")))
	tool.RecordError(errors.New("index offline"))
	tool.SetStatus(codes.Error, "index offline")
	tool.End()
	root.End()
	// A second, single-span trace.
	_, solo := tr.Start(context.Background(), "embeddings text-embedding-3-small",
		trace.WithAttributes(attribute.String("gen_ai.operation.name", "embeddings"), attribute.String("gen_ai.request.model", "text-embedding-3-small")))
	solo.End()
}

// The raw OTLP/HTTP JSON another language's SDK (here: Python's) sends,
// and the same spans as the in-process exporter would see them.
const (
	rawTraceID = "5b8efff798038103d269b633813fc60c"
	rawRootID  = "eee19b7ec3c1b174"
	rawChildID = "eee19b7ec3c1b175"
	rawOTLP    = `{"resourceSpans":[{"resource":{"attributes":[
  {"key":"service.name","value":{"stringValue":"python-svc"}},
  {"key":"telemetry.sdk.language","value":{"stringValue":"python"}},
  {"key":"telemetry.sdk.name","value":{"stringValue":"opentelemetry"}},
  {"key":"telemetry.sdk.version","value":{"stringValue":"1.38.0"}}]},
 "scopeSpans":[{"scope":{"name":"opentelemetry.instrumentation.openai_v2","version":"2.1b0"},
  "spans":[
   {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","flags":257,
    "name":"workflow","kind":2,"startTimeUnixNano":"1760000000000000000","endTimeUnixNano":"1760000002000000000",
    "attributes":[{"key":"user.phone","value":{"stringValue":"call me at +1 415 555 0100"}}]},
   {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b175","parentSpanId":"eee19b7ec3c1b174","flags":257,
    "name":"chat gpt-4o-mini","kind":3,"startTimeUnixNano":"1760000000100000000","endTimeUnixNano":"1760000001900000000",
    "attributes":[
     {"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},
     {"key":"gen_ai.system","value":{"stringValue":"openai"}},
     {"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o-mini"}},
     {"key":"gen_ai.usage.input_tokens","value":{"intValue":"42"}},
     {"key":"gen_ai.usage.output_tokens","value":{"intValue":"7"}},
     {"key":"gen_ai.response.finish_reasons","value":{"arrayValue":{"values":[{"stringValue":"stop"}]}}},
     {"key":"mixed","value":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"1"}]}}},
     {"key":"nested","value":{"kvlistValue":{"values":[{"key":"k","value":{"boolValue":true}}]}}}],
    "events":[{"name":"exception","timeUnixNano":"1760000001800000000","attributes":[
     {"key":"exception.type","value":{"stringValue":"RateLimitError"}},
     {"key":"exception.message","value":{"stringValue":"slow down"}}]}],
    "status":{"code":2,"message":"slow down"}}]}]}]}`
)

func rawSpans(t *testing.T) []sdktrace.ReadOnlySpan {
	t.Helper()
	tid, err := trace.TraceIDFromHex(rawTraceID)
	require.NoError(t, err)
	rootID, _ := trace.SpanIDFromHex(rawRootID)
	childID, _ := trace.SpanIDFromHex(rawChildID)
	sc := func(id trace.SpanID) trace.SpanContext {
		return trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: id, TraceFlags: trace.FlagsSampled})
	}
	res := resource.NewSchemaless(attribute.String("service.name", "python-svc"), attribute.String("telemetry.sdk.language", "python"),
		attribute.String("telemetry.sdk.name", "opentelemetry"), attribute.String("telemetry.sdk.version", "1.38.0"))
	scope := instrumentation.Scope{Name: "opentelemetry.instrumentation.openai_v2", Version: "2.1b0"}
	at := func(ns int64) time.Time { return time.Unix(0, ns) }
	root := tracetest.SpanStub{Name: "workflow", SpanContext: sc(rootID), SpanKind: trace.SpanKindServer,
		StartTime: at(1760000000000000000), EndTime: at(1760000002000000000), Resource: res, InstrumentationScope: scope,
		Attributes: []attribute.KeyValue{attribute.String("user.phone", "call me at +1 415 555 0100")}}
	child := tracetest.SpanStub{Name: "chat gpt-4o-mini", SpanContext: sc(childID), Parent: sc(rootID), SpanKind: trace.SpanKindClient,
		StartTime: at(1760000000100000000), EndTime: at(1760000001900000000), Resource: res, InstrumentationScope: scope,
		Attributes: []attribute.KeyValue{
			attribute.String("gen_ai.operation.name", "chat"), attribute.String("gen_ai.system", "openai"),
			attribute.String("gen_ai.request.model", "gpt-4o-mini"), attribute.Int64("gen_ai.usage.input_tokens", 42),
			attribute.Int64("gen_ai.usage.output_tokens", 7), attribute.StringSlice("gen_ai.response.finish_reasons", []string{"stop"}),
			{Key: "mixed", Value: attribute.SliceValue(attribute.StringValue("a"), attribute.Int64Value(1))},
			{Key: "nested", Value: attribute.MapValue(attribute.Bool("k", true))},
		},
		Events: []sdktrace.Event{{Name: "exception", Time: at(1760000001800000000), Attributes: []attribute.KeyValue{
			attribute.String("exception.type", "RateLimitError"), attribute.String("exception.message", "slow down")}}},
		Status: sdktrace.Status{Code: codes.Error, Description: "slow down"}}
	return []sdktrace.ReadOnlySpan{child.Snapshot(), root.Snapshot()}
}

func bodiesOf(srv *noveumtest.Server) [][]byte {
	var out [][]byte
	for _, r := range srv.Requests() {
		if r.Status == http.StatusOK || (r.Status >= 200 && r.Status < 300) {
			out = append(out, r.Body)
		}
	}
	return out
}

// One test, end to end: the Go SDK's OTLP exporter and a raw OTLP/HTTP JSON
// request into a Collector (OTLP receiver -> batch -> noveum), out into
// noveumtest; the same spans through the in-process exporter give the same
// Noveum traces.
func TestEndToEndSameBodyAsInProcess(t *testing.T) {
	viaCollector := noveumtest.NewServer(noveumtest.WithGoProfile())
	defer viaCollector.Close()
	direct := noveumtest.NewServer(noveumtest.WithGoProfile())
	defer direct.Close()

	otlpAddr := freeAddr(t)
	col := startCollector(t, collectorYAML(otlpAddr, viaCollector.URL, ""))

	// The Go SDK: one TracerProvider, the spans going both ways.
	exp, redacted := inProcess(t, direct.URL)
	otlp, err := otlptracehttp.New(context.Background(), otlptracehttp.WithEndpoint(otlpAddr), otlptracehttp.WithInsecure())
	require.NoError(t, err)
	res := resource.NewSchemaless(attribute.String("service.name", "go-agent"), attribute.String("service.version", "0.9.0"))
	tp := sdktrace.NewTracerProvider(sdktrace.WithResource(res),
		sdktrace.WithSpanProcessor(redacted), sdktrace.WithBatcher(otlp))
	emitGoSpans(tp)
	require.NoError(t, tp.ForceFlush(context.Background()))

	// Another language's SDK: raw OTLP/HTTP JSON.
	resp, err := http.Post("http://"+otlpAddr+"/v1/traces", "application/json", strings.NewReader(rawOTLP))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	for _, s := range rawSpans(t) {
		redacted.OnEnd(s)
	}

	col.stop(t) // seals, queues and sends everything
	require.NoError(t, tp.Shutdown(context.Background()))
	require.Zero(t, exp.Stats().DroppedSpans())

	got := tracesOf(t, bodiesOf(viaCollector))
	want := tracesOf(t, bodiesOf(direct))
	require.Len(t, want, 3, "two Go traces and the Python one")
	require.Equal(t, want, got, "the Collector sends what the in-process exporter sends")
	require.Empty(t, viaCollector.IgnoredDuplicates())

	// What the equality covers, spelled out.
	for _, tr := range viaCollector.Traces() {
		require.Equal(t, "noveum-trace-go", tr.SDK.Name, "the body names this exporter")
		require.Equal(t, "e2e", tr.Project)
	}
	var python *noveumtest.Trace
	for _, tr := range viaCollector.Traces() {
		if tr.OTel.TraceID == rawTraceID {
			python = &tr
		}
	}
	require.NotNil(t, python, "the raw OTLP trace arrived")
	require.Equal(t, 2, python.SpanCount, "one whole trace")
	require.Equal(t, "python", python.OTel.Resource["telemetry.sdk.language"], "the originating SDK stays in otel.resource")
	for _, r := range viaCollector.Requests() {
		require.NotContains(t, string(r.Body), "jane.doe@example.com", "redaction is on by default")
		require.NotContains(t, string(r.Body), "415 555 0100")
	}
}
