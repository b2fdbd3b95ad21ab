package exporter

import (
	"unsafe"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
)

// estimateSize estimates, erring high, the memory a span takes until it is
// sent: queued as a span, then encoded. Content keys count twice, as the
// encoding repeats them under their Noveum key, and strings get room for
// escapes.
func estimateSize(s sdktrace.ReadOnlySpan) int64 {
	// The base covers the span object and its fixed fields, and what its
	// trace keeps for the seal should the span start one (most spans end
	// before their trace's others, so any may).
	n := int64(1536 + sealPerTrace + sealPerSpan + len(s.Name()))
	n += attrsSize(s.Attributes())
	for _, ev := range s.Events() {
		n += 128 + int64(len(ev.Name)) + attrsSize(ev.Attributes)
	}
	for _, l := range s.Links() {
		n += 160 + attrsSize(l.Attributes)
	}
	return n
}

func attrsSize(kvs []attribute.KeyValue) int64 {
	n := int64(len(kvs)) * int64(unsafe.Sizeof(attribute.KeyValue{})+8)
	for _, kv := range kvs {
		n += int64(len(kv.Key))
		switch kv.Value.Type() {
		case attribute.STRING:
			l := int64(len(kv.Value.AsString()))
			l += l / 8
			if wire.Repeated(kv.Key) {
				l *= 2
			}
			n += l
		default:
			n += valueSize(kv.Value, 0)
		}
	}
	return n
}

// valueSize estimates, erring high, the memory and encoding of a slice or
// map value. Reading one copies its elements (the attribute API has no
// other way), which costs an allocation on the caller's goroutine; a guess
// would let a span of ten 10 MiB slices pass for ten small ones. Nesting
// deeper than the encoder writes (MaxValueDepth) is not measured.
func valueSize(v attribute.Value, depth int) int64 {
	switch v.Type() {
	case attribute.STRING:
		l := int64(len(v.AsString()))
		return 2*l + 16 // in memory, and escaped in the encoding
	case attribute.STRINGSLICE:
		ss := v.AsStringSlice()
		n := int64(len(ss)) * 40
		for _, s := range ss {
			n += 2 * int64(len(s))
		}
		return n
	case attribute.BOOLSLICE:
		return int64(len(v.AsBoolSlice())) * 8
	case attribute.INT64SLICE:
		return int64(len(v.AsInt64Slice())) * 32
	case attribute.FLOAT64SLICE:
		return int64(len(v.AsFloat64Slice())) * 40
	case attribute.BYTESLICE:
		return 3 * int64(len(v.AsByteSlice())) // the bytes, and their base64
	case attribute.SLICE:
		if depth >= MaxValueDepth {
			return 64
		}
		vs := v.AsSlice()
		n := int64(len(vs)) * int64(unsafe.Sizeof(attribute.Value{}))
		for _, e := range vs {
			n += valueSize(e, depth+1)
		}
		return n
	case attribute.MAP:
		if depth >= MaxValueDepth {
			return 64
		}
		kvs := v.AsMap()
		n := int64(len(kvs)) * int64(unsafe.Sizeof(attribute.KeyValue{}))
		for _, kv := range kvs {
			n += 2*int64(len(kv.Key)) + valueSize(kv.Value, depth+1)
		}
		return n
	}
	return 16
}
