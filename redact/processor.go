package redact

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// Processor is a SpanProcessor that removes personal data and secrets from
// ended spans before the next processor sees them. Put it in front of the
// exporter, or of the batcher that feeds it; never after.
//
// OnStart passes the span through. OnEnd hands next a redacted copy of the
// span, or the span itself when nothing needed redacting, so clean spans
// cost no copy. The original span is never modified, so other processors
// of the same provider see it unchanged. ForceFlush and Shutdown are passed
// through.
//
// All methods may be called concurrently.
type Processor struct {
	next     sdktrace.SpanProcessor
	r        *redactor
	resource bool
	keyNames bool

	tallies  sync.Pool // of *tally
	resCache atomic.Pointer[resourceResult]

	spans    atomic.Uint64
	redacted atomic.Uint64
	mu       sync.Mutex
	byKind   map[Kind]uint64
}

var _ sdktrace.SpanProcessor = (*Processor)(nil)

// NewProcessor returns a Processor that hands redacted spans to next. It
// fails for config.RedactModePseudonym or config.RedactIdentityPseudonym
// without a key (ErrNoKey), a key shorter than config.MinRedactKeyBytes
// (ErrShortKey), an unknown mode, identity
// mode or detector, a rule without a label or pattern, or a malformed key
// pattern. No error shows the key.
func NewProcessor(next sdktrace.SpanProcessor, opts ...Option) (*Processor, error) {
	if next == nil {
		return nil, errors.New("redact: the next span processor is nil: pass the exporter or batcher that should receive redacted spans")
	}
	s, err := newSettings(opts)
	if err != nil {
		return nil, err
	}
	sc, err := newScanner(s.detectors, s.rules)
	if err != nil {
		return nil, err
	}
	keys := newKeyRules(s.allow, s.sensitive, s.lastWord).withIdentity(s.identityKeys)
	sc.keys = keys
	keys.scanKey = func(k string) bool { return len(sc.find(k, nil)) > 0 }
	r := &redactor{find: sc, rep: newReplacer(s.mode, s.key), keys: keys}
	if s.identity == config.RedactIdentityPseudonym {
		r.ids = newReplacer(config.RedactModePseudonym, s.key)
	}
	p := &Processor{
		next:     next,
		r:        r,
		resource: s.resource,
		keyNames: s.keyNames,
		byKind:   make(map[Kind]uint64),
	}
	p.tallies.New = func() any { return &tally{wantKeys: p.keyNames} }
	return p, nil
}

// OnStart passes s to the next processor.
func (p *Processor) OnStart(parent context.Context, s sdktrace.ReadWriteSpan) {
	p.next.OnStart(parent, s)
}

// OnEnd hands the next processor a redacted copy of s, or s itself when
// nothing in it needed redacting.
func (p *Processor) OnEnd(s sdktrace.ReadOnlySpan) {
	p.spans.Add(1)
	t := p.tallies.Get().(*tally)
	out := p.redactSpan(s, t)
	if out != nil {
		p.record(t)
	}
	t.reset()
	p.tallies.Put(t)
	if out == nil {
		p.next.OnEnd(s)
		return
	}
	p.next.OnEnd(out)
}

// ForceFlush passes to the next processor.
func (p *Processor) ForceFlush(ctx context.Context) error { return p.next.ForceFlush(ctx) }

// Shutdown passes to the next processor.
func (p *Processor) Shutdown(ctx context.Context) error { return p.next.Shutdown(ctx) }

// Stats counts what a Processor has done since it was made. It holds
// counts only, never values.
type Stats struct {
	// Spans is the number of spans seen by OnEnd.
	Spans uint64
	// SpansRedacted is the number of those handed on as a redacted copy.
	SpansRedacted uint64
	// Values is the number of values redacted, of every kind.
	Values uint64
	// ByKind is the number of values redacted, by kind. Values under
	// sensitive keys count as KindSecret.
	ByKind map[Kind]uint64
}

// Stats returns the counts so far; the map is the caller's.
func (p *Processor) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := Stats{Spans: p.spans.Load(), SpansRedacted: p.redacted.Load(), ByKind: maps.Clone(p.byKind)}
	for _, n := range p.byKind {
		st.Values += n
	}
	return st
}

func (p *Processor) record(t *tally) {
	p.mu.Lock()
	for _, kc := range t.kinds {
		p.byKind[kc.kind] += uint64(kc.n)
	}
	p.redacted.Add(1)
	p.mu.Unlock()
}

// summary returns the attributes that tell what was redacted on a span:
// the number of values, the number by kind ("EMAIL=2", sorted by kind)
// and, when asked, the attribute keys whose values were redacted. Never
// the values.
func summary(t *tally) []attribute.KeyValue {
	kinds := make([]string, len(t.kinds))
	for i, kc := range t.kinds {
		kinds[i] = string(kc.kind) + "=" + strconv.Itoa(kc.n)
	}
	slices.Sort(kinds)
	out := []attribute.KeyValue{semconv.NoveumRedactedCount(t.total), semconv.NoveumRedactedKinds(kinds...)}
	if t.wantKeys {
		keys := slices.Clone(t.keys)
		slices.Sort(keys)
		out = append(out, semconv.NoveumRedactedKeys(keys...))
	}
	return out
}
