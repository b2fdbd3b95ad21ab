// Command noveum-collector is an OpenTelemetry Collector with the noveum
// exporter: OTLP receiver, batch and memory_limiter processors, the noveum
// and otlphttp exporters and the file_storage extension. Run it with a
// configuration such as docs/collector-example.yaml:
//
//	cd exporter/noveumexporter && go run ./cmd/noveum-collector --config ../../docs/collector-example.yaml
//
// Every flag of the Collector's own command applies (--config, --set,
// validate, components).
package main

import (
	"fmt"
	"os"

	"go.opentelemetry.io/collector/otelcol"

	"github.com/Noveum/noveum-trace-go/exporter/noveumexporter/internal/distro"
)

func main() {
	if err := otelcol.NewCommand(distro.Settings()).Execute(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
