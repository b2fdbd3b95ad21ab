package exporter

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// scopeName is the instrumentation scope of the exporter's own metrics.
const scopeName = "github.com/Noveum/noveum-trace-go/exporter"

// registerMetrics publishes the counters as asynchronous instruments, read
// from Stats at collection time, so they cost nothing on the span path.
func registerMetrics(mp metric.MeterProvider, e *Exporter) (metric.Registration, error) {
	m := mp.Meter(scopeName, metric.WithInstrumentationVersion(Version))
	spans, err := m.Int64ObservableCounter(semconv.NoveumExporterSpansName,
		metric.WithUnit("{span}"),
		metric.WithDescription("Spans by outcome: received, sent, or dropped with a reason."))
	if err != nil {
		return nil, err
	}
	traces, err := m.Int64ObservableCounter(semconv.NoveumExporterTracesName,
		metric.WithUnit("{trace}"),
		metric.WithDescription("Traces by outcome: received, sent, continuation, split_part, or dropped with a reason."))
	if err != nil {
		return nil, err
	}
	requests, err := m.Int64ObservableCounter(semconv.NoveumExporterRequestsName,
		metric.WithUnit("{request}"),
		metric.WithDescription("HTTP requests made to the Noveum API, retries included."))
	if err != nil {
		return nil, err
	}
	retries, err := m.Int64ObservableCounter(semconv.NoveumExporterRetriesName,
		metric.WithUnit("{request}"),
		metric.WithDescription("Requests repeated after a retryable failure."))
	if err != nil {
		return nil, err
	}
	bytesCtr, err := m.Int64ObservableCounter(semconv.NoveumExporterBytesName,
		metric.WithUnit("By"),
		metric.WithDescription("Request body bytes, before (stage=uncompressed) and after (stage=wire) compression."))
	if err != nil {
		return nil, err
	}
	buffered, err := m.Int64ObservableGauge(semconv.NoveumExporterBufferUsageName,
		metric.WithUnit("By"),
		metric.WithDescription("Memory held for pending spans and requests, bounded by MaxBufferBytes."))
	if err != nil {
		return nil, err
	}

	limit, err := m.Int64ObservableGauge(semconv.NoveumExporterBufferLimitName,
		metric.WithUnit("By"),
		metric.WithDescription("The memory budget, MaxBufferBytes, that the buffer usage is held against."))
	if err != nil {
		return nil, err
	}
	pressured, err := m.Int64ObservableCounter(semconv.NoveumExporterPressureName,
		metric.WithUnit("{event}"),
		metric.WithDescription("What memory pressure made the exporter do early, by action: early_seal, partial_seal, early_send, blocked."))
	if err != nil {
		return nil, err
	}

	action := attribute.Key("action")
	earlySeal := metric.WithAttributes(action.String("early_seal"))
	partialSeal := metric.WithAttributes(action.String("partial_seal"))
	earlySend := metric.WithAttributes(action.String("early_send"))
	blocked := metric.WithAttributes(action.String("blocked"))
	outcome := attribute.Key("outcome")
	reason := attribute.Key("reason")
	received := metric.WithAttributes(outcome.String("received"))
	sent := metric.WithAttributes(outcome.String("sent"))
	continuation := metric.WithAttributes(outcome.String("continuation"))
	splitPart := metric.WithAttributes(outcome.String("split_part"))
	dropped := make([]metric.ObserveOption, numDropReasons)
	for r := DropReason(0); r < numDropReasons; r++ {
		dropped[r] = metric.WithAttributes(outcome.String("dropped"), reason.String(r.String()))
	}
	uncompressed := metric.WithAttributes(attribute.String("stage", "uncompressed"))
	wireStage := metric.WithAttributes(attribute.String("stage", "wire"))

	return m.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		s := e.Stats()
		o.ObserveInt64(spans, s.SpansReceived, received)
		o.ObserveInt64(spans, s.SpansSent, sent)
		o.ObserveInt64(traces, s.TracesReceived, received)
		o.ObserveInt64(traces, s.TracesSent, sent)
		o.ObserveInt64(traces, s.ContinuationTraces, continuation)
		o.ObserveInt64(traces, s.SplitParts, splitPart)
		for r := DropReason(0); r < numDropReasons; r++ {
			o.ObserveInt64(spans, s.SpansDropped[r], dropped[r])
			o.ObserveInt64(traces, s.TracesDropped[r], dropped[r])
		}
		o.ObserveInt64(requests, s.Requests)
		o.ObserveInt64(retries, s.Retries)
		o.ObserveInt64(bytesCtr, s.BytesUncompressed, uncompressed)
		o.ObserveInt64(bytesCtr, s.BytesSent, wireStage)
		o.ObserveInt64(buffered, s.BufferedBytes)
		o.ObserveInt64(limit, s.BufferBudget)
		o.ObserveInt64(pressured, s.EarlySeals, earlySeal)
		o.ObserveInt64(pressured, s.PartialSeals, partialSeal)
		o.ObserveInt64(pressured, s.EarlySends, earlySend)
		o.ObserveInt64(pressured, s.BlockedWaits, blocked)
		return nil
	}, spans, traces, requests, retries, bytesCtr, buffered, limit, pressured)
}
