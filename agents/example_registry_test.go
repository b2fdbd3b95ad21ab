package agents_test

import (
	"fmt"
	"time"

	"github.com/Noveum/noveum-trace-go/agents"
)

// A service that creates agents per request registers each one on every
// request: the first call describes the agent, later ones reuse it, so
// every span of the agent carries the same identity.
func ExampleRegistry() {
	registry := agents.NewRegistry(agents.WithMaxAgents(1_000), agents.WithTTL(30*time.Minute))

	handle := func(tenant string) *agents.Agent {
		return registry.Register(agents.AgentInfo{
			ID:           "support-" + tenant,
			Name:         "support",
			Version:      "2.1.0",
			Capabilities: []string{"search_kb", "open_ticket"},
		})
	}

	first := handle("acme")
	second := handle("acme")
	fmt.Println("same agent:", first == second)

	handle("globex")
	agent, ok := registry.Get("support-globex")
	fmt.Println(agent.Name(), agent.ID(), ok)

	// A new version under the same id replaces the old identity.
	registry.Register(agents.AgentInfo{ID: "support-acme", Name: "support", Version: "2.2.0"})

	fmt.Println("agents:", registry.Len())
	fmt.Printf("%+v\n", registry.Stats())
	// Output:
	// same agent: true
	// support support-globex true
	// agents: 2
	// {Registered:2 Replaced:1 Expired:0 Evicted:0 Removed:0}
}
