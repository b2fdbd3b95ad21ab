package exporter

import (
	"context"
	"errors"
	"sync/atomic"
)

// budget is the exporter's memory budget (Config.MaxBufferBytes): the one
// place where memory is charged and released.
//
// The invariant: held is the sum of what has been charged and not yet
// released. That is, at any time, the size estimates of the spans queued
// and not yet encoded, plus, for every trace the exporter holds (pending,
// sealed, in a chunk or in a request in flight), the capacity of its
// buffers and the reserves it keeps for its seal and its compressed copy.
// Every byte charged is released exactly once: a span dropped before
// encoding releases its estimate; encoding settles the estimate to the
// bytes the trace really grew by; a trace or chunk releases what it holds
// when its request is over, sent or dropped.
//
// New spans are admitted up to admitLimit (15/16 of the budget); the rest
// is room for what admitted spans still need (buffers growing, seals,
// compressed copies), which grow may take up to the limit. An admitted
// span is never dropped for memory: settle may take held past the limit
// when a span's estimate was low.
//
// As held nears the limit, the exporter stops holding data voluntarily
// before it drops anything (see level): first it seals complete traces
// without their grace period and sends requests without the batch delay,
// then it seals traces whose root has not ended yet.
type budget struct {
	held       atomic.Int64
	limit      int64
	admitLimit int64

	waiters atomic.Int32  // callers of wait blocked for room
	freed   chan struct{} // signalled on release while someone waits
}

// outsideBudget is what the exporter holds besides its spans and traces,
// out of a MaxBufferBytes of max: the buffer pool (at most poolBytes) and,
// for each request in flight, its connection's buffers. The budget for
// spans and traces is what remains, so that all the exporter holds stays
// within MaxBufferBytes. It is at most a quarter of max.
func outsideBudget(max int64) int64 {
	return min(int64(poolBytes(max))+maxInFlight*connBuffers, max/4)
}

// connBuffers is what one connection holds: the transport's write buffer
// (256 KiB, see New) and its read buffers.
const connBuffers = 256<<10 + 8<<10

func newBudget(limit int64) *budget {
	return &budget{limit: limit, admitLimit: limit - limit/16, freed: make(chan struct{}, 1)}
}

// admit charges n bytes for a new span, reporting false (and charging
// nothing) when that would pass the admission limit.
func (b *budget) admit(n int64) bool { return b.take(n, b.admitLimit) }

// grow charges n bytes of room for spans already admitted, reporting false
// when that would pass the limit.
func (b *budget) grow(n int64) bool { return b.take(n, b.limit) }

func (b *budget) take(n, limit int64) bool {
	if b.held.Add(n) > limit {
		b.held.Add(-n)
		return false
	}
	return true
}

// settle replaces a charge of paid bytes by a charge of used bytes.
func (b *budget) settle(paid, used int64) {
	if used >= paid {
		b.held.Add(used - paid)
	} else {
		b.release(paid - used)
	}
}

// release returns n charged bytes, waking a waiter.
func (b *budget) release(n int64) {
	b.held.Add(-n)
	if n > 0 && b.waiters.Load() > 0 {
		select {
		case b.freed <- struct{}{}:
		default:
		}
	}
}

// bytes returns what is held.
func (b *budget) bytes() int64 { return b.held.Load() }

// errTooLargeForBudget is wait's answer for a span larger than the budget.
var errTooLargeForBudget = errors.New("span larger than the memory budget")

// wait admits n bytes, waiting for room: the backpressure ExportSpans (and
// OnEnd with WithBlocking) gives its caller instead of dropping. It fails
// when ctx ends, when closing is closed (ErrShutdown), or at once when n
// alone exceeds the budget.
func (b *budget) wait(ctx context.Context, n int64, closing <-chan struct{}) error {
	for {
		if b.admit(n) {
			return nil
		}
		if n > b.admitLimit {
			return errTooLargeForBudget
		}
		b.waiters.Add(1)
		if b.admit(n) { // room may have come before we registered
			b.waiters.Add(-1)
			return nil
		}
		select {
		case <-b.freed:
			b.waiters.Add(-1)
		case <-closing:
			b.waiters.Add(-1)
			return ErrShutdown
		case <-ctx.Done():
			b.waiters.Add(-1)
			return ctx.Err()
		}
	}
}

// pressure is how close the budget is to full, and what the exporter stops
// waiting for.
type pressure int

const (
	// pressureNone: traces wait for their grace period, requests for the
	// batch delay.
	pressureNone pressure = iota
	// pressureSeal (half the budget held): complete traces are sealed
	// without waiting for their grace period, and requests are sent
	// without waiting for the batch delay.
	pressureSeal
	// pressurePartial (three quarters held): also traces whose root has
	// not ended are sealed and sent as they are; their later spans go out
	// as continuation traces.
	pressurePartial
)

// level returns the current pressure.
func (b *budget) level() pressure {
	switch h := b.held.Load(); {
	case h >= b.limit-b.limit/4:
		return pressurePartial
	case h >= b.limit/2:
		return pressureSeal
	}
	return pressureNone
}
