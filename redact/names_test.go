package redact_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/redact"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// Attribute keys, span names and event names can hold personal data
// (an email as a map key, a span named after a user), so they are text
// too, scanned like the keys of maps and JSON objects; a redacted key never
// collides with another key of the span.
func TestKeysAndNamesScanned(t *testing.T) {
	tp, next, raw, _ := newProvider(t, nil, redact.WithSummaryKeyNames(true))
	_, span := tp.Tracer("test").Start(context.Background(), "lookup "+email,
		trace.WithLinks(trace.Link{SpanContext: linked, Attributes: []attribute.KeyValue{attribute.String("from."+email, "x")}}),
		trace.WithAttributes(
			attribute.String("contact/"+email, "a"),
			attribute.String("contact/"+email2, "b"),
			attribute.String("contact/[REDACTED:EMAIL]_2", "already there"),
			attribute.String("note", "clean"),
			attribute.Int("score."+email, 7),
			semconv.GenAIRequestModel("gpt-4o"),
		))
	span.AddEvent("mail to "+email2, trace.WithAttributes(attribute.String("k", "v")))
	span.AddEvent("clean event")
	span.End()

	out := next.spans()[0]
	assert.Equal(t, "lookup [REDACTED:EMAIL]", out.Name())
	assert.Equal(t, "lookup "+email, raw.spans()[0].Name(), "the original keeps its name")
	require.Len(t, out.Events(), 2)
	assert.Equal(t, "mail to [REDACTED:EMAIL]", out.Events()[0].Name)
	assert.Equal(t, "clean event", out.Events()[1].Name)
	assert.Equal(t, attribute.Key("[REDACTED:EMAIL]"), out.Links()[0].Attributes[0].Key)

	a := attrMap(out.Attributes())
	seen := map[attribute.Key]bool{}
	for _, kv := range out.Attributes() {
		assert.False(t, seen[kv.Key], "duplicate key %s", kv.Key)
		seen[kv.Key] = true
		assert.NotContains(t, string(kv.Key), "example", "no address left in a key")
		assert.NotContains(t, kv.Value.String(), "example", "no address left in a value")
	}
	assert.Equal(t, "a", a["contact/[REDACTED:EMAIL]"].AsString())
	assert.Equal(t, "already there", a["contact/[REDACTED:EMAIL]_2"].AsString())
	assert.Equal(t, "b", a["contact/[REDACTED:EMAIL]_3"].AsString(), "a suffix keeps keys unique")
	// A dotted prefix is part of an address's local part: the whole key
	// is the match.
	assert.Equal(t, int64(7), a["[REDACTED:EMAIL]"].AsInt64())
	assert.Equal(t, "clean", a["note"].AsString())
	assert.Equal(t, int64(6), a[semconv.NoveumRedactedCountKey].AsInt64(), "2 names, 3 span keys, 1 link key")
	for _, k := range a[semconv.NoveumRedactedKeysKey].AsStringSlice() {
		assert.NotContains(t, k, "example", "the summary never names a key by its personal data")
	}
}

// In pseudonym mode distinct keys stay distinct without a suffix.
func TestKeysPseudonymised(t *testing.T) {
	key := []byte("0123456789abcdef-names-key")
	tp, next, _, _ := newProvider(t, nil, redact.WithMode(config.RedactModePseudonym), redact.WithKey(key))
	_, span := tp.Tracer("test").Start(context.Background(), "s", trace.WithAttributes(
		attribute.String("contact/"+email, "a"), attribute.String("contact/"+email2, "b")))
	span.End()
	a := attrMap(next.spans()[0].Attributes())
	assert.Equal(t, "a", a[attribute.Key("contact/"+pseudonym(key, "EMAIL", email))].AsString())
	assert.Equal(t, "b", a[attribute.Key("contact/"+pseudonym(key, "EMAIL", email2))].AsString())
}

// Keys and names holding personal data, identities pseudonymised: many
// goroutines at once, under -race, each span keeping its own values.
func TestKeysAndIdentitiesConcurrentSafe(t *testing.T) {
	key := []byte("0123456789abcdef-concurrent")
	tp, next, _, _ := newProvider(t, nil, redact.WithIdentity(config.RedactIdentityPseudonym), redact.WithKey(key))
	const n = 40
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			user := fmt.Sprintf("user%d@example.com", i)
			_, span := tp.Tracer("test").Start(context.Background(), "for "+user, trace.WithAttributes(
				semconv.UserID(user), attribute.String("contact/"+user, "x"), attribute.String("contact/"+email, "y")))
			span.AddEvent("mail " + user)
			span.End()
		})
	}
	wg.Wait()
	spans := next.spans()
	require.Len(t, spans, n)
	ids := map[string]bool{}
	for _, s := range spans {
		a := attrMap(s.Attributes())
		ids[a[semconv.UserIDKey].AsString()] = true
		assert.Equal(t, "for [REDACTED:EMAIL]", s.Name())
		assert.Equal(t, "mail [REDACTED:EMAIL]", s.Events()[0].Name)
		assert.Equal(t, "x", a["contact/[REDACTED:EMAIL]"].AsString())
		assert.Equal(t, "y", a["contact/[REDACTED:EMAIL]_2"].AsString())
	}
	assert.Len(t, ids, n, "every user keeps a pseudonym of their own")
}
