package llm

import "time"

// WithClock makes a Tracer read time from now, for tests of timings.
func WithClock(now func() time.Time) Option {
	return optionFunc(func(o *options) { o.now = now })
}
