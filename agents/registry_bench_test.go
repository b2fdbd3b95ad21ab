package agents_test

import (
	"fmt"
	"testing"

	"github.com/Noveum/noveum-trace-go/agents"
)

const registryBenchAgents = 1_000

func newBenchRegistry(b *testing.B) (*agents.Registry, []agents.AgentInfo) {
	b.Helper()
	r := agents.NewRegistry()
	infos := make([]agents.AgentInfo, registryBenchAgents)
	for i := range infos {
		infos[i] = agents.AgentInfo{ID: fmt.Sprint("agent-", i), Name: "researcher",
			Description: "finds sources", Version: "1.2.0", Type: "researcher",
			Capabilities: []string{"search", "summarize", "cite"}}
		r.Register(infos[i])
	}
	return r, infos
}

func reportRegistryOpsPerSecond(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

func BenchmarkRegistryGetHit(b *testing.B) {
	r, infos := newBenchRegistry(b)
	keys := make([]string, len(infos))
	for i, info := range infos {
		keys[i] = info.ID
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, ok := r.Get(keys[i%len(keys)]); !ok {
			b.Fatal("miss")
		}
		i++
	}
	reportRegistryOpsPerSecond(b)
}

func BenchmarkRegistryRegisterExisting(b *testing.B) {
	r, infos := newBenchRegistry(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		r.Register(infos[i%len(infos)])
		i++
	}
	reportRegistryOpsPerSecond(b)
}
