// Package agents traces multi-agent systems with OpenTelemetry spans that
// follow the GenAI conventions: agent identity, agent, workflow, plan and
// tool spans, hand-offs and messages between agents, conversation identity
// carried in context.Context and stamped on every span. It depends on the
// OpenTelemetry API only; the identity processor, which works on SDK spans,
// is in agents/agentsdk, and the agent graph derived from ended spans in
// agents/agentgraph.
//
// Every function that takes a context.Context needs a non-nil one, as the
// context package asks: pass context.Background() or context.TODO() when
// there is none.
package agents
