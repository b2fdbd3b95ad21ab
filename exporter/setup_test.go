package exporter_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// clearEnv unsets every variable that could configure the exporter.
func clearEnv(t *testing.T) {
	for _, k := range []string{"NOVEUM_API_KEY", "NOVEUM_PROJECT", "NOVEUM_ENDPOINT", "NOVEUM_ENVIRONMENT", "NOVEUM_CONFIG_FILE", "NOVEUM_BATCH_SIZE"} {
		t.Setenv(k, "")
	}
	t.Chdir(t.TempDir()) // no noveum-trace.yaml around
}

func TestNewRejectsBadConfiguration(t *testing.T) {
	tests := []struct {
		name string
		opts []exporter.Option
		want []string
	}{
		{"missing key and project for the cloud", []exporter.Option{exporter.WithEndpoint("https://api.noveum.ai/api")}, []string{"APIKey", "Project"}},
		{"malformed endpoint", []exporter.Option{exporter.WithEndpoint("http//nohost")}, []string{"Endpoint"}},
		{"out of range", []exporter.Option{exporter.WithEndpoint("http://127.0.0.1:4319/api"), exporter.WithConfigOptions(config.WithBatchSize(5000))}, []string{"BatchSize", "1000"}},
		{"bad config given whole", []exporter.Option{exporter.WithConfig(config.Config{})}, []string{"Endpoint"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			exp, err := exporter.New(context.Background(), append(tt.opts, exporter.WithAPIKey(""))...)
			require.Error(t, err)
			assert.Nil(t, exp)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			var verr *config.ValidationError
			assert.ErrorAs(t, err, &verr, "callers can inspect the problems")
		})
	}
}

func TestNewNeedsNoKeyForALocalEndpoint(t *testing.T) {
	clearEnv(t)
	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	defer srv.Close()
	exp, err := exporter.New(context.Background(), exporter.WithEndpoint(srv.URL))
	require.NoError(t, err)
	require.NoError(t, exp.Shutdown(context.Background()))
}

func TestEnvironmentAndOptionPrecedence(t *testing.T) {
	clearEnv(t)
	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	defer srv.Close()
	t.Setenv("NOVEUM_ENDPOINT", srv.URL)
	t.Setenv("NOVEUM_PROJECT", "from-env")
	t.Setenv("NOVEUM_ENVIRONMENT", "env-staging")

	exp, err := exporter.New(context.Background(), exporter.WithProject("from-option"))
	require.NoError(t, err)
	assert.Equal(t, "from-option", exp.Config().Project, "an option beats the environment")
	assert.Equal(t, "env-staging", exp.Config().Environment, "the environment beats the default")
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
	_, s := tp.Tracer("t").Start(context.Background(), "x")
	s.End()
	require.NoError(t, tp.Shutdown(context.Background()))
	traces := srv.Traces()
	require.Len(t, traces, 1, "the endpoint came from NOVEUM_ENDPOINT")
	assert.Equal(t, "from-option", traces[0].Project)
	assert.Equal(t, "env-staging", traces[0].Environment)
}

func TestMetrics(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer func() { _ = mp.Shutdown(context.Background()) }()
	h := newHarness(t, nil, exporter.WithMeterProvider(mp), exporter.WithClock(exporter.NewFakeClock(clockStart)))
	h.srv.Script(noveumtest.Response{Status: 422}, noveumtest.Response{Status: 503}) // a permanent error, then a retry
	emitTraces(h, 2)
	h.flush()
	emitTraces(h, 3)
	h.flush()

	var rm metricdata.ResourceMetrics
	require.NoError(t, reader.Collect(context.Background(), &rm))
	got := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			var points []metricdata.DataPoint[int64]
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				points = d.DataPoints
			case metricdata.Gauge[int64]:
				points = d.DataPoints
			}
			for _, dp := range points {
				key := m.Name
				for _, k := range []attribute.Key{"outcome", "reason", "stage", "action"} {
					if v, ok := dp.Attributes.Value(k); ok {
						key += "/" + v.AsString()
					}
				}
				got[key] = dp.Value
			}
		}
	}
	assert.Equal(t, int64(5), got["noveum.exporter.spans/received"])
	assert.Equal(t, int64(3), got["noveum.exporter.spans/sent"])
	assert.Equal(t, int64(2), got["noveum.exporter.spans/dropped/permanent_error"])
	// Every instrument reports what Stats says.
	st := h.exp.Stats()
	assert.Equal(t, int64(3), got["noveum.exporter.requests"], "422, 503, then 200")
	assert.Equal(t, int64(1), got["noveum.exporter.retries"])
	want := map[string]int64{
		"noveum.exporter.spans/received":        st.SpansReceived,
		"noveum.exporter.spans/sent":            st.SpansSent,
		"noveum.exporter.traces/received":       st.TracesReceived,
		"noveum.exporter.traces/sent":           st.TracesSent,
		"noveum.exporter.traces/continuation":   st.ContinuationTraces,
		"noveum.exporter.traces/split_part":     st.SplitParts,
		"noveum.exporter.requests":              st.Requests,
		"noveum.exporter.retries":               st.Retries,
		"noveum.exporter.bytes/uncompressed":    st.BytesUncompressed,
		"noveum.exporter.bytes/wire":            st.BytesSent,
		"noveum.exporter.buffer.usage":          st.BufferedBytes,
		"noveum.exporter.buffer.limit":          st.BufferBudget,
		"noveum.exporter.pressure/early_seal":   st.EarlySeals,
		"noveum.exporter.pressure/partial_seal": st.PartialSeals,
		"noveum.exporter.pressure/early_send":   st.EarlySends,
		"noveum.exporter.pressure/blocked":      st.BlockedWaits,
	}
	for r, n := range st.SpansDropped {
		want["noveum.exporter.spans/dropped/"+r.String()] = n
	}
	for r, n := range st.TracesDropped {
		want["noveum.exporter.traces/dropped/"+r.String()] = n
	}
	assert.Equal(t, want, got)
	assert.Positive(t, got["noveum.exporter.bytes/wire"])
	assert.Equal(t, int64(2), got["noveum.exporter.traces/dropped/permanent_error"])
}
