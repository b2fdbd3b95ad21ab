package noveumtrace_test

import (
	"fmt"

	noveumtrace "github.com/Noveum/noveum-trace-go"
	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
)

// Build the llm helpers' Tracer from the SDK configuration: the file,
// environment and options config.Load reads.
func ExampleLLMOptions() {
	cfg, err := config.Load(
		config.WithEndpoint("http://127.0.0.1:4319/api"), // local: no API key needed
		config.WithCaptureContent(config.CaptureSpanOnly),
		config.WithPrices(map[string]config.ModelPrice{"acme-llm": {Input: 0.5, Output: 1.5}}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	opts, err := noveumtrace.LLMOptions(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	tracer := llm.NewTracer(opts...)
	llm.SetDefault(tracer) // llm.StartChat and friends now use it
	defer llm.SetDefault(nil)

	fmt.Println("capture:", tracer.CaptureContent())
	// Output:
	// capture: SPAN_ONLY
}
