package wire_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
	"github.com/Noveum/noveum-trace-go/noveumtest"
)

var (
	tid1 = trace.TraceID{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36}
	tid2 = trace.TraceID{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10}

	// t0 has exactly microsecond precision, so its wire form is known.
	t0        = time.Date(2026, 11, 26, 21, 15, 3, 217626000, time.UTC)
	t0Wire    = "2026-11-26T21:15:03.217626+00:00"
	testScope = instrumentation.Scope{Name: "github.com/example/app", Version: "1.2.3"}
	testRes   = resource.NewSchemaless(
		attribute.String("service.name", "support-bot"),
		attribute.String("service.version", "9.9.9"),
	)
	sendTime = time.Date(2026, 11, 26, 21, 15, 4, 319130000, time.UTC)
)

func sid(n uint64) trace.SpanID {
	var s trace.SpanID
	binary.BigEndian.PutUint64(s[:], n)
	return s
}

func spanCtx(t trace.TraceID, s trace.SpanID, remote bool) trace.SpanContext {
	return trace.NewSpanContext(trace.SpanContextConfig{TraceID: t, SpanID: s, TraceFlags: trace.FlagsSampled, Remote: remote})
}

// stub returns a root span of tid1 lasting 1.5 s.
func stub(name string, attrs ...attribute.KeyValue) tracetest.SpanStub {
	return tracetest.SpanStub{
		Name:                 name,
		SpanContext:          spanCtx(tid1, sid(1), false),
		SpanKind:             trace.SpanKindInternal,
		StartTime:            t0,
		EndTime:              t0.Add(1500 * time.Millisecond),
		Attributes:           attrs,
		Resource:             testRes,
		InstrumentationScope: testScope,
	}
}

func newEncoder() *wire.Encoder {
	return &wire.Encoder{Project: "proj", Environment: "test", SDKVersion: "0.1.0"}
}

// encoded is a body built by encodeBody, already checked and decoded.
type encoded struct {
	body  []byte
	doc   map[string]any
	infos []wire.SpanInfo // in span order, all traces
}

// encodeBody builds a request body the way the exporter's assembler does:
// spans are grouped by trace id (in order of first appearance), each span is
// encoded and completed with its parent's UUID when the parent is in the
// payload, and the trace header is computed from the spans' SpanInfo. hook,
// when not nil, may change each header before it is written. The body is
// checked (valid JSON and UTF-8, the batch schema, no duplicate keys) and
// decoded with UseNumber.
func encodeBody(t testing.TB, enc *wire.Encoder, hook func(*wire.TraceHeader), spans ...sdktrace.ReadOnlySpan) encoded {
	t.Helper()
	var order []trace.TraceID
	groups := map[trace.TraceID][]sdktrace.ReadOnlySpan{}
	for _, s := range spans {
		id := s.SpanContext().TraceID()
		if _, ok := groups[id]; !ok {
			order = append(order, id)
		}
		groups[id] = append(groups[id], s)
	}
	var out encoded
	body := wire.AppendBatchHead(nil)
	for ti, id := range order {
		if ti > 0 {
			body = append(body, ',')
		}
		group := groups[id]
		traceUUID := testIDs.Trace(id)
		infos := make([]wire.SpanInfo, len(group))
		var frags [][]byte
		for i, s := range group {
			frags = append(frags, enc.AppendSpan(nil, s, traceUUID, &infos[i]))
		}
		h := header(id, traceUUID, infos)
		if hook != nil {
			hook(&h)
		}
		body = enc.AppendTraceHead(body, &h)
		for i, f := range frags {
			if i > 0 {
				body = append(body, ',')
			}
			body = append(body, f...)
			var parent *wire.UUID
			if infos[i].HasLocalParent && hasSpan(infos, infos[i].ParentID) {
				u := wire.SpanUUID(id, infos[i].ParentID)
				parent = &u
			}
			body = wire.AppendParent(body, parent)
		}
		body = wire.AppendTraceTail(body)
		out.infos = append(out.infos, infos...)
	}
	body = wire.AppendBatchTail(body, sendTime)
	checkBody(t, body)
	out.body = body
	out.doc = decode(t, body)
	return out
}

func hasSpan(infos []wire.SpanInfo, id trace.SpanID) bool {
	for i := range infos {
		if infos[i].SpanID == id {
			return true
		}
	}
	return false
}

// header computes a trace header from its spans, as the assembler does.
func header(id trace.TraceID, u wire.UUID, infos []wire.SpanInfo) wire.TraceHeader {
	h := wire.TraceHeader{TraceUUID: u, OTelTraceID: id, SpanCount: len(infos)}
	root, earliest := -1, 0
	for i := range infos {
		in := &infos[i]
		if in.Status.Failed() {
			h.ErrorCount++
		}
		if i == 0 || in.Start.Before(h.Start) {
			h.Start, earliest = in.Start, i
		}
		if i == 0 || in.End.After(h.End) {
			h.End = in.End
		}
		if in.LocalRoot() && (root < 0 || in.Start.Before(infos[root].Start)) {
			root = i
		}
	}
	named := root
	if named < 0 {
		named = earliest
	} else {
		h.Status, h.StatusMessage = infos[root].Status, infos[root].StatusMessage
	}
	h.NamePrefix, h.NameSuffix = infos[named].NamePrefix, infos[named].NameSuffix
	h.Resource = infos[named].Resource
	for _, i := range append([]int{named}, indexes(len(infos), named)...) {
		in := &infos[i]
		h.UserID = cmpOr(h.UserID, in.UserID)
		h.SessionID = cmpOr(h.SessionID, in.SessionID)
		h.RequestID = cmpOr(h.RequestID, in.RequestID)
		h.Extra = append(h.Extra, in.Extra...)
	}
	for i := range infos {
		h.SessionID = cmpOr(h.SessionID, infos[i].ConversationID)
	}
	return h
}

func indexes(n, skip int) []int {
	var out []int
	for i := range n {
		if i != skip {
			out = append(out, i)
		}
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// checkBody fails t unless body is valid JSON and UTF-8, matches the batch
// schema and has no object with a repeated key.
func checkBody(t testing.TB, body []byte) {
	t.Helper()
	if !json.Valid(body) {
		t.Fatalf("body is not valid JSON:\n%s", body)
	}
	if !utf8.Valid(body) {
		t.Fatalf("body is not valid UTF-8:\n%q", body)
	}
	if err := noveumtest.ValidateBatch(body); err != nil {
		t.Fatalf("schema: %v\nbody: %s", err, body)
	}
	if err := duplicateKeys(body); err != nil {
		t.Fatalf("%v\nbody: %s", err, body)
	}
}

// duplicateKeys reports the first object that repeats a key. encoding/json
// silently keeps the last of repeated keys, so this walks the tokens.
func duplicateKeys(body []byte) error {
	type frame struct {
		object    bool
		expectKey bool
		seen      map[string]bool
		path      string
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var stack []*frame
	lastKey := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				path := "/"
				if top != nil {
					path = top.path + "/" + lastKey
				}
				stack = append(stack, &frame{object: v == '{', expectKey: true, seen: map[string]bool{}, path: path})
			default:
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1].object {
					stack[len(stack)-1].expectKey = true
				}
			}
			continue
		case string:
			if top != nil && top.object && top.expectKey {
				if top.seen[v] {
					return fmt.Errorf("duplicate key %q in object at %s", v, top.path)
				}
				top.seen[v] = true
				top.expectKey = false
				lastKey = v
				continue
			}
		}
		if top != nil && top.object {
			top.expectKey = true
		}
	}
}

func decode(t testing.TB, body []byte) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return doc
}

func (e encoded) trace(i int) map[string]any {
	return e.doc["traces"].([]any)[i].(map[string]any)
}

// span returns span i of the first trace.
func (e encoded) span(i int) map[string]any {
	return e.trace(0)["spans"].([]any)[i].(map[string]any)
}

func (e encoded) attrs(i int) map[string]any {
	return e.span(i)["attributes"].(map[string]any)
}

// rawAttrs returns the attributes of span i of the first trace as raw JSON
// text, to check exact number forms and JSON types.
func (e encoded) rawAttrs(t testing.TB, i int) map[string]string {
	t.Helper()
	var raw struct {
		Traces []struct {
			Spans []struct {
				Attributes map[string]json.RawMessage `json:"attributes"`
			} `json:"spans"`
		} `json:"traces"`
	}
	if err := json.Unmarshal(e.body, &raw); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, v := range raw.Traces[0].Spans[i].Attributes {
		out[k] = string(v)
	}
	return out
}

func encodeOne(t testing.TB, s tracetest.SpanStub) encoded {
	t.Helper()
	return encodeBody(t, newEncoder(), nil, s.Snapshot())
}

// obj digs into nested objects of a decoded document.
func obj(m map[string]any, path ...string) any {
	var v any = m
	for _, p := range path {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = mm[p]
	}
	return v
}

func hexOf(b []byte) string { return fmt.Sprintf("%x", b) }

// uuidOf writes 16 bytes in the 8-4-4-4-12 form, independently of the
// package under test.
func uuidOf(b [16]byte) string {
	h := hexOf(b[:])
	return strings.Join([]string{h[:8], h[8:12], h[12:16], h[16:20], h[20:]}, "-")
}

// jsonMarshalNoEscape marshals v as encoding/json does but without HTML
// escaping, which the encoder does not do either.
func jsonMarshalNoEscape(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// testIDs derives trace ids as every test encoder does: its zero value.
var testIDs wire.IDs
