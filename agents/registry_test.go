package agents_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/Noveum/noveum-trace-go/agents"
)

// registryClock is a clock that moves only when told to.
type registryClock struct {
	mu sync.Mutex
	t  time.Time
}

func newRegistryClock() *registryClock {
	return &registryClock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *registryClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *registryClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newTestRegistry(clock *registryClock, opts ...agents.RegistryOption) *agents.Registry {
	return agents.NewRegistry(append([]agents.RegistryOption{agents.WithRegistryClock(clock.Now)}, opts...)...)
}

func TestRegistryTTLExpiresExactlyAfterTTL(t *testing.T) {
	clock := newRegistryClock()
	r := newTestRegistry(clock, agents.WithTTL(10*time.Minute))
	a := r.Register(agents.AgentInfo{ID: "a", Name: "planner"})

	clock.Advance(10*time.Minute - time.Nanosecond)
	assert.Equal(t, 1, r.Len(), "live one nanosecond before the TTL")
	assert.Zero(t, r.Stats().Expired)

	clock.Advance(time.Nanosecond)
	assert.Equal(t, 0, r.Len(), "gone exactly at the TTL")
	assert.Equal(t, uint64(1), r.Stats().Expired)
	got, ok := r.Get("a")
	assert.False(t, ok)
	assert.Nil(t, got)
	assert.Equal(t, uint64(1), r.Stats().Expired, "counted once")

	b := r.Register(agents.AgentInfo{ID: "a", Name: "planner"})
	assert.NotSame(t, a, b, "an expired agent is gone; registering again makes a new one")
	assert.Equal(t, agents.RegistryStats{Registered: 2, Expired: 1}, r.Stats())
}

func TestRegistryGetRefreshesLastUse(t *testing.T) {
	clock := newRegistryClock()
	r := newTestRegistry(clock, agents.WithTTL(10*time.Minute))
	a := r.Register(agents.AgentInfo{Name: "a"})
	r.Register(agents.AgentInfo{Name: "b"})

	clock.Advance(6 * time.Minute)
	got, ok := r.Get("a")
	require.True(t, ok)
	assert.Same(t, a, got)

	clock.Advance(4 * time.Minute) // b unused for 10m, a for 4m
	assert.Equal(t, 1, r.Len())
	assert.Equal(t, uint64(1), r.Stats().Expired)
	_, ok = r.Get("b")
	assert.False(t, ok)

	clock.Advance(6*time.Minute - time.Nanosecond)
	assert.Equal(t, 1, r.Len(), "a is live until 10m after the Get")
	clock.Advance(time.Nanosecond)
	got, ok = r.Get("a")
	require.False(t, ok, "a expires 10m after the Get")
	assert.Nil(t, got)
	assert.Equal(t, uint64(2), r.Stats().Expired)
}

func TestRegistryGetKeepsAliveIndefinitely(t *testing.T) {
	clock := newRegistryClock()
	r := newTestRegistry(clock, agents.WithTTL(time.Minute))
	a := r.Register(agents.AgentInfo{Name: "a"})
	for range 100 {
		clock.Advance(time.Minute - time.Nanosecond)
		got, ok := r.Get("a")
		require.True(t, ok)
		require.Same(t, a, got)
	}
	assert.Zero(t, r.Stats().Expired)
}

func TestRegistryRegisterRefreshesLastUse(t *testing.T) {
	clock := newRegistryClock()
	r := newTestRegistry(clock, agents.WithTTL(10*time.Minute))
	info := agents.AgentInfo{Name: "a"}
	a := r.Register(info)
	clock.Advance(9 * time.Minute)
	assert.Same(t, a, r.Register(info))
	clock.Advance(9 * time.Minute)
	got, ok := r.Get("a")
	require.True(t, ok)
	assert.Same(t, a, got)
}

func TestRegistryExpiredEntriesAllCounted(t *testing.T) {
	clock := newRegistryClock()
	r := newTestRegistry(clock, agents.WithTTL(time.Minute))
	for i := range 100 {
		r.Register(agents.AgentInfo{Name: fmt.Sprint("agent-", i)})
	}
	last := r.Register(agents.AgentInfo{Name: "agent-99"})
	clock.Advance(time.Minute)
	r.Register(agents.AgentInfo{Name: "fresh"})
	_, ok := r.Get("agent-98")
	assert.False(t, ok)
	assert.NotSame(t, last, r.Register(agents.AgentInfo{Name: "agent-99"}), "expired, so registered anew")
	assert.Equal(t, 2, r.Len())
	assert.Equal(t, agents.RegistryStats{Registered: 102, Expired: 100}, r.Stats())
}

func TestRegistryEvictsLeastRecentlyUsed(t *testing.T) {
	clock := newRegistryClock()
	r := newTestRegistry(clock, agents.WithMaxAgents(3))
	a := r.Register(agents.AgentInfo{Name: "a"})
	r.Register(agents.AgentInfo{Name: "b"})
	r.Register(agents.AgentInfo{Name: "c"})
	_, ok := r.Get("a") // b is now the least recently used
	require.True(t, ok)

	d := r.Register(agents.AgentInfo{Name: "d"})
	assert.Equal(t, 3, r.Len())
	assert.Equal(t, agents.RegistryStats{Registered: 4, Evicted: 1}, r.Stats())
	_, ok = r.Get("b")
	assert.False(t, ok, "b was evicted")
	for key, want := range map[string]*agents.Agent{"a": a, "d": d} {
		got, ok := r.Get(key)
		assert.True(t, ok, key)
		assert.Same(t, want, got, key)
	}

	assert.Same(t, a, r.Register(agents.AgentInfo{Name: "a"}), "re-registering does not evict")
	assert.Equal(t, uint64(1), r.Stats().Evicted)
}

func TestRegistryOverCapacityDropsExpiredBeforeEvicting(t *testing.T) {
	clock := newRegistryClock()
	r := newTestRegistry(clock, agents.WithMaxAgents(2), agents.WithTTL(time.Minute))
	r.Register(agents.AgentInfo{Name: "a"})
	clock.Advance(30 * time.Second)
	r.Register(agents.AgentInfo{Name: "b"})
	clock.Advance(30 * time.Second) // a expires now
	r.Register(agents.AgentInfo{Name: "c"})
	assert.Equal(t, agents.RegistryStats{Registered: 3, Expired: 1}, r.Stats())
	assert.Equal(t, 2, r.Len())
}

func TestRegistryRegisterSameInfoReturnsSameAgent(t *testing.T) {
	r := agents.NewRegistry()
	info := agents.AgentInfo{ID: "agent-7", Name: "researcher", Description: "finds sources",
		Version: "1.2.0", Type: "researcher", Capabilities: []string{"search", "summarize"}}
	a := r.Register(info)
	assert.Equal(t, info, a.Info())

	again := info
	again.Capabilities = []string{"search", "summarize"} // equal contents, another slice
	assert.Same(t, a, r.Register(again))
	assert.Same(t, a, r.Register(info))
	assert.Equal(t, agents.RegistryStats{Registered: 1}, r.Stats())

	info.Capabilities[0] = "changed" // the caller's slice is not the agent's
	assert.Equal(t, []string{"search", "summarize"}, a.Info().Capabilities)
}

func TestRegistryNilAndEmptyCapabilitiesAreSame(t *testing.T) {
	r := agents.NewRegistry()
	a := r.Register(agents.AgentInfo{Name: "a", Capabilities: []string{}})
	assert.Same(t, a, r.Register(agents.AgentInfo{Name: "a"}))
	assert.Zero(t, r.Stats().Replaced)
}

func TestRegistryChangedInfoReplaces(t *testing.T) {
	base := agents.AgentInfo{ID: "agent-7", Name: "researcher", Description: "finds sources",
		Version: "1.2.0", Type: "researcher", Capabilities: []string{"search", "summarize"}}
	changes := map[string]func(*agents.AgentInfo){
		"Name":                func(i *agents.AgentInfo) { i.Name = "analyst" },
		"Description":         func(i *agents.AgentInfo) { i.Description = "reads sources" },
		"Version":             func(i *agents.AgentInfo) { i.Version = "1.3.0" },
		"Type":                func(i *agents.AgentInfo) { i.Type = "critic" },
		"Capabilities order":  func(i *agents.AgentInfo) { i.Capabilities = []string{"summarize", "search"} },
		"Capabilities added":  func(i *agents.AgentInfo) { i.Capabilities = []string{"search", "summarize", "cite"} },
		"Capabilities gone":   func(i *agents.AgentInfo) { i.Capabilities = nil },
		"Capabilities member": func(i *agents.AgentInfo) { i.Capabilities = []string{"search", "translate"} },
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			r := agents.NewRegistry()
			old := r.Register(base)
			info := base
			info.Capabilities = append([]string(nil), base.Capabilities...)
			change(&info)

			replaced := r.Register(info)
			assert.NotSame(t, old, replaced)
			assert.Equal(t, info.Name, replaced.Name())
			assert.Equal(t, len(info.Capabilities), len(replaced.Info().Capabilities))
			got, ok := r.Get("agent-7")
			require.True(t, ok)
			assert.Same(t, replaced, got)
			assert.Equal(t, 1, r.Len())
			assert.Equal(t, agents.RegistryStats{Registered: 1, Replaced: 1}, r.Stats())
			assert.Equal(t, base, old.Info(), "the old agent is unchanged")
		})
	}
}

func TestRegistryKeyPrefersIDOverName(t *testing.T) {
	r := agents.NewRegistry()
	a := r.Register(agents.AgentInfo{ID: "id-1", Name: "planner"})
	b := r.Register(agents.AgentInfo{ID: "id-2", Name: "planner"})
	assert.NotSame(t, a, b, "same name, different ids: two agents")
	assert.Equal(t, 2, r.Len())

	got, ok := r.Get("id-1")
	require.True(t, ok)
	assert.Same(t, a, got)
	_, ok = r.Get("planner")
	assert.False(t, ok, "an agent with an ID is not found by its name")

	c := r.Register(agents.AgentInfo{Name: "writer"})
	got, ok = r.Get("writer")
	require.True(t, ok, "an agent without an ID is keyed by its name")
	assert.Same(t, c, got)
}

func TestRegistryInfoWithoutKeyIsNotStored(t *testing.T) {
	r := agents.NewRegistry()
	info := agents.AgentInfo{Description: "anonymous", Capabilities: []string{"chat"}}
	a := r.Register(info)
	require.NotNil(t, a)
	assert.Equal(t, info, a.Info())
	assert.NotSame(t, a, r.Register(info), "nothing stored, so nothing reused")
	assert.Equal(t, 0, r.Len())
	assert.Equal(t, agents.RegistryStats{}, r.Stats())
	_, ok := r.Get("")
	assert.False(t, ok)
}

func TestRegistryTTLZeroNeverExpires(t *testing.T) {
	for _, ttl := range []time.Duration{0, -time.Second} {
		t.Run(ttl.String(), func(t *testing.T) {
			clock := newRegistryClock()
			r := newTestRegistry(clock, agents.WithTTL(ttl))
			a := r.Register(agents.AgentInfo{Name: "a"})
			clock.Advance(100 * 365 * 24 * time.Hour)
			got, ok := r.Get("a")
			require.True(t, ok)
			assert.Same(t, a, got)
			assert.Equal(t, 1, r.Len())
			assert.Zero(t, r.Stats().Expired)
		})
	}
}

func TestRegistryDefaults(t *testing.T) {
	tests := []struct {
		name      string
		opts      []agents.RegistryOption
		realClock bool
	}{
		{name: "no options"},
		{name: "nil option", opts: []agents.RegistryOption{nil}},
		{name: "non-positive max", opts: []agents.RegistryOption{agents.WithMaxAgents(0), agents.WithMaxAgents(-1)}},
		{name: "nil clock keeps time.Now", opts: []agents.RegistryOption{agents.WithRegistryClock(nil)}, realClock: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newRegistryClock()
			opts := tt.opts
			if !tt.realClock {
				opts = append([]agents.RegistryOption{agents.WithRegistryClock(clock.Now)}, opts...)
			}
			r := agents.NewRegistry(opts...)
			for i := range 10_001 {
				r.Register(agents.AgentInfo{Name: fmt.Sprint("agent-", i)})
			}
			assert.Equal(t, 10_000, r.Len())
			assert.Equal(t, agents.RegistryStats{Registered: 10_001, Evicted: 1}, r.Stats())
			_, ok := r.Get("agent-0")
			assert.False(t, ok, "the first agent was evicted")
			if tt.realClock {
				return
			}

			clock.Advance(time.Hour - time.Nanosecond)
			_, ok = r.Get("agent-1")
			assert.True(t, ok, "live just before an hour")
			clock.Advance(time.Nanosecond)
			assert.Equal(t, 1, r.Len(), "after an hour only agent-1, used since, is live")
		})
	}
}

func TestRegistryZeroValueUsesDefaults(t *testing.T) {
	var r agents.Registry
	_, ok := r.Get("a")
	assert.False(t, ok)
	a := r.Register(agents.AgentInfo{Name: "a"})
	got, ok := r.Get("a")
	require.True(t, ok)
	assert.Same(t, a, got)
	assert.Equal(t, 1, r.Len())
}

func TestRegistryRemove(t *testing.T) {
	clock := newRegistryClock()
	r := newTestRegistry(clock, agents.WithTTL(time.Minute))
	r.Register(agents.AgentInfo{Name: "a"})
	r.Register(agents.AgentInfo{Name: "b"})

	assert.True(t, r.Remove("a"))
	assert.False(t, r.Remove("a"), "already removed")
	assert.False(t, r.Remove("never"))
	_, ok := r.Get("a")
	assert.False(t, ok)

	clock.Advance(time.Minute)
	assert.False(t, r.Remove("b"), "an expired agent is already gone")
	assert.Equal(t, agents.RegistryStats{Registered: 2, Removed: 1, Expired: 1}, r.Stats())
	assert.Equal(t, 0, r.Len())
}

func TestRegistryConcurrentSafe(t *testing.T) {
	const (
		goroutines = 16
		iterations = 2_000
		keys       = 64
		maxAgents  = 16
	)
	// A clock that ticks on every read, so entries also expire while the
	// goroutines run.
	var ticks atomic.Int64
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { return start.Add(time.Duration(ticks.Add(1)) * time.Millisecond) }
	r := agents.NewRegistry(agents.WithMaxAgents(maxAgents), agents.WithTTL(time.Second),
		agents.WithRegistryClock(now))

	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range iterations {
				key := fmt.Sprint("agent-", (g*7+i)%keys)
				switch i % 5 {
				case 0, 1:
					a := r.Register(agents.AgentInfo{ID: key, Version: fmt.Sprint(i % 3)})
					if a.ID() != key {
						t.Errorf("Register(%q) returned agent %q", key, a.ID())
					}
				case 2, 3:
					if a, ok := r.Get(key); ok && a.ID() != key {
						t.Errorf("Get(%q) returned agent %q", key, a.ID())
					}
				case 4:
					r.Remove(key)
				}
				if n := r.Len(); n > maxAgents {
					t.Errorf("Len() = %d, over the maximum %d", n, maxAgents)
				}
			}
		})
	}
	wg.Wait()

	n := r.Len()
	s := r.Stats()
	assert.LessOrEqual(t, n, maxAgents)
	assert.Equal(t, uint64(n), s.Registered-s.Expired-s.Evicted-s.Removed, "every agent gone is counted once: %+v", s)
	assert.NotZero(t, s.Evicted)
	assert.NotZero(t, s.Replaced)
	assert.NotZero(t, s.Removed)
}
