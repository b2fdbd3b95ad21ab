package redact

import (
	"strings"
	"sync"
	"sync/atomic"
)

// keyCache memoises what the rules say about a key. The keys an
// application uses are few and repeat on every span, so reads are a plain
// map lookup with no lock and no shared write: the map is copied, never
// changed. A key seen for the first time waits in a small staging map
// under a lock; the staged keys join the read map when there are
// stageMax of them, or once they have been looked up stageHits times, so
// that copying the map costs little however the keys arrive. At most
// maxCachedKeys keys are kept, in case keys are made from data
// (noveum.tag.<name>, JSON object keys).
type keyCache[V any] struct {
	read atomic.Pointer[map[string]V]

	mu    sync.Mutex
	stage map[string]V
	hits  int // lookups answered by stage since it was last merged
}

const (
	stageMax  = 32
	stageHits = 256
)

// get returns the value cached for k, computing it with f on a miss. f
// must always return the same value for the same key.
func (c *keyCache[V]) get(k string, f func(string) V) V {
	if m := c.read.Load(); m != nil {
		if v, ok := (*m)[k]; ok {
			return v
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if m := c.read.Load(); m != nil { // merged while this goroutine waited
		if v, ok := (*m)[k]; ok {
			return v
		}
	}
	if v, ok := c.stage[k]; ok {
		if c.hits++; c.hits >= stageHits {
			c.merge()
		}
		return v
	}
	v := f(k)
	n := len(c.stage)
	if m := c.read.Load(); m != nil {
		n += len(*m)
	}
	if n >= maxCachedKeys {
		return v
	}
	if c.stage == nil {
		c.stage = make(map[string]V, stageMax)
	}
	// A clone: k may be a slice of a large string (a JSON document) or
	// of a reused buffer.
	c.stage[strings.Clone(k)] = v
	if len(c.stage) >= stageMax {
		c.merge()
	}
	return v
}

// merge moves the staged keys into a new read map. c.mu is held.
func (c *keyCache[V]) merge() {
	old := c.read.Load()
	size := len(c.stage)
	if old != nil {
		size += len(*old)
	}
	m := make(map[string]V, size)
	if old != nil {
		for k, v := range *old {
			m[k] = v
		}
	}
	for k, v := range c.stage {
		m[k] = v
	}
	c.read.Store(&m)
	clear(c.stage)
	c.hits = 0
}

// size is how many keys are cached.
func (c *keyCache[V]) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(c.stage)
	if m := c.read.Load(); m != nil {
		n += len(*m)
	}
	return n
}
