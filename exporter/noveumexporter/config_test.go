package noveumexporter_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/otelcol"

	"github.com/Noveum/noveum-trace-go/exporter/noveumexporter/internal/distro"
)

// validate runs the Collector's own config validation (as
// `noveum-collector validate` does) on a noveum exporter section.
func validate(t *testing.T, exporterYAML string) error {
	t.Helper()
	yaml := fmt.Sprintf(`
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:0
exporters:
  noveum:
%s
service:
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [noveum]
`, exporterYAML)
	path := filepath.Join(t.TempDir(), "c.yaml")
	require.NoError(t, os.WriteFile(path, []byte(yaml), 0o600))
	col, err := otelcol.NewCollector(distro.Settings("file:" + path))
	require.NoError(t, err)
	return col.DryRun(context.Background())
}

func TestConfigErrorsNameYAMLKeys(t *testing.T) {
	err := validate(t, `    endpoint: https://api.noveum.ai/api`)
	require.Error(t, err)
	msg := err.Error()
	require.Contains(t, msg, "exporters::noveum: ")
	require.Contains(t, msg, "api_key: not set: set api_key (not needed for a local endpoint")
	require.Contains(t, msg, "project: not set: set project")
	require.NotContains(t, msg, "NOVEUM_")
	require.NotContains(t, msg, "APIKey")
	require.NotContains(t, msg, "WithAPIKey")

	err = validate(t, `
    endpoint: https://api.noveum.ai/api
    api_key: "nv_secret value"
    project: p
    trace_grace: 5m
    batch_size: 0
    redaction:
      mode: pseudonym`)
	require.Error(t, err)
	msg = err.Error()
	require.NotContains(t, msg, "nv_secret", "the key never shows")
	require.Contains(t, msg, "api_key: [redacted] contains spaces")
	require.Contains(t, msg, "trace_grace: 5m0s is out of range")
	require.Contains(t, msg, "batch_size: 0 is out of range")
	require.Contains(t, msg, `redaction::key: not set: redaction::mode "pseudonym" needs a key`)
	require.NotContains(t, msg, "NOVEUM_")
	require.NotContains(t, msg, "RedactMode")

	require.NoError(t, validate(t, `    endpoint: http://127.0.0.1:4319/api`), "a local endpoint needs no key or project")
	require.NoError(t, validate(t, `
    endpoint: https://api.noveum.ai/api
    api_key: nv_abc
    project: p
    compression: gzip
    sending_queue:
      queue_size: 100
    retry_on_failure:
      initial_interval: 1s`))
}

// The example configuration of docs/collector.md is valid.
func TestExampleConfigValidates(t *testing.T) {
	t.Setenv("NOVEUM_COLLECTOR_STORAGE", t.TempDir())
	col, err := otelcol.NewCollector(distro.Settings("file:../../docs/collector-example.yaml"))
	require.NoError(t, err)
	require.NoError(t, col.DryRun(context.Background()))
}
