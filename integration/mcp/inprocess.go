package noveummcp

import (
	"context"
	"sync"

	"go.opentelemetry.io/otel/trace"
)

// When client and server run in one process with one TracerProvider (an
// agent and its tool server over the in-memory transport), the server
// span's parent, extracted from params._meta, is a span of this very
// process. Left marked remote, it would make the server span a local root,
// and the Noveum exporter sends a trace a short grace after its local root
// ends: before the agent's spans. So the client side notes the spans it has
// in flight, and the server side, finding its parent among them under the
// same TracerProvider, takes it as a local parent.

// inflight holds the client spans of requests in progress: span id ->
// TracerProvider.
var inflight sync.Map

// recentNotes remembers the client spans of the last notifications sent,
// which the server may handle after the send returned.
var recentNotes struct {
	mu   sync.Mutex
	next int
	ring [64]noteEntry
}

type noteEntry struct {
	id trace.SpanID
	tp trace.TracerProvider
}

// noteClientSpan records sc as a client span of tp in flight, and returns
// the function that forgets it once the request is answered.
func noteClientSpan(sc trace.SpanContext, tp trace.TracerProvider, notification bool) (forget func()) {
	if !sc.IsValid() {
		return nop
	}
	id := sc.SpanID()
	if notification {
		recentNotes.mu.Lock()
		recentNotes.ring[recentNotes.next] = noteEntry{id: id, tp: tp}
		recentNotes.next = (recentNotes.next + 1) % len(recentNotes.ring)
		recentNotes.mu.Unlock()
		return nop
	}
	inflight.Store(id, tp)
	return func() { inflight.Delete(id) }
}

// localParent returns ctx with its remote span context marked local when
// it is a client span of tp in this process.
func localParent(ctx context.Context, tp trace.TracerProvider) context.Context {
	sc := trace.SpanContextFromContext(ctx)
	if !sc.IsRemote() {
		return ctx
	}
	if v, ok := inflight.Load(sc.SpanID()); ok {
		if v == tp {
			return trace.ContextWithSpanContext(ctx, sc.WithRemote(false))
		}
		return ctx
	}
	recentNotes.mu.Lock()
	defer recentNotes.mu.Unlock()
	for _, e := range recentNotes.ring {
		if e.id == sc.SpanID() && e.tp == tp {
			return trace.ContextWithSpanContext(ctx, sc.WithRemote(false))
		}
	}
	return ctx
}
