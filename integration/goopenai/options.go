package goopenai

import (
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// Option configures the traced HTTP client that WrapClient and Config
// return.
type Option interface{ apply(*config) }

type config struct {
	tracer   *llm.Tracer
	provider semconv.Provider
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

// WithTracer records the calls with t instead of llm.Default(). Without
// it, each call uses the llm.Default() of the moment, so a
// noveumtrace.Init made after the client was built still applies. A nil t
// keeps that default.
func WithTracer(t *llm.Tracer) Option {
	return optionFunc(func(c *config) { c.tracer = t })
}

// WithProvider records p as gen_ai.provider.name on every call, instead
// of the name derived from the host called (see ProviderForHost). Use it
// for OpenAI-compatible servers the host does not identify, such as a
// gateway or a local server. An empty p keeps the derived name.
func WithProvider(p semconv.Provider) Option {
	return optionFunc(func(c *config) { c.provider = p })
}
