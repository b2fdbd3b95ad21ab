package noveumexporter_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/otelcol"

	"github.com/Noveum/noveum-trace-go/exporter/noveumexporter"
	"github.com/Noveum/noveum-trace-go/exporter/noveumexporter/internal/distro"
)

// testSalt is the trace id salt of every exporter in these tests, so that
// bodies compare whole, trace_ids included.
const testSalt = 0x5eed

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

// runningCollector is a Collector of the noveum-collector distribution
// running in this process.
type runningCollector struct {
	col  *otelcol.Collector
	done chan error
}

// startCollector runs the distribution with the configuration yaml (the
// noveum exporter with testSalt) and waits until it runs.
func startCollector(t *testing.T, yaml string) *runningCollector {
	t.Helper()
	path := filepath.Join(t.TempDir(), "collector.yaml")
	require.NoError(t, os.WriteFile(path, []byte(yaml), 0o600))
	set := distro.Settings("file:" + path)
	set.DisableGracefulShutdown = true
	set.Factories = func() (otelcol.Factories, error) {
		f, err := distro.Components()
		if err != nil {
			return f, err
		}
		nf := noveumexporter.NewFactoryWithSalt(testSalt)
		f.Exporters = map[typeOf]exporter.Factory{nf.Type(): nf, otlpHTTPType: f.Exporters[otlpHTTPType]}
		return f, nil
	}
	col, err := otelcol.NewCollector(set)
	require.NoError(t, err)
	rc := &runningCollector{col: col, done: make(chan error, 1)}
	go func() { rc.done <- col.Run(context.Background()) }()
	deadline := time.Now().Add(20 * time.Second)
	for col.GetState() != otelcol.StateRunning {
		select {
		case err := <-rc.done:
			t.Fatalf("collector stopped while starting: %v", err)
		case <-time.After(5 * time.Millisecond): // the Collector offers no start signal
		}
		require.True(t, time.Now().Before(deadline), "collector did not start")
	}
	return rc
}

// stop shuts the Collector down: receivers, then processors (the batch
// processor flushes), then exporters (noveum seals its traces into the
// queue, which drains or persists), and waits for it.
func (rc *runningCollector) stop(t *testing.T) {
	t.Helper()
	rc.col.Shutdown()
	select {
	case err := <-rc.done:
		require.NoError(t, err)
	case <-time.After(30 * time.Second):
		t.Fatal("collector did not stop")
	}
}

// tracesOf decodes request bodies into their traces by trace_id, each with
// its spans sorted by span_id, so that bodies compare whatever the
// batching and order.
func tracesOf(t *testing.T, bodies [][]byte) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, b := range bodies {
		var batch struct {
			Traces []map[string]any `json:"traces"`
		}
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		require.NoError(t, d.Decode(&batch))
		for _, tr := range batch.Traces {
			spans, _ := tr["spans"].([]any)
			sort.Slice(spans, func(i, j int) bool {
				return fmt.Sprint(spans[i].(map[string]any)["span_id"]) < fmt.Sprint(spans[j].(map[string]any)["span_id"])
			})
			id := fmt.Sprint(tr["trace_id"])
			require.NotContains(t, out, id, "trace sent twice")
			out[id] = tr
		}
	}
	return out
}
