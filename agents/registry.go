package agents

import (
	"slices"
	"sync"
	"time"
)

const (
	defaultMaxAgents = 10_000
	defaultTTL       = time.Hour
	// sweepBatch bounds how many expired entries one Register or Get drops,
	// so the first call after a long idle spell does not pay for the whole
	// registry; Len and Stats drop them all, since they must be exact.
	sweepBatch = 16
)

// Registry holds agent identities by key (ID, else Name), so that a
// long-running process creating agents at run time describes each agent once
// and every span of it carries the same *Agent. It holds at most a bounded
// number of agents (WithMaxAgents) and forgets an agent not used for a while
// (WithTTL). Cleanup runs inside the calls themselves, a little at a time,
// so a Registry starts no goroutine and needs no Close. Every agent it lets
// go is counted in Stats.
//
// A Registry is safe for concurrent use. The zero Registry is ready to use
// with the defaults; NewRegistry sets options.
type Registry struct {
	mu      sync.Mutex
	ready   bool
	max     int
	ttl     time.Duration
	now     func() time.Time
	entries map[string]*registryEntry
	// root is the sentinel of a circular list in least-recently-used order:
	// root.next is the most recently used entry, root.prev the least.
	root  registryEntry
	stats RegistryStats
}

// registryEntry is one agent in a Registry, linked into its LRU list.
type registryEntry struct {
	agent      *Agent
	lastUse    time.Time
	prev, next *registryEntry
}

// RegistryStats counts what a Registry did since it was made. Every agent
// that left the registry is counted under exactly one reason, so
// Registered - Expired - Evicted - Removed equals Len.
type RegistryStats struct {
	// Registered counts agents stored under a key that held none.
	Registered uint64
	// Replaced counts agents replaced by a different description under the
	// same key (a new version, say).
	Replaced uint64
	// Expired counts agents dropped because their TTL passed unused.
	Expired uint64
	// Evicted counts least recently used agents dropped to stay within
	// the maximum size.
	Evicted uint64
	// Removed counts agents dropped by Remove.
	Removed uint64
}

// RegistryOption configures a Registry made by NewRegistry.
type RegistryOption func(*registryConfig)

type registryConfig struct {
	maxAgents int
	ttl       time.Duration
	now       func() time.Time
}

func newRegistryConfig(opts ...RegistryOption) registryConfig {
	c := registryConfig{maxAgents: defaultMaxAgents, ttl: defaultTTL, now: time.Now}
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	return c
}

// WithMaxAgents overrides the maximum number of agents a Registry holds
// (default 10,000). Registering one more evicts the least recently used.
// n <= 0 means the default.
func WithMaxAgents(n int) RegistryOption {
	return func(c *registryConfig) {
		if n <= 0 {
			n = defaultMaxAgents
		}
		c.maxAgents = n
	}
}

// WithTTL overrides how long an agent stays in a Registry after its last
// use by Register or Get (default 1 hour). An agent unused for d or longer
// is gone. d <= 0 means agents never expire; they still leave by eviction.
func WithTTL(d time.Duration) RegistryOption {
	return func(c *registryConfig) {
		if d < 0 {
			d = 0
		}
		c.ttl = d
	}
}

// withClock sets the clock a Registry reads; nil keeps time.Now. Tests
// reach it through WithRegistryClock.
func withClock(now func() time.Time) RegistryOption {
	return func(c *registryConfig) {
		if now != nil {
			c.now = now
		}
	}
}

// NewRegistry returns an empty Registry configured by opts; nil options
// are ignored.
func NewRegistry(opts ...RegistryOption) *Registry {
	r := &Registry{}
	r.init(newRegistryConfig(opts...))
	return r
}

func (r *Registry) init(c registryConfig) {
	r.max, r.ttl, r.now = c.maxAgents, c.ttl, c.now
	r.entries = make(map[string]*registryEntry)
	r.root.next, r.root.prev = &r.root, &r.root
	r.ready = true
}

// lock locks r and readies a zero Registry; it returns the time the call
// works at. The clock is read under the lock so that list order and
// last-use order agree, which lets sweep stop at the first live entry.
func (r *Registry) lock() time.Time {
	r.mu.Lock()
	if !r.ready {
		r.init(newRegistryConfig())
	}
	return r.now()
}

// Register returns the registry's agent for info, keyed by info.ID, else
// info.Name, and marks it used. If the key holds an agent with the same
// description (every field, Capabilities included), Register returns that
// same *Agent and allocates nothing, so it is cheap to call on every
// request. If the description differs, the new agent replaces the old one
// (counted in Stats as Replaced). An info with neither ID nor Name has no
// key: Register returns NewAgent(info) and stores nothing.
func (r *Registry) Register(info AgentInfo) *Agent {
	key := info.ID
	if key == "" {
		key = info.Name
	}
	if key == "" {
		return NewAgent(info)
	}
	now := r.lock()
	defer r.mu.Unlock()
	r.sweep(now, sweepBatch)
	if e, ok := r.entries[key]; ok {
		if r.expired(e, now) {
			r.drop(e)
			r.stats.Expired++
		} else {
			r.touch(e, now)
			if !sameInfo(e.agent, info) {
				e.agent = NewAgent(info)
				r.stats.Replaced++
			}
			return e.agent
		}
	}
	e := &registryEntry{agent: NewAgent(info)}
	r.entries[key] = e
	r.touch(e, now)
	r.stats.Registered++
	// The sweep above left no expired entry at the back: either it reached
	// a live one, or it dropped sweepBatch entries, leaving room for this one.
	for len(r.entries) > r.max {
		r.drop(r.root.prev)
		r.stats.Evicted++
	}
	return e.agent
}

// Get returns the agent registered under key (its ID, else its Name) and
// marks it used. An agent whose TTL has passed is gone: Get reports false.
func (r *Registry) Get(key string) (*Agent, bool) {
	now := r.lock()
	defer r.mu.Unlock()
	r.sweep(now, sweepBatch)
	e, ok := r.entries[key]
	if !ok {
		return nil, false
	}
	if r.expired(e, now) {
		r.drop(e)
		r.stats.Expired++
		return nil, false
	}
	r.touch(e, now)
	return e.agent, true
}

// Remove drops the agent registered under key and reports whether there was
// one. An agent whose TTL had already passed counts as expired, not removed,
// and Remove reports false.
func (r *Registry) Remove(key string) bool {
	now := r.lock()
	defer r.mu.Unlock()
	e, ok := r.entries[key]
	if !ok {
		return false
	}
	r.drop(e)
	if r.expired(e, now) {
		r.stats.Expired++
		return false
	}
	r.stats.Removed++
	return true
}

// Len returns the number of agents in the registry whose TTL has not passed.
func (r *Registry) Len() int {
	now := r.lock()
	defer r.mu.Unlock()
	r.sweep(now, -1)
	return len(r.entries)
}

// Stats returns the registry's counters, with every agent whose TTL has
// passed counted as Expired.
func (r *Registry) Stats() RegistryStats {
	now := r.lock()
	defer r.mu.Unlock()
	r.sweep(now, -1)
	return r.stats
}

// sweep drops up to limit expired entries (all of them if limit < 0) from
// the least recently used end, stopping at the first live one.
func (r *Registry) sweep(now time.Time, limit int) {
	for ; limit != 0; limit-- {
		back := r.root.prev
		if back == &r.root || !r.expired(back, now) {
			return
		}
		r.drop(back)
		r.stats.Expired++
	}
}

func (r *Registry) expired(e *registryEntry, now time.Time) bool {
	return r.ttl > 0 && now.Sub(e.lastUse) >= r.ttl
}

// touch records a use of e at now and moves it to the front of the list,
// linking it in if it is new.
func (r *Registry) touch(e *registryEntry, now time.Time) {
	e.lastUse = now
	if e.prev != nil {
		if r.root.next == e {
			return
		}
		e.prev.next, e.next.prev = e.next, e.prev
	}
	e.prev, e.next = &r.root, r.root.next
	r.root.next.prev = e
	r.root.next = e
}

// drop unlinks e and forgets its key.
func (r *Registry) drop(e *registryEntry) {
	e.prev.next, e.next.prev = e.next, e.prev
	e.prev, e.next = nil, nil
	delete(r.entries, e.agent.key())
}

// sameInfo reports whether a was made from a description equal to info.
// Nil and empty Capabilities are the same: both mean none.
func sameInfo(a *Agent, info AgentInfo) bool {
	return a.id == info.ID && a.name == info.Name && a.description == info.Description &&
		a.version == info.Version && a.kind == info.Type && slices.Equal(a.capabilities, info.Capabilities) &&
		a.provider == info.Provider && a.model == info.Model
}
