package noveumexporter_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/exporter/exportertest"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/Noveum/noveum-trace-go/exporter/noveumexporter"
	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// Shutdown without Start, spans before Start, and a nil-ish empty batch
// neither panic nor hang; the API key never shows in the config's %v.
func TestLifecycleAndBadInput(t *testing.T) {
	f := noveumexporter.NewFactory()
	cfg := f.CreateDefaultConfig().(*noveumexporter.Config)
	srv := noveumtest.NewServer()
	defer srv.Close()
	cfg.Endpoint = srv.URL
	cfg.APIKey = "nv_topsecret_key"
	require.NotContains(t, fmtV(cfg), "nv_topsecret_key")

	exp, err := f.CreateTraces(context.Background(), exportertest.NewNopSettings(f.Type()), cfg)
	require.NoError(t, err)
	require.Error(t, exp.ConsumeTraces(context.Background(), ptrace.NewTraces()), "not started")
	require.NoError(t, exp.Shutdown(context.Background()), "shutdown without start")

	exp, err = f.CreateTraces(context.Background(), exportertest.NewNopSettings(f.Type()), cfg)
	require.NoError(t, err)
	require.NoError(t, exp.Start(context.Background(), componenttest.NewNopHost()))
	require.NoError(t, exp.ConsumeTraces(context.Background(), ptrace.NewTraces()), "an empty batch")
	require.NoError(t, exp.Shutdown(context.Background()))
	require.NoError(t, exp.Shutdown(context.Background()), "twice")
	require.Empty(t, srv.Requests())
}

func fmtV(v any) string { return fmt.Sprintf("%v %+v %#v", v, v, v) }
