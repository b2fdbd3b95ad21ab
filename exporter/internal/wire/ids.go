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

// IDs derives the Noveum trace ids of one exporter instance. Noveum keeps
// the first trace sent under a trace_id and silently ignores any later one,
// so two processes that export parts of one OpenTelemetry trace (a service
// and the MCP server it calls, two Collector gateways) must not send the
// same trace_id: each exporter picks a random salt at start, and its
// trace_ids derive from the OTel trace id and that salt. Within one
// exporter, the same OTel trace always maps to the same trace_id; the raw
// OTel id travels as otel.trace_id and joins the parts.
//
// The zero IDs is valid: its mask is zero, so its trace ids keep the OTel
// id's bits but the six it forces. Tests use it.
type IDs struct {
	salt uint64
	mask UUID // derived from salt; XORed into the OTel trace id
}

// NewIDs returns the ids of an exporter whose salt is salt.
func NewIDs(salt uint64) IDs {
	var buf [16 + 1 + 8]byte
	copy(buf[:16], namespace[:])
	buf[16] = 't'
	binary.BigEndian.PutUint64(buf[17:], salt)
	sum := sha256.Sum256(buf[:])
	var d IDs
	d.salt = salt
	copy(d.mask[:], sum[:16])
	return d
}

// Trace returns the trace_id of an OTel trace: the OTel id XOR the salt's
// mask, in the UUID version 4 form. XOR with a fixed mask is one to one, so
// distinct OTel ids stay distinct (but for the 6 version and variant bits,
// which random ids differ in only by chance: 1 in 2^122).
func (d *IDs) Trace(id trace.TraceID) UUID {
	var u UUID
	for i := range u {
		u[i] = id[i] ^ d.mask[i]
	}
	return v4(u)
}

// Continuation returns the trace_id of the n-th continuation (n >= 1) of
// the trace id: distinct n give distinct ids, so no trace_id is ever sent
// twice.
func (d *IDs) Continuation(id trace.TraceID, n uint32) UUID {
	var buf [16 + 1 + 8 + 16 + 4]byte
	copy(buf[:16], namespace[:])
	buf[16] = 'c'
	binary.BigEndian.PutUint64(buf[17:25], d.salt)
	copy(buf[25:41], id[:])
	binary.BigEndian.PutUint32(buf[41:], n)
	sum := sha256.Sum256(buf[:])
	var u UUID
	copy(u[:], sum[:16])
	return v4(u)
}

// SpanUUID derives the UUID of a span from its trace and span ids. The same
// OTel span always maps to the same UUID, so a child's parent_span_id equals
// its parent's span_id. Its bits are the low 8 bytes of the trace id (the
// random part of a W3C trace id) followed by the span id, less the 6 version
// and variant bits, in the version 4 form. Unlike a hash, it costs nothing
// to compute and it compresses: the trace half repeats across the trace's
// spans, and the span half repeats the hex span id next to it in the "otel"
// object, whose last 12 digits it shows as they are. Span ids need no salt:
// two processes never record the same span.
func SpanUUID(traceID trace.TraceID, spanID trace.SpanID) UUID {
	var u UUID
	copy(u[:8], traceID[8:])
	copy(u[8:], spanID[:])
	return v4(u)
}

// v4 sets the version nibble to 4 and the RFC 9562 variant bits.
func v4(u UUID) UUID {
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
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
