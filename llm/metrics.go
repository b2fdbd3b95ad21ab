package llm

import (
	"context"
	"fmt"
	"slices"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/Noveum/noveum-trace-go/internal/version"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// instruments are the convention's client metrics.
type instruments struct {
	tokens   metric.Int64Histogram
	duration metric.Float64Histogram
	ttfc     metric.Float64Histogram
	tpoc     metric.Float64Histogram
}

func newInstruments(mp metric.MeterProvider) *instruments {
	m := mp.Meter(ScopeName,
		metric.WithInstrumentationVersion(version.Version),
		metric.WithSchemaURL(semconv.SchemaURL))
	var errs []error
	i := &instruments{}
	var err error
	i.tokens, err = m.Int64Histogram(semconv.GenAIClientTokenUsageName,
		metric.WithUnit(semconv.GenAIClientTokenUsageUnit),
		metric.WithDescription(semconv.GenAIClientTokenUsageDescription),
		metric.WithExplicitBucketBoundaries(semconv.GenAIClientTokenUsageBuckets()...))
	errs = append(errs, err)
	i.duration, err = m.Float64Histogram(semconv.GenAIClientOperationDurationName,
		metric.WithUnit(semconv.GenAIClientOperationDurationUnit),
		metric.WithDescription(semconv.GenAIClientOperationDurationDescription),
		metric.WithExplicitBucketBoundaries(semconv.GenAIClientOperationDurationBuckets()...))
	errs = append(errs, err)
	i.ttfc, err = m.Float64Histogram(semconv.GenAIClientOperationTimeToFirstChunkName,
		metric.WithUnit(semconv.GenAIClientOperationTimeToFirstChunkUnit),
		metric.WithDescription(semconv.GenAIClientOperationTimeToFirstChunkDescription),
		metric.WithExplicitBucketBoundaries(semconv.GenAIClientOperationTimeToFirstChunkBuckets()...))
	errs = append(errs, err)
	i.tpoc, err = m.Float64Histogram(semconv.GenAIClientOperationTimePerOutputChunkName,
		metric.WithUnit(semconv.GenAIClientOperationTimePerOutputChunkUnit),
		metric.WithDescription(semconv.GenAIClientOperationTimePerOutputChunkDescription),
		metric.WithExplicitBucketBoundaries(semconv.GenAIClientOperationTimePerOutputChunkBuckets()...))
	errs = append(errs, err)
	for _, err := range errs {
		if err != nil {
			// The API returns a working no-op instrument with the error.
			otel.Handle(fmt.Errorf("noveum llm: creating a metric instrument: %w", err))
		}
	}
	return i
}

// enabled reports whether any instrument records, so that a call under a
// no-op MeterProvider builds no metric attributes.
func (i *instruments) enabled(ctx context.Context) bool {
	return i.tokens.Enabled(ctx) || i.duration.Enabled(ctx) || i.ttfc.Enabled(ctx) || i.tpoc.Enabled(ctx)
}

// recordMetrics records the call's duration, token usage and, for a stream,
// its time to first chunk and the time of each later chunk. c.mu is held.
func (c *Call) recordMetrics(end time.Time, errType string) {
	ctx := context.WithoutCancel(c.ctx)
	common := make([]attribute.KeyValue, 0, 8)
	common = append(common, semconv.GenAIOperationName(c.op))
	if c.provider != "" {
		common = append(common, semconv.GenAIProviderName(c.provider))
	}
	if c.reqModel != "" {
		common = append(common, semconv.GenAIRequestModel(c.reqModel))
	}
	if c.respModel != "" {
		common = append(common, semconv.GenAIResponseModel(c.respModel))
	}
	common = appendServer(common, c.serverAddr, c.serverPort)
	// NewSet sorts the slice it is given in place: each set gets a slice of
	// its own, never one sharing common's array.
	with := func(kv attribute.KeyValue) attribute.Set {
		return attribute.NewSet(append(slices.Clip(common), kv)...)
	}
	base := attribute.NewSet(slices.Clone(common)...)

	withErr := base
	if errType != "" {
		withErr = with(semconv.ErrorType(errType))
	}
	c.t.inst.duration.Record(ctx, end.Sub(c.start).Seconds(), metric.WithAttributeSet(withErr))

	if n, ok := c.usage.InputTokens.Value(); ok {
		c.t.inst.tokens.Record(ctx, n, metric.WithAttributeSet(with(semconv.GenAITokenType(semconv.TokenInput))))
	}
	if n, ok := c.usage.OutputTokens.Value(); ok {
		c.t.inst.tokens.Record(ctx, n, metric.WithAttributeSet(with(semconv.GenAITokenType(semconv.TokenOutput))))
	}
	if c.stream.chunks > 0 {
		opt := metric.WithAttributeSet(base)
		c.t.inst.ttfc.Record(ctx, c.stream.first.Seconds(), opt)
		for _, d := range c.stream.intervals {
			c.t.inst.tpoc.Record(ctx, d, opt)
		}
	}
}
