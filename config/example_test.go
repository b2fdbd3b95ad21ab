package config_test

import (
	"fmt"
	"time"

	"github.com/Noveum/noveum-trace-go/config"
)

// Load with options; options override the environment and any config file.
// A local endpoint such as noveum-local needs no API key or project.
func ExampleLoad() {
	cfg, err := config.Load(
		config.WithEndpoint("http://127.0.0.1:4319/api"),
		config.WithEnvironment("example"),
		config.WithBatchDelay(100*time.Millisecond),
		config.WithCaptureContent(config.CaptureSpanOnly),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.TracesURL())
	fmt.Println(cfg)
	// Output:
	// http://127.0.0.1:4319/api/v1/traces
	// {APIKey:[unset] Project:"" Environment:"example" Endpoint:"http://127.0.0.1:4319/api" ServiceVersion:"" Timeout:10s BatchSize:1000 BatchMaxBytes:4MiB BatchDelay:100ms TraceGrace:500ms TraceMaxAge:5m0s QueueSize:8192 MaxBufferBytes:64MiB Blocking:false MaxAttributeBytes:256KiB MaxContentBytes:64KiB RetryBudget:1m0s Compression:"none" CompressionLevel:6 CaptureContent:"SPAN_ONLY" SampleRate:1 Disabled:false Prices:[none] Redact:true RedactMode:"label" RedactKey:[unset] RedactDetectors:"all" RedactIdentity:"keep"}
}

// Every problem is reported at once, naming the field, where the value
// came from and what to do. The API key itself is never shown.
func ExampleConfig_Validate() {
	cfg := config.Default()
	cfg.APIKey = "nv secret"
	cfg.BatchSize = 5000
	fmt.Println(cfg.Validate())
	fmt.Println(cfg.String()[:20])
	// Output:
	// noveum config: 3 problems:
	//   APIKey: [redacted] (from code) contains spaces, quotes or control characters: set the key exactly as issued, without quotes or line breaks
	//   Project: not set: set NOVEUM_PROJECT or use WithProject (not needed for a local endpoint such as http://127.0.0.1:4319/api)
	//   BatchSize: 5000 (from code) is out of range: use a value from 1 to 1000
	// {APIKey:[set] Projec
}

// With applies options to a Config already built; an error names the
// option as the source of a bad value, as Load does.
func ExampleConfig_With() {
	base := config.Default().With(config.WithEndpoint("http://127.0.0.1:4319/api"))
	gzip := base.With(config.WithCompression(config.CompressionGzip))
	fmt.Println(base.Compression, gzip.Compression)
	fmt.Println(base.With(config.WithBatchSize(5000)).Validate())
	// Output:
	// none gzip
	// noveum config: BatchSize: 5000 (from option) is out of range: use a value from 1 to 1000
}
