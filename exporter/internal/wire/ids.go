package wire

import (
	"crypto/sha256"
	"encoding/binary"

	"go.opentelemetry.io/otel/trace"
)

// UUID is a 16-byte identifier written in the 8-4-4-4-12 hex form.
type UUID [16]byte

// namespace seeds every derived UUID so that ids derived by this SDK never
// collide with ids derived by another scheme from the same input.
var namespace = UUID{0x55, 0x84, 0x62, 0xbf, 0xc1, 0xa4, 0x4a, 0x6e, 0x8f, 0x0a, 0x96, 0xe6, 0x65, 0x88, 0x25, 0x3b}

// TraceUUID writes an OTel trace id as a UUID, losslessly.
func TraceUUID(id trace.TraceID) UUID { return UUID(id) }

// SpanUUID derives the UUID of a span from its trace and span ids. The same
// OTel span always maps to the same UUID, so a child's parent_span_id equals
// its parent's span_id. It is a version 8 (custom) UUID whose bits are the
// low 8 bytes of the trace id (the random part of a W3C trace id) followed by
// the span id, less the 6 version and variant bits. Unlike a hash, it costs
// nothing to compute and it compresses: the trace half repeats across the
// trace's spans, and the span half repeats the hex span id next to it in the
// "otel" object, whose last 12 digits it shows as they are.
func SpanUUID(traceID trace.TraceID, spanID trace.SpanID) UUID {
	var u UUID
	copy(u[:8], traceID[8:])
	copy(u[8:], spanID[:])
	u[6] = u[6]&0x0f | 0x80 // version 8
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return u
}

// ContinuationUUID derives the trace_id of the n-th continuation (n >= 1) of
// a trace that was already sent. Distinct n give distinct ids, so no trace_id
// is ever sent twice.
func ContinuationUUID(traceID trace.TraceID, n uint32) UUID {
	var buf [16 + 1 + 16 + 4]byte
	copy(buf[:16], namespace[:])
	buf[16] = 'c'
	copy(buf[17:33], traceID[:])
	binary.BigEndian.PutUint32(buf[33:], n)
	return derived(sha256.Sum256(buf[:]))
}

func derived(sum [32]byte) UUID {
	var u UUID
	copy(u[:], sum[:16])
	u[6] = u[6]&0x0f | 0x80 // version 8
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return u
}

const hexDigits = "0123456789abcdef"

// AppendUUID appends u in its 36-character lowercase hyphenated form.
func AppendUUID(dst []byte, u UUID) []byte {
	for i, b := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			dst = append(dst, '-')
		}
		dst = append(dst, hexDigits[b>>4], hexDigits[b&0x0f])
	}
	return dst
}

// String returns the hyphenated form of u.
func (u UUID) String() string { return string(AppendUUID(nil, u)) }

func appendHex(dst []byte, b []byte) []byte {
	for _, c := range b {
		dst = append(dst, hexDigits[c>>4], hexDigits[c&0x0f])
	}
	return dst
}
