// Package tracing holds what the llm and agents helpers share: how a
// Tracer's settings resolve (the option, else the environment read
// through config, else the default), the OpenTelemetry tracer of a scope,
// span names, and the package-level Default Tracer.
package tracing

import (
	"context"
	"fmt"
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/internal/version"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// SpanName is the convention's span name: "{operation} {target}", or the
// operation alone when there is no target.
func SpanName(op, target string) string {
	if target == "" {
		return op
	}
	return op + " " + target
}

// Tracer returns the tracer of scope from tp, or from the global
// TracerProvider (through otel's delegation, so a provider registered
// later is used) when tp is nil.
func Tracer(tp trace.TracerProvider, scope string) trace.Tracer {
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	return tp.Tracer(scope,
		trace.WithInstrumentationVersion(version.Version),
		trace.WithSchemaURL(semconv.SchemaURL))
}

// Capture resolves a capture mode: mode when set, else what the
// environment says, else CaptureNone. An unknown mode or environment value
// records nothing and is reported through otel.Handle, its message led by
// pkg ("noveum llm").
func Capture(mode config.CaptureMode, pkg string) config.CaptureMode {
	if mode == "" {
		m, _, err := config.CaptureFromEnv()
		if err != nil {
			otel.Handle(fmt.Errorf("%s: %w", pkg, err))
		}
		return m
	}
	if !mode.Valid() {
		otel.Handle(fmt.Errorf("%s: unknown capture mode %q: recording no content; use NO_CONTENT, SPAN_ONLY, EVENT_ONLY or SPAN_AND_EVENT", pkg, string(mode)))
		return config.CaptureNone
	}
	return mode
}

// ContentLimit resolves a content budget: n when positive, else what
// NOVEUM_MAX_CONTENT_BYTES says, else config.DefaultMaxContentBytes. An
// invalid environment value is reported through otel.Handle.
func ContentLimit(n int, pkg string) int {
	if n > 0 {
		return n
	}
	n, err := config.MaxContentBytesFromEnv()
	if err != nil {
		otel.Handle(fmt.Errorf("%s: %w", pkg, err))
	}
	return n
}

// Default holds a package's Default Tracer: the one Set, or else one made
// on first use. Its zero value is ready; it is safe for concurrent use.
type Default[T any] struct{ p atomic.Pointer[T] }

// Get returns the Tracer Set, or else one made by newT on first use (and
// kept: concurrent first uses agree on one).
func (d *Default[T]) Get(newT func() *T) *T {
	if t := d.p.Load(); t != nil {
		return t
	}
	d.p.CompareAndSwap(nil, newT())
	return d.p.Load()
}

// Set makes t the Default; nil goes back to one made on next use.
func (d *Default[T]) Set(t *T) { d.p.Store(t) }

// NonNil returns ctx, or context.Background() for a nil ctx. The helpers'
// documentation asks for a non-nil context, as the context package does;
// like the OpenTelemetry SDK's tracer, they still take a nil one as
// Background rather than panic (the no-op tracer would) on a caller's
// mistake.
func NonNil(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}
