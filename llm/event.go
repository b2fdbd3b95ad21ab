package llm

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// emitDetails records the convention's gen_ai.client.inference.operation.details
// event (capture modes EVENT_ONLY and SPAN_AND_EVENT): the operation, the
// model, the response's identity and the captured content as structured
// values (messages as lists of maps, not JSON strings). With a
// LoggerProvider (WithLoggerProvider) it is a log record, as the
// convention defines it, correlated with the span through the call's
// context; without one it is an event on the span.
func (c *Call) emitDetails(end time.Time, errType string) {
	attrs := make([]attribute.KeyValue, 0, 8+numContent)
	attrs = append(attrs, semconv.GenAIOperationName(c.op))
	if c.provider != "" {
		attrs = append(attrs, semconv.GenAIProviderName(c.provider))
	}
	if c.reqModel != "" {
		attrs = append(attrs, semconv.GenAIRequestModel(c.reqModel))
	}
	if c.respModel != "" {
		attrs = append(attrs, semconv.GenAIResponseModel(c.respModel))
	}
	if c.respID != "" {
		attrs = append(attrs, semconv.GenAIResponseID(c.respID))
	}
	if len(c.finish) > 0 {
		attrs = append(attrs, semconv.GenAIResponseFinishReasons(c.finish...))
	}
	if errType != "" {
		attrs = append(attrs, semconv.ErrorType(errType))
	}
	content := 0
	for k, v := range c.content {
		if v == "" {
			continue
		}
		content++
		if k == cQuery { // plain text, not JSON
			attrs = append(attrs, contentKeys[k].String(v))
			continue
		}
		attrs = append(attrs, attribute.KeyValue{Key: contentKeys[k], Value: structured(v)})
	}
	if content == 0 {
		return // nothing was captured: no event
	}
	if c.t.logger != nil {
		var r log.Record
		r.SetEventName(semconv.EventInferenceDetails)
		r.SetTimestamp(end)
		r.SetObservedTimestamp(end)
		r.SetSeverity(log.SeverityInfo)
		r.AddAttributes(attrs...)
		c.t.logger.Emit(c.ctx, r)
		return
	}
	c.span.AddEvent(semconv.EventInferenceDetails, trace.WithAttributes(attrs...), trace.WithTimestamp(end))
}

// structured turns content captured as JSON into a structured value: JSON
// objects become maps, arrays slices, integers int64, other numbers
// float64. Content that is not JSON stays a string.
func structured(s string) attribute.Value {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	v, err := decodeValue(dec, 0)
	if err != nil {
		return attribute.StringValue(s)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return attribute.StringValue(s) // trailing data
	}
	return v
}

// maxStructuredDepth bounds the nesting decodeValue follows; deeper content
// is kept as a string.
const maxStructuredDepth = 64

var errTooDeep = errors.New("content nested too deeply")

func decodeValue(dec *json.Decoder, depth int) (attribute.Value, error) {
	if depth > maxStructuredDepth {
		return attribute.Value{}, errTooDeep
	}
	tok, err := dec.Token()
	if err != nil {
		return attribute.Value{}, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			var kvs []attribute.KeyValue
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return attribute.Value{}, err
				}
				key, _ := kt.(string)
				v, err := decodeValue(dec, depth+1)
				if err != nil {
					return attribute.Value{}, err
				}
				kvs = append(kvs, attribute.KeyValue{Key: attribute.Key(key), Value: v})
			}
			if _, err := dec.Token(); err != nil { // '}'
				return attribute.Value{}, err
			}
			return attribute.MapValue(kvs...), nil
		case '[':
			var vs []attribute.Value
			for dec.More() {
				v, err := decodeValue(dec, depth+1)
				if err != nil {
					return attribute.Value{}, err
				}
				vs = append(vs, v)
			}
			if _, err := dec.Token(); err != nil { // ']'
				return attribute.Value{}, err
			}
			return attribute.SliceValue(vs...), nil
		}
	case string:
		return attribute.StringValue(t), nil
	case json.Number:
		if n, err := t.Int64(); err == nil {
			return attribute.Int64Value(n), nil
		}
		f, err := t.Float64()
		if err != nil {
			return attribute.StringValue(t.String()), nil
		}
		return attribute.Float64Value(f), nil
	case bool:
		return attribute.BoolValue(t), nil
	case nil:
		return attribute.Value{}, nil // null: an empty value
	}
	return attribute.Value{}, errors.New("unexpected JSON token")
}
