package exporter

import (
	"context"

	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
	"runtime"
	"sync"
	"time"
)

// Test hooks, compiled only into this package's tests.

// WithClock makes the exporter read time from c.
func WithClock(c *FakeClock) Option {
	return optionFunc(func(s *settings) { s.clock = c })
}

// WithShards sets the number of assembler goroutines.
func WithShards(n int) Option {
	return optionFunc(func(s *settings) { s.shards = n })
}

// WithSalt fixes the salt the exporter derives trace ids with, so that a
// test can compute them.
func WithSalt(salt uint64) Option {
	return optionFunc(func(s *settings) { s.salt = &salt })
}

// IDs returns the exporter's trace id derivation.
func (e *Exporter) IDs() wire.IDs { return e.ids }

// WithSentMemory sets how many sent trace ids are remembered.
func WithSentMemory(n int) Option {
	return optionFunc(func(s *settings) { s.sentMemory = n })
}

// Barrier returns once every span queued before the call has been assembled
// (and timers armed).
func (e *Exporter) Barrier(ctx context.Context) error {
	return e.control(ctx, &control{done: make(chan struct{}), barrier: true})
}

// Pause holds the assembler until the returned function is called.
func (e *Exporter) Pause(ctx context.Context) (resume func(), err error) {
	ch := make(chan struct{})
	if err := e.control(ctx, &control{done: make(chan struct{}), pause: true, resume: ch}); err != nil {
		return nil, err
	}
	var once sync.Once
	return func() { once.Do(func() { close(ch) }) }, nil
}

func (e *Exporter) control(ctx context.Context, c *control) error {
	if err := e.broadcast(ctx, c); err != nil {
		return err
	}
	select {
	case <-c.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// FakeClock is a manual clock: time moves only on Advance, and on Sleep,
// which records the wait and returns at once.
type FakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
	sleeps []time.Duration
}

// NewFakeClock starts a fake clock at t.
func NewFakeClock(t time.Time) *FakeClock { return &FakeClock{now: t} }

// Now returns the fake time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// NewTimer returns a timer firing when the fake time reaches now+d.
func (c *FakeClock) NewTimer(d time.Duration) timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{c: c, ch: make(chan time.Time, 1), at: c.now.Add(d), active: true}
	c.timers = append(c.timers, t)
	c.fireLocked()
	return t
}

// Sleep records d, advances the clock by d and returns.
func (c *FakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	c.mu.Unlock()
	c.Advance(d)
	return nil
}

// Sleeps returns the waits requested so far.
func (c *FakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// Advance moves the clock forward and fires due timers.
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.fireLocked()
}

func (c *FakeClock) fireLocked() {
	for _, t := range c.timers {
		if t.active && !t.at.After(c.now) {
			t.active = false
			select {
			case t.ch <- c.now:
			default:
			}
		}
	}
}

type fakeTimer struct {
	c      *FakeClock
	ch     chan time.Time
	at     time.Time
	active bool
}

func (t *fakeTimer) C() <-chan time.Time { return t.ch }

func (t *fakeTimer) Reset(d time.Duration) {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	t.at = t.c.now.Add(d)
	t.active = true
	t.c.fireLocked()
}

func (t *fakeTimer) Stop() {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	t.active = false
	select {
	case <-t.ch:
	default:
	}
}

// Assembled returns once the assembler has taken in every span queued
// before the call, without waiting for the sender.
func (e *Exporter) Assembled(ctx context.Context) error {
	resume, err := e.Pause(ctx)
	if err == nil {
		resume()
	}
	return err
}

// WaitForMemoryWaiter returns once a caller of ExportSpans is waiting for
// room in the memory budget.
func (e *Exporter) WaitForMemoryWaiter(ctx context.Context) error {
	for e.mem.waiters.Load() == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		runtime.Gosched()
	}
	return nil
}

// EndpointState returns what a memory_bound drop at now would say of the
// endpoint, given when the request in flight started (zero: none) and when
// an attempt last failed (zero: never).
func (e *Exporter) EndpointState(now, inFlightSince, lastFailure time.Time) string {
	nanos := func(t time.Time) int64 {
		if t.IsZero() {
			return 0
		}
		return t.UnixNano()
	}
	// The last courier holds the request in flight: any of them counts.
	for _, c := range e.couriers {
		c.since.Store(0)
	}
	e.couriers[len(e.couriers)-1].since.Store(nanos(inFlightSince))
	e.lastFailure.Store(nanos(lastFailure))
	return e.endpointState(now.UnixNano())
}

// ChunksEmitted is how many chunks the shards have handed to the sender.
func (e *Exporter) ChunksEmitted() int64 { return e.chunksEmitted.Load() }
