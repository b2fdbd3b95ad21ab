package agents

import (
	"context"
	"time"
)

// WithRegistryClock makes a Registry read time from now, so tests can move
// time without sleeping.
func WithRegistryClock(now func() time.Time) RegistryOption { return withClock(now) }

// WithAgentForTest returns ctx carrying a as its agent, without a span.
func WithAgentForTest(ctx context.Context, a *Agent) context.Context {
	return context.WithValue(ctx, agentKey{}, a)
}
