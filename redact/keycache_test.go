package redact

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
)

func TestKeyCacheComputesOnceAndMerges(t *testing.T) {
	var c keyCache[int]
	calls := 0
	f := func(k string) int { calls++; return len(k) }
	for range stageHits + 1 { // staged, then merged by its hits
		assert.Equal(t, 5, c.get("alpha", f))
	}
	assert.Equal(t, 1, calls, "computed once")
	m := c.read.Load()
	if assert.NotNil(t, m, "merged into the read map after stageHits lookups") {
		assert.Equal(t, 5, (*m)["alpha"])
	}
	for i := range stageMax { // a full stage merges at once
		c.get(fmt.Sprintf("k%d", i), f)
	}
	assert.Len(t, *c.read.Load(), stageMax+1)
}

func TestKeyCacheIsBoundedAndClonesKeys(t *testing.T) {
	var c keyCache[bool]
	doc := strings.Repeat("x", 1<<20)
	c.get(doc[:3], func(string) bool { return true })
	c.mu.Lock()
	for k := range c.stage {
		assert.NotSame(t, unsafe.StringData(doc), unsafe.StringData(k), "the key is a copy, not a slice of the document")
		assert.Equal(t, "xxx", k)
	}
	c.mu.Unlock()
	for i := range maxCachedKeys + 100 {
		c.get(fmt.Sprintf("key-%d", i), func(string) bool { return false })
	}
	assert.LessOrEqual(t, c.size(), maxCachedKeys)
	assert.False(t, c.get("new-after-full", func(string) bool { return false }), "still answers when full")
}

func TestKeyCacheConcurrent(t *testing.T) {
	var c keyCache[int]
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 2000 {
				k := fmt.Sprintf("k%d", (i+g)%300)
				if got := c.get(k, func(k string) int { return len(k) }); got != len(k) {
					t.Errorf("get(%q) = %d", k, got)
					return
				}
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 300, c.size())
}
