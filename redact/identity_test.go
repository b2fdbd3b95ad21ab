package redact_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/redact"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// userSpan ends a span for one user whose id is an email address.
func userSpan(tp trace.TracerProvider, user string) {
	_, span := tp.Tracer("test").Start(context.Background(), "invoke_agent", trace.WithAttributes(
		semconv.UserID(user),
		attribute.String("enduser.id", user),
		semconv.SessionID("sess-"+user),
		semconv.GenAIConversationID("conv-"+user),
		attribute.String("note", "mail "+user),
	))
	span.End()
}

// Two users whose ids are emails stay two users: redacting ids as text
// would merge every such user into one [REDACTED:EMAIL].
func TestIdentityKeptByDefault(t *testing.T) {
	tp, next, _, _ := newProvider(t, nil)
	userSpan(tp, email)
	userSpan(tp, email2)
	spans := next.spans()
	require.Len(t, spans, 2)
	for i, user := range []string{email, email2} {
		a := attrMap(spans[i].Attributes())
		assert.Equal(t, user, a[semconv.UserIDKey].AsString())
		assert.Equal(t, user, a["enduser.id"].AsString())
		assert.Equal(t, "sess-"+user, a[semconv.SessionIDKey].AsString())
		assert.Equal(t, "conv-"+user, a[semconv.GenAIConversationIDKey].AsString())
		assert.Equal(t, "mail [REDACTED:EMAIL]", a["note"].AsString(), "other attributes are still redacted")
	}
	a0, a1 := attrMap(spans[0].Attributes()), attrMap(spans[1].Attributes())
	assert.NotEqual(t, a0[semconv.UserIDKey], a1[semconv.UserIDKey])
}

func TestIdentityPseudonym(t *testing.T) {
	key := []byte("0123456789abcdef-identity-key")
	tp, next, _, p := newProvider(t, nil, redact.WithIdentity(config.RedactIdentityPseudonym), redact.WithKey(key),
		redact.WithIdentityKeys("app.customer_id"))
	userSpan(tp, email)
	userSpan(tp, email2)
	_, span := tp.Tracer("test").Start(context.Background(), "s", trace.WithAttributes(
		attribute.String("app.customer_id", "cust-42"), attribute.Int("user.id", 42), attribute.Bool("session.id", true)))
	span.End()
	spans := next.spans()
	require.Len(t, spans, 3)
	for i, user := range []string{email, email2} {
		a := attrMap(spans[i].Attributes())
		assert.Equal(t, pseudonym(key, "ID", user), a[semconv.UserIDKey].AsString())
		assert.Equal(t, pseudonym(key, "ID", user), a["enduser.id"].AsString())
		assert.Equal(t, pseudonym(key, "ID", "sess-"+user), a[semconv.SessionIDKey].AsString())
		assert.Equal(t, pseudonym(key, "ID", "conv-"+user), a[semconv.GenAIConversationIDKey].AsString())
		assert.Equal(t, "mail [REDACTED:EMAIL]", a["note"].AsString(), "the mode of other values is unchanged")
	}
	a0, a1 := attrMap(spans[0].Attributes()), attrMap(spans[1].Attributes())
	assert.NotEqual(t, a0[semconv.UserIDKey], a1[semconv.UserIDKey], "two users stay two")
	a2 := attrMap(spans[2].Attributes())
	assert.Equal(t, pseudonym(key, "ID", "cust-42"), a2["app.customer_id"].AsString())
	assert.Equal(t, pseudonym(key, "ID", "42"), a2[semconv.UserIDKey].AsString(), "a number is an id too")
	assert.True(t, a2[semconv.SessionIDKey].AsBool(), "booleans are kept")
	assert.Equal(t, uint64(4+4+2), p.Stats().ByKind[redact.KindID])
}

func TestIdentityPseudonymNeedsKey(t *testing.T) {
	_, err := redact.NewProcessor(&recorder{}, redact.WithIdentity(config.RedactIdentityPseudonym))
	require.ErrorIs(t, err, redact.ErrNoKey)
	assert.Contains(t, err.Error(), "WithIdentity")
	assert.Contains(t, err.Error(), "WithKey")
	_, err = redact.NewProcessor(&recorder{}, redact.WithIdentity("hash"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"hash"`)
}
