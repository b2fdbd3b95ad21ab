package exporter_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// Counts and nouns agree in every error message: "1 span", "2 spans".
func TestErrorMessagesPluralize(t *testing.T) {
	cause := &exporter.HTTPError{StatusCode: 503, Traces: 1, Spans: 1}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{cause, "for a request of 1 trace (1 span)"},
		{&exporter.HTTPError{StatusCode: 503, Traces: 2, Spans: 5}, "for a request of 2 traces (5 spans)"},
		{&exporter.DropError{Spans: 1, Reason: exporter.DropQueueFull, Total: 1}, "dropped 1 span (queue_full, 1 in total)"},
		{&exporter.DropError{Spans: 3, Reason: exporter.DropQueueFull, Total: 3}, "dropped 3 spans (queue_full, 3 in total)"},
		{&exporter.RetryError{Traces: 1, Spans: 1, URL: "u", Budget: time.Minute, Err: cause}, "request of 1 trace (1 span) to u failed"},
		{&exporter.RetryError{Traces: 1, Spans: 2, URL: "u", Attempts: 2, Delivered: true, Err: cause}, "request of 1 trace (2 spans) to u delivered after 2 attempts"},
	} {
		assert.Contains(t, tc.err.Error(), tc.want)
	}
}

// A request that fails once with no retry budget says "after 1 attempt".
func TestGaveUpAfterOneAttempt(t *testing.T) {
	h := newHarness(t, nil, exporter.WithConfigOptions(config.WithRetryBudget(0)))
	h.srv.Script(noveumtest.Response{Status: 503})
	_, s := h.tp.Tracer("t").Start(context.Background(), "root")
	s.End()
	h.flush()
	drops := h.log.drops(exporter.DropRetriesExhausted)
	if len(drops) != 1 {
		t.Fatalf("got %d retries_exhausted drops, want 1: %v", len(drops), h.log.all())
	}
	assert.Contains(t, drops[0].Error(), "dropped 1 span (retries_exhausted")
	assert.Contains(t, drops[0].Error(), "gave up after 1 attempt:")
}
