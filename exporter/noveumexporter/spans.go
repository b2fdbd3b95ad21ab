package noveumexporter

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// The one mapping to the Noveum format reads sdktrace.ReadOnlySpan
// (exporter/internal/wire). pdata spans are adapted to that view here, the
// inverse of what the OTel SDK's OTLP exporters do, so that the Collector
// and the in-process exporter share the encoder, the trace assembly and the
// batching, and produce the same JSON for the same span.

// OTLP span flags (opentelemetry-proto trace.proto, SpanFlags): whether the
// parent's remote flag is known, and whether it is set.
const (
	flagHasIsRemote = 0x100
	flagIsRemote    = 0x200
)

// appendSpans adapts every span of td and appends it to dst.
func appendSpans(dst []sdktrace.ReadOnlySpan, td ptrace.Traces, joinRemote bool) []sdktrace.ReadOnlySpan {
	rss := td.ResourceSpans()
	for i := 0; i < rss.Len(); i++ {
		rs := rss.At(i)
		res := resource.NewWithAttributes(rs.SchemaUrl(), keyValues(rs.Resource().Attributes())...)
		sss := rs.ScopeSpans()
		for j := 0; j < sss.Len(); j++ {
			ss := sss.At(j)
			sc := ss.Scope()
			scope := instrumentation.Scope{
				Name:       sc.Name(),
				Version:    sc.Version(),
				SchemaURL:  ss.SchemaUrl(),
				Attributes: attribute.NewSet(keyValues(sc.Attributes())...),
			}
			spans := ss.Spans()
			for k := 0; k < spans.Len(); k++ {
				dst = append(dst, readOnly(spans.At(k), res, scope, joinRemote))
			}
		}
	}
	return dst
}

// readOnly adapts one span.
// With joinRemote, a parent in another process counts as local, so that a
// trace's spans from several services form one tree; else the OTLP flag
// decides, as in the in-process exporter.
func readOnly(sp ptrace.Span, res *resource.Resource, scope instrumentation.Scope, joinRemote bool) sdktrace.ReadOnlySpan {
	tid := trace.TraceID(sp.TraceID())
	stub := tracetest.SpanStub{
		Name:                 sp.Name(),
		SpanContext:          spanContext(tid, trace.SpanID(sp.SpanID()), sp.TraceState().AsRaw(), sp.Flags(), false),
		SpanKind:             trace.SpanKind(sp.Kind()), // same numbering as OTLP
		StartTime:            sp.StartTimestamp().AsTime(),
		EndTime:              sp.EndTimestamp().AsTime(),
		Attributes:           keyValues(sp.Attributes()),
		DroppedAttributes:    int(sp.DroppedAttributesCount()),
		DroppedEvents:        int(sp.DroppedEventsCount()),
		DroppedLinks:         int(sp.DroppedLinksCount()),
		Resource:             res,
		InstrumentationScope: scope,
		Status:               sdktrace.Status{Code: statusCode(sp.Status().Code()), Description: sp.Status().Message()},
	}
	if pid := sp.ParentSpanID(); !pid.IsEmpty() {
		// A parent whose remote flag is unknown (SDKs before OTLP 1.4)
		// counts as local.
		remote := !joinRemote && sp.Flags()&flagHasIsRemote != 0 && sp.Flags()&flagIsRemote != 0
		stub.Parent = spanContext(tid, trace.SpanID(pid), "", sp.Flags(), remote)
	}
	if evs := sp.Events(); evs.Len() > 0 {
		stub.Events = make([]sdktrace.Event, evs.Len())
		for i := range stub.Events {
			ev := evs.At(i)
			stub.Events[i] = sdktrace.Event{
				Name:                  ev.Name(),
				Time:                  ev.Timestamp().AsTime(),
				Attributes:            keyValues(ev.Attributes()),
				DroppedAttributeCount: int(ev.DroppedAttributesCount()),
			}
		}
	}
	if ls := sp.Links(); ls.Len() > 0 {
		stub.Links = make([]sdktrace.Link, ls.Len())
		for i := range stub.Links {
			l := ls.At(i)
			remote := l.Flags()&flagHasIsRemote != 0 && l.Flags()&flagIsRemote != 0
			stub.Links[i] = sdktrace.Link{
				SpanContext:           spanContext(trace.TraceID(l.TraceID()), trace.SpanID(l.SpanID()), l.TraceState().AsRaw(), l.Flags(), remote),
				Attributes:            keyValues(l.Attributes()),
				DroppedAttributeCount: int(l.DroppedAttributesCount()),
			}
		}
	}
	return stub.Snapshot()
}

// spanContext builds a span context; a span that reached the Collector was
// sampled, whatever its flags say (old SDKs send none).
func spanContext(tid trace.TraceID, sid trace.SpanID, state string, flags uint32, remote bool) trace.SpanContext {
	ts, _ := trace.ParseTraceState(state) // a malformed trace state is dropped, as the SDK would
	return trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    tid,
		SpanID:     sid,
		TraceFlags: trace.TraceFlags(flags&0xff) | trace.FlagsSampled,
		TraceState: ts,
		Remote:     remote,
	})
}

// statusCode maps OTLP's numbering (unset, ok, error) to the API's (unset,
// error, ok).
func statusCode(c ptrace.StatusCode) codes.Code {
	switch c {
	case ptrace.StatusCodeError:
		return codes.Error
	case ptrace.StatusCodeOk:
		return codes.Ok
	}
	return codes.Unset
}

// keyValues converts attributes in their order.
func keyValues(m pcommon.Map) []attribute.KeyValue {
	if m.Len() == 0 {
		return nil
	}
	kvs := make([]attribute.KeyValue, 0, m.Len())
	for k, v := range m.All() {
		kvs = append(kvs, attribute.KeyValue{Key: attribute.Key(k), Value: value(v)})
	}
	return kvs
}

// value converts a pdata value. An array whose elements all have one
// primitive type becomes the typed slice the OTel API would have held (the
// OTLP exporters send []string as an array of strings); mixed arrays and
// maps become SLICE and MAP values.
func value(v pcommon.Value) attribute.Value {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return attribute.StringValue(v.Str())
	case pcommon.ValueTypeBool:
		return attribute.BoolValue(v.Bool())
	case pcommon.ValueTypeInt:
		return attribute.Int64Value(v.Int())
	case pcommon.ValueTypeDouble:
		return attribute.Float64Value(v.Double())
	case pcommon.ValueTypeBytes:
		return attribute.ByteSliceValue(v.Bytes().AsRaw())
	case pcommon.ValueTypeMap:
		return attribute.MapValue(keyValues(v.Map())...)
	case pcommon.ValueTypeSlice:
		return sliceValue(v.Slice())
	}
	return attribute.Value{}
}

func sliceValue(s pcommon.Slice) attribute.Value {
	n := s.Len()
	if n == 0 {
		return attribute.StringSliceValue(nil)
	}
	t := s.At(0).Type()
	for i := 1; i < n; i++ {
		if s.At(i).Type() != t {
			t = pcommon.ValueTypeEmpty
			break
		}
	}
	switch t {
	case pcommon.ValueTypeStr:
		out := make([]string, n)
		for i := range out {
			out[i] = s.At(i).Str()
		}
		return attribute.StringSliceValue(out)
	case pcommon.ValueTypeBool:
		out := make([]bool, n)
		for i := range out {
			out[i] = s.At(i).Bool()
		}
		return attribute.BoolSliceValue(out)
	case pcommon.ValueTypeInt:
		out := make([]int64, n)
		for i := range out {
			out[i] = s.At(i).Int()
		}
		return attribute.Int64SliceValue(out)
	case pcommon.ValueTypeDouble:
		out := make([]float64, n)
		for i := range out {
			out[i] = s.At(i).Double()
		}
		return attribute.Float64SliceValue(out)
	}
	vals := make([]attribute.Value, n)
	for i := range vals {
		vals[i] = value(s.At(i))
	}
	return attribute.SliceValue(vals...)
}
