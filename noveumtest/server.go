package noveumtest

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"sync"
)

// pathPrefix is the path part of Server.URL, like the "/api" of the real
// endpoint https://api.noveum.ai/api.
const pathPrefix = "/api"

// tracesPath is the only path that accepts traces.
const tracesPath = pathPrefix + "/v1/traces"

// ErrClosed is returned by the Wait methods when the server is closed before
// enough data arrived.
var ErrClosed = errors.New("noveumtest: server closed")

// Server is a running in-process Noveum receiver listening on 127.0.0.1.
// All methods are safe for concurrent use, also with requests in flight.
// After Close the recorded data stays readable.
type Server struct {
	// URL is the base endpoint to give the exporter, for example
	// "http://127.0.0.1:41234/api"; traces are accepted at URL+"/v1/traces".
	URL string

	ts        *httptest.Server
	closed    chan struct{} // closed by Close: aborts delays, wakes waiters
	closeOnce sync.Once

	mu       sync.Mutex
	requests []*Request
	batches  []Batch
	traces   []Trace // stored traces: duplicates left out
	spans    int     // spans in traces
	seen     map[string]struct{}
	dups     int
	script   []Response
	changed  chan struct{} // closed and replaced whenever traces are stored
}

// NewServer starts a receiver on a free port of 127.0.0.1. The caller must
// Close it, typically with t.Cleanup(srv.Close).
func NewServer(opts ...Option) *Server {
	s := &Server{
		closed:  make(chan struct{}),
		seen:    make(map[string]struct{}),
		changed: make(chan struct{}),
	}
	s.ts = httptest.NewServer(&handler{cfg: newConfig(opts), accept: s.store, srv: s})
	s.URL = s.ts.URL + pathPrefix
	return s
}

// Close shuts the server down: scripted delays end at once, pending Wait
// calls return ErrClosed, and Close returns when every in-flight request has
// finished. It is safe to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closed)
		s.ts.Close()
	})
}

// Batches returns copies of the accepted request bodies in arrival order,
// exactly as sent: a trace the server ignored as a duplicate is still in its
// batch.
func (s *Server) Batches() []Batch {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneSlice(s.batches, Batch.clone)
}

// Traces returns copies of the stored traces in arrival order. As in the real
// service traces are write-once: a trace whose trace_id was accepted before
// is left out (see IgnoredDuplicates).
func (s *Server) Traces() []Trace {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneSlice(s.traces, Trace.clone)
}

// Spans returns copies of the spans of Traces, in order.
func (s *Server) Spans() []Span {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.spansLocked()
}

func (s *Server) spansLocked() []Span {
	out := make([]Span, 0, s.spans)
	for _, t := range s.traces {
		for _, sp := range t.Spans {
			out = append(out, sp.clone())
		}
	}
	return out
}

// Requests returns copies of every request received, in arrival order,
// whatever the answer.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = r.clone()
	}
	return out
}

// IgnoredDuplicates returns how many traces were ignored because their
// trace_id had already been accepted.
func (s *Server) IgnoredDuplicates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dups
}

// Reset forgets everything recorded (requests, batches, traces, the trace ids
// seen, the duplicate count) and the rest of the script. Options stay.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
	s.batches = nil
	s.traces = nil
	s.spans = 0
	s.seen = make(map[string]struct{})
	s.dups = 0
	s.script = nil
}

// WaitForSpans blocks until at least n spans are stored and returns all of
// them. When ctx is done first it returns the spans so far with an error
// wrapping ctx.Err(); when the server is closed first, with ErrClosed.
func (s *Server) WaitForSpans(ctx context.Context, n int) ([]Span, error) {
	var out []Span
	err := s.wait(ctx, "spans", n, func() (int, bool) {
		if s.spans < n {
			return s.spans, false
		}
		out = s.spansLocked()
		return s.spans, true
	})
	if err != nil {
		return s.Spans(), err
	}
	return out, nil
}

// WaitForTraces blocks until at least n traces are stored and returns all of
// them. When ctx is done first it returns the traces so far with an error
// wrapping ctx.Err(); when the server is closed first, with ErrClosed.
func (s *Server) WaitForTraces(ctx context.Context, n int) ([]Trace, error) {
	var out []Trace
	err := s.wait(ctx, "traces", n, func() (int, bool) {
		if len(s.traces) < n {
			return len(s.traces), false
		}
		out = cloneSlice(s.traces, Trace.clone)
		return len(s.traces), true
	})
	if err != nil {
		return s.Traces(), err
	}
	return out, nil
}

// wait calls done under s.mu each time traces are stored until it reports
// true, ctx is done or the server closes.
func (s *Server) wait(ctx context.Context, what string, n int, done func() (have int, ok bool)) error {
	for {
		s.mu.Lock()
		have, ok := done()
		changed := s.changed
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("noveumtest: %d of %d %s: %w", have, n, what, ctx.Err())
		case <-s.closed:
			// A batch stored just before Close still counts.
			s.mu.Lock()
			have, ok := done()
			s.mu.Unlock()
			if ok {
				return nil
			}
			return fmt.Errorf("noveumtest: %d of %d %s: %w", have, n, what, ErrClosed)
		}
	}
}

// store records an accepted batch and wakes the waiters. It never fails.
func (s *Server) store(b Batch) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batches = append(s.batches, b)
	for _, t := range b.Traces {
		if _, dup := s.seen[t.TraceID]; dup {
			s.dups++
			continue
		}
		s.seen[t.TraceID] = struct{}{}
		s.traces = append(s.traces, t)
		s.spans += len(t.Spans)
	}
	close(s.changed)
	s.changed = make(chan struct{})
	return nil
}
