package noveumexporter_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// queueYAML is OTLP -> batch -> noveum with a persistent sending queue in
// dir and fast retries.
func queueYAML(otlpAddr, endpoint, dir, noveumExtra string) string {
	return fmt.Sprintf(`
extensions:
  file_storage:
    directory: %s
receivers:
  otlp:
    protocols:
      http:
        endpoint: %s
processors:
  batch:
    timeout: 5ms
exporters:
  noveum:
    endpoint: %s
%s
    sending_queue:
      storage: file_storage
    retry_on_failure:
      initial_interval: 10ms
      max_interval: 20ms
      max_elapsed_time: 0
service:
  extensions: [file_storage]
  telemetry:
    metrics:
      level: none
    logs:
      level: error
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [noveum]
`, dir, otlpAddr, endpoint, noveumExtra)
}

// sendTraces sends n traces of three spans each to a Collector's OTLP
// receiver with the Go SDK.
func sendTraces(t *testing.T, otlpAddr string, n int) {
	t.Helper()
	otlp, err := otlptracehttp.New(context.Background(), otlptracehttp.WithEndpoint(otlpAddr), otlptracehttp.WithInsecure())
	require.NoError(t, err)
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(otlp),
		sdktrace.WithResource(resource.NewSchemaless(attribute.String("service.name", "fault-test"))))
	tr := tp.Tracer("fault")
	for i := range n {
		ctx, root := tr.Start(context.Background(), fmt.Sprintf("request %d", i))
		for j := range 2 {
			_, c := tr.Start(ctx, fmt.Sprintf("step %d", j))
			c.End()
		}
		root.End()
	}
	require.NoError(t, tp.Shutdown(context.Background())) // flushes: the receiver has answered for every span
}

// slowSeal keeps traces assembling until shutdown seals them.
const slowSeal = "    trace_grace: 30s\n    batch_delay: 5ms"

// The endpoint is down, the Collector restarts, then the endpoint is up:
// everything sealed into the persistent queue arrives, once.
func TestPersistentQueueSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	down := "http://" + freeAddr(t) + "/api" // nothing listens there

	otlpAddr := freeAddr(t)
	first := startCollector(t, queueYAML(otlpAddr, down, dir, slowSeal))
	sendTraces(t, otlpAddr, 5)
	first.stop(t) // seals the 5 traces into the persistent queue; delivery keeps failing

	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	defer srv.Close()
	otlpAddr = freeAddr(t)
	second := startCollector(t, queueYAML(otlpAddr, srv.URL, dir, slowSeal))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	traces, err := srv.WaitForTraces(ctx, 5)
	require.NoError(t, err, "the restarted Collector sends what was queued")
	second.stop(t)

	require.Len(t, srv.Traces(), 5, "nothing more")
	for _, tr := range traces {
		require.Equal(t, 3, tr.SpanCount, "whole traces")
	}
	require.Zero(t, srv.IgnoredDuplicates())
}

// The queue consumer splits on 413, honours 503 with retries, and drops a
// trace the service refuses (400) alone.
func TestQueueConsumerSplitsAndRetries(t *testing.T) {
	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	defer srv.Close()
	srv.Script(
		noveumtest.Response{Status: http.StatusServiceUnavailable},
		noveumtest.Response{Status: http.StatusRequestEntityTooLarge},
	)
	otlpAddr := freeAddr(t)
	// Traces seal as their roots end; the fourth fills a request.
	col := startCollector(t, queueYAML(otlpAddr, srv.URL, t.TempDir(), "    trace_grace: 0s\n    batch_size: 4\n    batch_delay: 1m"))
	sendTraces(t, otlpAddr, 4)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := srv.WaitForTraces(ctx, 4)
	require.NoError(t, err)
	col.stop(t)

	reqs := srv.Requests()
	require.GreaterOrEqual(t, len(reqs), 4)
	require.Equal(t, http.StatusServiceUnavailable, reqs[0].Status)
	require.Equal(t, http.StatusRequestEntityTooLarge, reqs[1].Status)
	require.Equal(t, http.StatusOK, reqs[2].Status)
	require.Equal(t, http.StatusOK, reqs[3].Status)
	require.Len(t, srv.Batches(), 2, "two halves after the 413")
	require.Len(t, srv.Batches()[0].Traces, 2)
	require.Len(t, srv.Traces(), 4, "every trace delivered once")
}

// When part of a request went through, only the rest is retried: no trace
// is sent twice.
func TestQueueConsumerRetriesOnlyTheRest(t *testing.T) {
	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	defer srv.Close()
	srv.Script(
		noveumtest.Response{Status: http.StatusRequestEntityTooLarge}, // 4 traces: split
		noveumtest.Response{}, // first half accepted
		noveumtest.Response{Status: http.StatusServiceUnavailable}, // second half: retry it alone
	)
	otlpAddr := freeAddr(t)
	col := startCollector(t, queueYAML(otlpAddr, srv.URL, t.TempDir(), "    trace_grace: 0s\n    batch_size: 4\n    batch_delay: 1m"))
	sendTraces(t, otlpAddr, 4)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := srv.WaitForTraces(ctx, 4)
	require.NoError(t, err)
	col.stop(t)

	reqs := srv.Requests()
	require.Len(t, reqs, 4)
	require.Equal(t, []int{413, 200, 503, 200}, []int{reqs[0].Status, reqs[1].Status, reqs[2].Status, reqs[3].Status})
	require.Len(t, srv.Batches(), 2)
	require.Len(t, srv.Batches()[1].Traces, 2, "the retry holds only the half that failed")
	require.Zero(t, srv.IgnoredDuplicates())
	require.Len(t, srv.Traces(), 4)
}
