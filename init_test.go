package noveumtrace_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	noveumtrace "github.com/Noveum/noveum-trace-go"
	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/internal/testenv"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// cleanEnv gives the test a clean environment (testenv.Clean).
func cleanEnv(t *testing.T) { testenv.Clean(t) }

func TestInitDisabled(t *testing.T) {
	cleanEnv(t)
	before := otel.GetTracerProvider()
	shutdown, err := noveumtrace.Init(context.Background(), noveumtrace.WithConfigOptions(config.WithDisabled(true)))
	require.NoError(t, err)
	assert.Same(t, before, otel.GetTracerProvider(), "a disabled SDK changes nothing")
	assert.NoError(t, shutdown(context.Background()))
}

func TestInitInvalidConfigChangesNothing(t *testing.T) {
	cleanEnv(t)
	before := otel.GetTracerProvider()
	_, err := noveumtrace.Init(context.Background(), noveumtrace.WithConfigOptions(config.WithEndpoint("https://api.noveum.ai/api")))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "APIKey: not set")
	assert.Same(t, before, otel.GetTracerProvider())
}

func TestInitProviderWithoutGlobalAndSampling(t *testing.T) {
	cleanEnv(t)
	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	defer srv.Close()
	before := otel.GetTracerProvider()
	tp, err := noveumtrace.InitProvider(context.Background(), noveumtrace.WithoutGlobal(),
		noveumtrace.WithConfigOptions(config.WithEndpoint(srv.URL), config.WithSampleRate(0)))
	require.NoError(t, err)
	assert.Same(t, before, otel.GetTracerProvider(), "WithoutGlobal leaves the globals alone")
	_, s := tp.Tracer("t").Start(context.Background(), "dropped by the sampler")
	s.End()
	require.NoError(t, tp.Shutdown(context.Background()))
	assert.Empty(t, srv.Traces(), "SampleRate 0 keeps nothing")
}

// Plugging into a provider the application already has: Init adds its
// processors to it, the helpers use it, and the shutdown takes out only
// what Init added.
func TestInitWithExistingProvider(t *testing.T) {
	cleanEnv(t)
	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	defer srv.Close()
	rec := tracetest.NewSpanRecorder() // the application's own pipeline
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	before := otel.GetTracerProvider()

	shutdown, err := noveumtrace.Init(context.Background(), noveumtrace.WithTracerProvider(tp),
		noveumtrace.WithConfigOptions(config.WithEndpoint(srv.URL), config.WithProject("existing")))
	require.NoError(t, err)
	assert.Same(t, before, otel.GetTracerProvider(), "the application's globals are its own")

	_, call := llm.StartChat(context.Background(), llm.Request{Provider: "openai", Model: "gpt-4o"})
	call.End(nil)
	require.NoError(t, shutdown(context.Background()))
	require.Len(t, srv.Traces(), 1, "delivered by the shutdown")
	assert.Len(t, rec.Ended(), 1, "the application's pipeline saw it too")

	_, s := tp.Tracer("app").Start(context.Background(), "after")
	s.End()
	assert.Len(t, rec.Ended(), 2, "the provider goes on running")
	assert.Len(t, srv.Traces(), 1, "without Noveum's processors")
}

// memExporter is an application's own exporter, in memory.
type memExporter struct {
	mu    sync.Mutex
	spans []sdktrace.ReadOnlySpan
}

func (e *memExporter) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.spans = append(e.spans, spans...)
	return nil
}

func (e *memExporter) Shutdown(context.Context) error { return nil }

func (e *memExporter) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.spans)
}

// The shutdown Init returns with WithTracerProvider flushes the whole
// provider: the application's own batcher (whose timeout would otherwise
// keep its spans for an hour) delivers too. It never shuts the provider
// down: spans started afterwards still reach the application's exporter.
func TestInitWithExistingProviderFlushesTheWholeProvider(t *testing.T) {
	cleanEnv(t)
	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	defer srv.Close()
	app := &memExporter{}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(app, sdktrace.WithBatchTimeout(time.Hour), sdktrace.WithMaxExportBatchSize(1000)))
	defer func() { _ = tp.Shutdown(context.Background()) }()

	shutdown, err := noveumtrace.Init(context.Background(), noveumtrace.WithTracerProvider(tp),
		noveumtrace.WithConfigOptions(config.WithEndpoint(srv.URL), config.WithProject("existing")))
	require.NoError(t, err)
	_, call := llm.StartChat(context.Background(), llm.Request{Provider: "openai", Model: "gpt-4o"})
	call.End(nil)
	require.Zero(t, app.count(), "the application's batcher holds the span until a flush")

	require.NoError(t, shutdown(context.Background()))
	assert.Equal(t, 1, app.count(), "the application's own exporter received the span when shutdown returned")
	require.Len(t, srv.Traces(), 1, "and Noveum too")

	_, s := tp.Tracer("app").Start(context.Background(), "after")
	s.End()
	require.NoError(t, tp.ForceFlush(context.Background()), "tp was not shut down")
	assert.Equal(t, 2, app.count(), "the provider goes on running for the application")
	assert.Len(t, srv.Traces(), 1, "without Noveum's processors")
}

// With no project and no OTEL_SERVICE_NAME, both the Noveum project and
// service.name are the program's name (here the test binary's,
// noveum-trace-go.test without ".test"); OTEL_SERVICE_NAME, when set,
// names both.
func TestInitDefaultsProjectAndServiceToProgramName(t *testing.T) {
	for _, tc := range []struct{ env, want string }{
		{"", strings.TrimSuffix(filepath.Base(os.Args[0]), ".test")}, // noveum-trace-go
		{"checkout", "checkout"},
	} {
		t.Run("OTEL_SERVICE_NAME="+tc.env, func(t *testing.T) {
			cleanEnv(t)
			t.Setenv("OTEL_SERVICE_NAME", tc.env)
			srv := noveumtest.NewServer(noveumtest.WithGoProfile())
			defer srv.Close()
			tp, err := noveumtrace.InitProvider(context.Background(), noveumtrace.WithoutGlobal(),
				noveumtrace.WithConfigOptions(config.WithEndpoint(srv.URL)))
			require.NoError(t, err, "a local endpoint needs no project")
			_, span := tp.Tracer("app").Start(context.Background(), "work")
			span.End()
			require.NoError(t, tp.Shutdown(context.Background()))
			traces := srv.Traces()
			require.Len(t, traces, 1)
			assert.NotEqual(t, "default", traces[0].Project)
			assert.Equal(t, tc.want, traces[0].Project)
			assert.Contains(t, string(srv.Requests()[0].Body), `"service.name":"`+tc.want+`"`)
		})
	}
}

// A configuration error reads as config.Load wrote it, once prefixed:
// "noveum config: ...", not "noveumtrace: noveum config: ..." nor
// "noveum exporter: noveum config: ...", and stays a *config.ValidationError.
func TestConfigErrorsHaveOnePrefix(t *testing.T) {
	cleanEnv(t)
	t.Setenv("NOVEUM_BATCH_SIZE", "-1")
	_, initErr := noveumtrace.Init(context.Background(), noveumtrace.WithoutGlobal())
	_, expErr := exporter.New(context.Background())
	_, cfgExpErr := exporter.New(context.Background(), exporter.WithConfig(config.Config{}))
	for name, err := range map[string]error{"Init": initErr, "exporter.New": expErr, "exporter.New(WithConfig)": cfgExpErr} {
		require.Error(t, err, name)
		assert.True(t, strings.HasPrefix(err.Error(), "noveum config: "), "%s: %v", name, err)
		assert.NotContains(t, err.Error(), ": noveum config:", "%s: one prefix", name)
		assert.False(t, strings.HasPrefix(err.Error(), "noveumtrace:") || strings.HasPrefix(err.Error(), "noveum exporter:"), "%s: %v", name, err)
		var verr *config.ValidationError
		assert.True(t, errors.As(err, &verr), "%s: %T", name, err)
	}
}
