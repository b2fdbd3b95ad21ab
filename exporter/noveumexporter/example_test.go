package noveumexporter_test

import (
	"fmt"

	"github.com/Noveum/noveum-trace-go/exporter/noveumexporter"
)

// The factory a Collector distribution lists; its defaults are the SDK's.
func ExampleNewFactory() {
	f := noveumexporter.NewFactory()
	cfg := f.CreateDefaultConfig().(*noveumexporter.Config)
	fmt.Println(f.Type(), cfg.Endpoint, cfg.TraceGrace, "redaction:", cfg.Redaction.Enabled)
	// Output: noveum https://api.noveum.ai/api 500ms redaction: true
}

// Validation applies the SDK's rules and names the YAML keys.
func ExampleConfig_Validate() {
	cfg := noveumexporter.NewFactory().CreateDefaultConfig().(*noveumexporter.Config)
	cfg.APIKey = "nv_example"
	fmt.Println(cfg.Validate())
	cfg.Endpoint = "http://127.0.0.1:4319/api" // a local endpoint needs no key or project
	fmt.Println(cfg.Validate())
	// Output:
	// project: not set: set project (not needed for a local endpoint such as http://127.0.0.1:4319/api)
	// <nil>
}
