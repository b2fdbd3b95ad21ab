package noveumanthropic

import "github.com/Noveum/noveum-trace-go/llm"

// Option configures the middleware.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	tracer *llm.Tracer
}

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

// WithTracer records the calls with t, overriding llm.Default(). Without it
// (or with a nil t) each call is recorded with the llm.Default() of its
// time, so a Tracer set later by noveumtrace.Init or llm.SetDefault is
// used.
func WithTracer(t *llm.Tracer) Option {
	return optionFunc(func(c *config) { c.tracer = t })
}
