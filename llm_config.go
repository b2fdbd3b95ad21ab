package noveumtrace

import (
	"fmt"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
)

// LLMOptions returns the llm.Tracer options that cfg describes: where
// message content is captured (CaptureContent), its byte budget
// (MaxContentBytes), and the price book: the built-in prices with cfg.Prices
// added or overriding them. Use it to build the llm Tracer of an existing
// OpenTelemetry setup from the same configuration as the exporter:
//
//	cfg, err := config.Load()
//	...
//	opts, err := noveumtrace.LLMOptions(cfg)
//	...
//	llm.SetDefault(llm.NewTracer(opts...))
//
// It fails when a price cannot be used, for example two names in
// cfg.Prices that normalise to the same model.
func LLMOptions(cfg config.Config) ([]llm.Option, error) {
	opts := []llm.Option{
		llm.WithCaptureContent(cfg.CaptureContent),
		// The default budget yields to a smaller MaxAttributeBytes, so that
		// the exporter never cuts captured JSON as plain text.
		llm.WithContentLimit(min(cfg.MaxContentBytes, cfg.MaxAttributeBytes)),
	}
	if len(cfg.Prices) > 0 {
		book := llm.DefaultPriceBook()
		if err := book.SetAll(cfg.Prices); err != nil {
			return nil, fmt.Errorf("noveumtrace: config Prices: %w", err)
		}
		opts = append(opts, llm.WithPriceBook(book))
	}
	return opts, nil
}
