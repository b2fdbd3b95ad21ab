package agents

import (
	"sync"

	"go.opentelemetry.io/otel/attribute"

	"github.com/Noveum/noveum-trace-go/internal/tracing"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// Agent is the identity of an agent: every span of the agent carries it, so
// that backends can tell agents apart and rebuild who called whom. Describe
// an agent once with NewAgent and reuse the *Agent. An Agent is immutable
// and safe for concurrent use.
type Agent struct {
	id, name, description, version, kind string
	provider                             semconv.Provider
	model                                string
	capabilities                         []string
	attrs                                []attribute.KeyValue
	spanNames                            [numNames]string // built once: no allocation per span
	unknownProvider                      sync.Once        // reports a missing provider once
}

// Indexes of Agent.spanNames.
const (
	nameInvoke = iota
	nameCreate
	namePlan
	numNames
)

// AgentInfo describes an agent. Name is required by the convention for a
// useful span name; every other field is optional.
type AgentInfo struct {
	// ID identifies the agent (gen_ai.agent.id), for example the id a
	// framework or a provider gave it.
	ID string
	// Name is the agent's human-readable name (gen_ai.agent.name); it names
	// its spans ("invoke_agent planner") and its node in the agent graph.
	Name string
	// Description says what the agent does (gen_ai.agent.description).
	Description string
	// Version is the agent's version (gen_ai.agent.version).
	Version string
	// Type classifies the agent: planner, researcher, ...
	// (noveum.agent.type, written by the exporter as agent.type).
	Type string
	// Capabilities lists what the agent can do (noveum.agent.capabilities).
	Capabilities []string
	// Provider is the GenAI provider behind the agent
	// (gen_ai.provider.name), which the convention requires on
	// create_agent and invoke_agent spans: set it when the agent is backed
	// by one model provider.
	Provider semconv.Provider
	// Model is the model the agent uses, if one (gen_ai.request.model).
	Model string
}

// NewAgent returns the identity info describes. Its attributes are built
// once, here, and shared by every span of the agent.
func NewAgent(info AgentInfo) *Agent {
	a := &Agent{id: info.ID, name: info.Name, description: info.Description, version: info.Version,
		kind: info.Type, capabilities: append([]string(nil), info.Capabilities...),
		provider: info.Provider, model: info.Model}
	if a.provider != "" {
		a.attrs = append(a.attrs, semconv.GenAIProviderName(a.provider))
	}
	if a.model != "" {
		a.attrs = append(a.attrs, semconv.GenAIRequestModel(a.model))
	}
	if a.id != "" {
		a.attrs = append(a.attrs, semconv.GenAIAgentID(a.id))
	}
	if a.name != "" {
		a.attrs = append(a.attrs, semconv.GenAIAgentName(a.name))
	}
	if a.description != "" {
		a.attrs = append(a.attrs, semconv.GenAIAgentDescription(a.description))
	}
	if a.version != "" {
		a.attrs = append(a.attrs, semconv.GenAIAgentVersion(a.version))
	}
	if a.kind != "" {
		a.attrs = append(a.attrs, semconv.NoveumAgentType(a.kind))
	}
	if len(a.capabilities) > 0 {
		a.attrs = append(a.attrs, semconv.NoveumAgentCapabilities(a.capabilities...))
	}
	label := a.label()
	for i, op := range [numNames]semconv.Operation{semconv.OperationInvokeAgent, semconv.OperationCreateAgent, semconv.OperationPlan} {
		a.spanNames[i] = tracing.SpanName(string(op), label)
	}
	return a
}

// ID returns the agent's id.
func (a *Agent) ID() string { return a.id }

// Name returns the agent's name.
func (a *Agent) Name() string { return a.name }

// Info returns the description the agent was made from.
func (a *Agent) Info() AgentInfo {
	return AgentInfo{ID: a.id, Name: a.name, Description: a.description, Version: a.version,
		Type: a.kind, Capabilities: append([]string(nil), a.capabilities...), Provider: a.provider, Model: a.model}
}

// Attributes returns the identity attributes every span of the agent
// carries, for spans you start yourself. The slice is a copy.
func (a *Agent) Attributes() []attribute.KeyValue {
	return append([]attribute.KeyValue(nil), a.attrs...)
}

// label names the agent in span names and hand-offs: its name, or else its
// id.
func (a *Agent) label() string {
	if a.name != "" {
		return a.name
	}
	return a.id
}

// unnamed stands in for a nil *Agent, so that a bad argument gives a span
// named "invoke_agent" rather than a panic.
var unnamed = NewAgent(AgentInfo{})

// orUnnamed returns a, or unnamed for nil.
func orUnnamed(a *Agent) *Agent {
	if a == nil {
		return unnamed
	}
	return a
}
