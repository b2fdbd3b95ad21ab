package exporter

import "sync"

// bufferPool keeps trace buffers for reuse, so that steady traffic does not
// allocate a buffer per trace. Buffers are kept by size class (powers of
// two), so a buffer fits the next request of its class. What the pool keeps
// is outside the memory budget and bounded by maxBytes.
type bufferPool struct {
	mu       sync.Mutex
	classes  [numClasses][][]byte
	bytes    int
	maxBytes int
}

// The size classes: 1 KiB and its doublings.
const (
	minClassBits = 10 // 1 KiB
	numClasses   = 9  // up to 256 KiB
)

func newBufferPool(maxBytes int) *bufferPool {
	return &bufferPool{maxBytes: maxBytes}
}

// poolBytes is how much the buffer pool may keep, outside the budget.
func poolBytes(budget int64) int {
	return int(min(budget/16, 8<<20))
}

// classOf returns the smallest class whose buffers hold n bytes, or -1.
func classOf(n int) int {
	for c := 0; c < numClasses; c++ {
		if n <= 1<<(minClassBits+c) {
			return c
		}
	}
	return -1
}

// get returns an empty buffer with room for at least n bytes: a pooled one
// of n's class, or a new one rounded up to the class size. With exact set
// it returns a new buffer of exactly n bytes instead, for a caller whose
// budget has no room for the rounding.
func (p *bufferPool) get(n int, exact bool) []byte {
	c := classOf(n)
	if exact || c < 0 {
		return make([]byte, 0, n)
	}
	p.mu.Lock()
	if k := len(p.classes[c]); k > 0 {
		b := p.classes[c][k-1]
		p.classes[c][k-1] = nil
		p.classes[c] = p.classes[c][:k-1]
		p.bytes -= cap(b)
		p.mu.Unlock()
		return b[:0]
	}
	p.mu.Unlock()
	return make([]byte, 0, 1<<(minClassBits+c))
}

// put offers a buffer back; it reports whether the pool kept it. Only
// buffers of exactly a class size are kept.
func (p *bufferPool) put(b []byte) bool {
	c := classOf(cap(b))
	if c < 0 || cap(b) != 1<<(minClassBits+c) {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bytes+cap(b) > p.maxBytes {
		return false
	}
	p.classes[c] = append(p.classes[c], b)
	p.bytes += cap(b)
	return true
}
