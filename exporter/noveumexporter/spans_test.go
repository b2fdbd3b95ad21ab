package noveumexporter

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

func TestAdaptedSpanView(t *testing.T) {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	rs.Resource().Attributes().PutStr("service.name", "svc")
	sp := rs.ScopeSpans().AppendEmpty().Spans().AppendEmpty()
	sp.SetTraceID(pcommon.TraceID{1})
	sp.SetSpanID(pcommon.SpanID{2})
	sp.SetParentSpanID(pcommon.SpanID{3})
	sp.SetFlags(flagHasIsRemote | flagIsRemote) // parent in another process; sampled bit absent
	sp.SetKind(ptrace.SpanKindServer)
	sp.Status().SetCode(ptrace.StatusCodeOk)
	sp.Attributes().PutEmptySlice("empty")
	sp.Attributes().PutEmptyBytes("raw").FromRaw([]byte{1, 2})
	sl := sp.Attributes().PutEmptySlice("floats")
	sl.AppendEmpty().SetDouble(1.5)
	sl.AppendEmpty().SetDouble(2)

	split := appendSpans(nil, td, false)
	require.Len(t, split, 1)
	s := split[0]
	require.True(t, s.SpanContext().IsSampled(), "what reached the Collector was sampled")
	require.True(t, s.Parent().IsRemote(), "the OTLP flag says remote")
	require.Equal(t, trace.SpanKindServer, s.SpanKind())
	require.Equal(t, codes.Ok, s.Status().Code)
	name, ok := s.Resource().Set().Value("service.name")
	require.True(t, ok)
	require.Equal(t, "svc", name.AsString())
	attrs := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		attrs[kv.Key] = kv.Value
	}
	require.Equal(t, attribute.STRINGSLICE, attrs["empty"].Type())
	require.Equal(t, []byte{1, 2}, attrs["raw"].AsByteSlice())
	require.Equal(t, []float64{1.5, 2}, attrs["floats"].AsFloat64Slice())

	joined := appendSpans(nil, td, true)
	require.False(t, joined[0].Parent().IsRemote(), "join_remote_parents: one tree across services")
	require.Equal(t, trace.SpanID{3}, joined[0].Parent().SpanID())
}
