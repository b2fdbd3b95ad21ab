package wire

import (
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/resource"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/internal/jsontext"
	"github.com/Noveum/noveum-trace-go/internal/progname"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// SDKName is the sdk.name written on every trace.
const SDKName = "noveum-trace-go"

// SchemaVersion is the payload revision this package writes.
const SchemaVersion = "2.0"

// TraceHeader is everything a trace object holds besides its spans.
type TraceHeader struct {
	TraceUUID   UUID
	OTelTraceID trace.TraceID
	// ContinuationOf is the trace_id this trace continues, nil for an
	// original trace.
	ContinuationOf *UUID
	// The trace name is NamePrefix + NameSuffix.
	NamePrefix, NameSuffix string
	Start, End             time.Time
	Status                 Status
	StatusMessage          string
	SpanCount, ErrorCount  int
	UserID, SessionID      string
	RequestID              string
	// Extra holds noveum.tag.* and noveum.metadata.* attributes; the first
	// value of a key wins.
	Extra    []attribute.KeyValue
	Resource *resource.Resource
}

// AppendTraceHead appends a trace object up to and including `"spans":[`.
// The caller appends the span objects, comma-separated, and then
// [AppendTraceTail].
func (e *Encoder) AppendTraceHead(dst []byte, h *TraceHeader) []byte {
	e.setResource(h.Resource)
	dst = append(dst, `{"trace_id":"`...)
	dst = AppendUUID(dst, h.TraceUUID)
	dst = append(dst, `","name":`...)
	dst = e.appendName(dst, h.NamePrefix, h.NameSuffix)
	dst = append(dst, `,"start_time":`...)
	dst = appendTime(dst, h.Start)
	dst = append(dst, `,"end_time":`...)
	dst = appendTime(dst, h.End)
	dst = append(dst, `,"duration_ms":`...)
	dst = appendDurationMS(dst, h.Start, h.End)
	dst = append(dst, `,"status":"`...)
	dst = append(dst, h.Status.String()...)
	dst = append(dst, `","status_message":`...)
	dst = e.appendNullable(dst, h.StatusMessage)
	dst = append(dst, `,"span_count":`...)
	dst = appendInt(dst, h.SpanCount)
	dst = append(dst, `,"error_count":`...)
	dst = appendInt(dst, h.ErrorCount)

	project := e.project()
	dst = append(dst, `,"attributes":{`...)
	dst = append(dst, e.resAttrs...)
	if len(e.resAttrs) > 0 {
		dst = append(dst, ',')
	}
	dst = jsontext.AppendString(dst, string(semconv.NoveumProjectKey))
	dst = append(dst, ':')
	dst = e.appendStr(dst, project)
	dst = append(dst, ',')
	dst = jsontext.AppendString(dst, string(semconv.NoveumEnvironmentKey))
	dst = append(dst, ':')
	dst = e.appendStr(dst, e.environment())
	dst = append(dst, ',')
	dst = jsontext.AppendString(dst, string(semconv.NoveumSDKVersionKey))
	dst = append(dst, ':')
	dst = e.appendStr(dst, e.sdkVersion())
	dst = append(dst, ',')
	dst = jsontext.AppendString(dst, string(semconv.NoveumSamplingDecisionKey))
	dst = append(dst, `:"record"`...) // only recorded spans reach an exporter
	if h.ContinuationOf != nil {
		dst = append(dst, ',')
		dst = jsontext.AppendString(dst, string(semconv.NoveumTraceContinuationOfKey))
		dst = append(dst, `:"`...)
		dst = AppendUUID(dst, *h.ContinuationOf)
		dst = append(dst, '"')
	}

	dst = append(dst, `},"metadata":{"user_id":`...)
	dst = e.appendNullable(dst, h.UserID)
	dst = append(dst, `,"session_id":`...)
	dst = e.appendNullable(dst, h.SessionID)
	dst = append(dst, `,"request_id":`...)
	dst = e.appendNullable(dst, h.RequestID)
	dst = append(dst, `,"tags":{`...)
	dst = e.appendExtra(dst, h.Extra, semconv.NoveumTagPrefix, true)
	dst = append(dst, `},"custom_attributes":{`...)
	dst = e.appendExtra(dst, h.Extra, semconv.NoveumMetadataPrefix, false)
	dst = append(dst, `}},"sdk":{"name":"`+SDKName+`","version":`...)
	dst = e.appendStr(dst, e.sdkVersion())
	dst = append(dst, `},"project":`...)
	dst = e.appendStr(dst, project)
	dst = append(dst, `,"environment":`...)
	dst = e.appendStr(dst, e.environment())
	if sv := e.serviceVersion(); sv != "" {
		dst = append(dst, `,"service_version":`...)
		dst = e.appendStr(dst, sv)
	}
	dst = append(dst, `,"schema_version":"`+SchemaVersion+`","otel":{"trace_id":"`...)
	dst = appendHex(dst, h.OTelTraceID[:])
	dst = append(dst, `","resource":{`...)
	dst = append(dst, e.resAttrs...)
	return append(dst, `}},"spans":[`...)
}

// AppendTraceTail closes a trace object begun by [Encoder.AppendTraceHead],
// with its events: OpenTelemetry has no trace-level events, so none.
func AppendTraceTail(dst []byte) []byte { return append(dst, `],"events":[]}`...) }

// setResource encodes res's attributes once and reuses them while the
// resource stays the same (it nearly always does).
func (e *Encoder) setResource(res *resource.Resource) {
	if res == e.res && e.resAttrs != nil {
		return
	}
	e.res = res
	e.resAttrs = e.resAttrs[:0]
	if e.resAttrs == nil {
		e.resAttrs = make([]byte, 0, 256)
	}
	if res == nil {
		return
	}
	n := 0
	attrs := res.Attributes()
	invalid := invalidKeys(attrs)
	for i, kv := range attrs {
		if invalid && laterDuplicate(attrs, i, true) {
			continue
		}
		switch kv.Key {
		case semconv.NoveumProjectKey, semconv.NoveumEnvironmentKey, semconv.NoveumSDKVersionKey,
			semconv.NoveumSamplingDecisionKey, semconv.NoveumTraceContinuationOfKey:
			continue // written by the SDK; never twice
		}
		e.resAttrs = e.appendMember(e.resAttrs, &n, string(kv.Key), kv.Value)
	}
}

func (e *Encoder) resourceString(k attribute.Key) string {
	if e.res == nil {
		return ""
	}
	if v, ok := e.res.Set().Value(k); ok {
		return v.String()
	}
	return ""
}

func (e *Encoder) project() string {
	if e.Project != "" {
		return e.Project
	}
	if s := e.resourceString(semconv.ServiceNameKey); s != "" && !strings.HasPrefix(s, "unknown_service") {
		return s
	}
	// Neither a project nor a service name (the SDK's default resource
	// says unknown_service:<program>): the program's name, as Init's
	// service.name.
	return progname.Name()
}

func (e *Encoder) environment() string {
	if e.Environment != "" {
		return e.Environment
	}
	return "development"
}

func (e *Encoder) sdkVersion() string {
	if e.SDKVersion != "" {
		return e.SDKVersion
	}
	return "unknown"
}

func (e *Encoder) serviceVersion() string {
	if e.ServiceVersion != "" {
		return e.ServiceVersion
	}
	return e.resourceString(semconv.ServiceVersionKey)
}

// appendExtra writes the members of extra whose key has the prefix, with the
// prefix removed; the first value of a key wins. Tags are always strings.
func (e *Encoder) appendExtra(dst []byte, extra []attribute.KeyValue, prefix string, asString bool) []byte {
	n := 0
	for i, kv := range extra {
		k := string(kv.Key)
		if !strings.HasPrefix(k, prefix) || len(k) == len(prefix) || earlierKey(extra, i) {
			continue
		}
		v := kv.Value
		if asString && v.Type() != attribute.STRING {
			v = attribute.StringValue(v.String())
		}
		dst = e.appendMember(dst, &n, k[len(prefix):], v)
	}
	return dst
}

func earlierKey(kvs []attribute.KeyValue, i int) bool {
	for _, kv := range kvs[:i] {
		if sameJSONKey(string(kv.Key), string(kvs[i].Key)) {
			return true
		}
	}
	return false
}

func appendInt(dst []byte, n int) []byte {
	return strconv.AppendInt(dst, int64(n), 10)
}

// AppendBatchHead starts a request body.
func AppendBatchHead(dst []byte) []byte { return append(dst, `{"traces":[`...) }

// AppendBatchTail ends a request body with its send time.
func AppendBatchTail(dst []byte, sent time.Time) []byte {
	dst = append(dst, `],"timestamp":`...)
	dst = appendFloat(dst, float64(sent.UnixMicro())/1e6)
	return append(dst, '}')
}
