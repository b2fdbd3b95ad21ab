package agents

import "context"

// WithAgentForTest returns ctx carrying a as its agent, without a span.
func WithAgentForTest(ctx context.Context, a *Agent) context.Context {
	return context.WithValue(ctx, agentKey{}, a)
}
