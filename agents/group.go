package agents

import (
	"context"
	"sync"
)

// Go runs fn on a new goroutine with ctx: the span current in ctx stays
// the parent of the spans fn starts, and the identity of ctx is stamped on
// them. The returned channel is closed when fn returns. Use Detach for work
// that must outlive ctx's cancellation.
func Go(ctx context.Context, fn func(ctx context.Context)) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(ctx)
	}()
	return done
}

// Detach returns a context that keeps the span, agent and identity of ctx
// but not its cancellation or deadline: for background work started by a
// request that may end first.
func Detach(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }

// Group runs goroutines that share a parent context, as errgroup does (and
// errgroup.WithContext works the same way with this package: the context it
// returns keeps the span and the identity). The context given to each
// function is cancelled when one of them fails or Wait returns. Use
// NewGroup; a Group must not be copied.
type Group struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	wg     sync.WaitGroup
	once   sync.Once
	err    error
}

// NewGroup returns a Group whose functions run with a context derived from
// ctx, and that context.
func NewGroup(ctx context.Context) (*Group, context.Context) {
	ctx, cancel := context.WithCancelCause(ctx)
	return &Group{ctx: ctx, cancel: cancel}, ctx
}

// Go runs fn on a new goroutine with the group's context. The first error
// returned cancels that context and is what Wait returns.
func (g *Group) Go(fn func(ctx context.Context) error) {
	g.wg.Go(func() {
		if err := fn(g.ctx); err != nil {
			g.once.Do(func() {
				g.err = err
				g.cancel(err)
			})
		}
	})
}

// Wait waits for every function to return, then returns the first error.
func (g *Group) Wait() error {
	g.wg.Wait()
	g.cancel(nil)
	return g.err
}
