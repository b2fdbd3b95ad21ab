package noveumopenai

import (
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// Option configures the middleware.
type Option interface {
	apply(*config)
}

type config struct {
	tracer   *llm.Tracer      // nil: llm.Default() at each request
	provider semconv.Provider // "": from the request's host
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

// WithTracer records with t instead of llm.Default(). Without it, the
// middleware looks up llm.Default() at each request, so a Tracer set later
// (by noveumtrace.Init or llm.SetDefault) is used. A nil t keeps the
// default.
func WithTracer(t *llm.Tracer) Option {
	return optionFunc(func(c *config) { c.tracer = t })
}

// WithProvider records p as gen_ai.provider.name instead of the name the
// middleware derives from the request's host (see Middleware). Use it for
// an OpenAI-compatible server the middleware does not know, such as a
// gateway or a local server. An empty p keeps the derived name.
func WithProvider(p semconv.Provider) Option {
	return optionFunc(func(c *config) { c.provider = p })
}
