package agents

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"go.opentelemetry.io/otel/baggage"

	"github.com/Noveum/noveum-trace-go/internal/identity"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// Identity is who and what a request belongs to: the conversation, the end
// user, the session and free-form tags. It is a property of the whole
// request, so it travels in context.Context and is stamped on every span
// started under that context: by this package's spans, and by anyone's when
// the agentsdk.IdentityProcessor is installed.
type Identity struct {
	// ConversationID identifies the conversation (gen_ai.conversation.id).
	ConversationID string
	// UserID identifies the end user (user.id).
	UserID string
	// SessionID identifies the session (session.id).
	SessionID string
	// Tags are free-form labels, recorded as noveum.tag.<name> attributes
	// (the exporter writes them to the Noveum trace's tags).
	Tags map[string]string
}

// WithIdentity returns a context carrying id merged over the identity ctx
// already carries: non-empty fields of id replace those, and its tags are
// added to (or replace) the existing ones.
func WithIdentity(ctx context.Context, id Identity) context.Context {
	merged := IdentityFrom(ctx)
	if id.ConversationID != "" {
		merged.ConversationID = id.ConversationID
	}
	if id.UserID != "" {
		merged.UserID = id.UserID
	}
	if id.SessionID != "" {
		merged.SessionID = id.SessionID
	}
	if len(id.Tags) > 0 {
		tags := maps.Clone(merged.Tags)
		if tags == nil {
			tags = make(map[string]string, len(id.Tags))
		}
		maps.Copy(tags, id.Tags)
		merged.Tags = tags
	}
	return identity.With(ctx, identity.New(merged.ConversationID, merged.UserID, merged.SessionID, merged.Tags))
}

// WithConversation returns a context whose conversation id is id.
func WithConversation(ctx context.Context, id string) context.Context {
	return WithIdentity(ctx, Identity{ConversationID: id})
}

// WithUser returns a context whose end-user id is id.
func WithUser(ctx context.Context, id string) context.Context {
	return WithIdentity(ctx, Identity{UserID: id})
}

// WithSession returns a context whose session id is id.
func WithSession(ctx context.Context, id string) context.Context {
	return WithIdentity(ctx, Identity{SessionID: id})
}

// WithTags returns a context carrying tags added to those it had.
func WithTags(ctx context.Context, tags map[string]string) context.Context {
	return WithIdentity(ctx, Identity{Tags: tags})
}

// IdentityFrom returns the identity ctx carries; its Tags map is a copy.
func IdentityFrom(ctx context.Context) Identity {
	v := identity.From(ctx)
	if v == nil {
		return Identity{}
	}
	return Identity{ConversationID: v.ConversationID, UserID: v.UserID, SessionID: v.SessionID, Tags: maps.Clone(v.Tags)}
}

// Baggage member keys used by ToBaggage and FromBaggage: the attribute
// keys themselves.
const (
	baggageConversation = string(semconv.GenAIConversationIDKey)
	baggageUser         = string(semconv.UserIDKey)
	baggageSession      = string(semconv.SessionIDKey)
	baggageTagPrefix    = semconv.NoveumTagPrefix
)

// ToBaggage copies the identity of ctx into its W3C baggage, so that an
// OpenTelemetry propagator sends it to the services this request calls
// (which read it back with FromBaggage). Only call it for calls you trust
// with the identity: baggage travels in plain HTTP headers.
func ToBaggage(ctx context.Context) (context.Context, error) {
	id := IdentityFrom(ctx)
	b := baggage.FromContext(ctx)
	var errs []error
	set := func(key, value string) {
		if value == "" {
			return
		}
		m, err := baggage.NewMemberRaw(key, value)
		if err == nil {
			b, err = b.SetMember(m)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("noveum agents: baggage member %s: %w", key, err))
		}
	}
	set(baggageConversation, id.ConversationID)
	set(baggageUser, id.UserID)
	set(baggageSession, id.SessionID)
	for _, k := range slices.Sorted(maps.Keys(id.Tags)) {
		set(baggageTagPrefix+k, id.Tags[k])
	}
	return baggage.ContextWithBaggage(ctx, b), errors.Join(errs...)
}

// FromBaggage returns a context carrying the identity found in the W3C
// baggage of ctx (as ToBaggage writes it), merged over the identity ctx
// already carries.
func FromBaggage(ctx context.Context) context.Context {
	b := baggage.FromContext(ctx)
	id := Identity{
		ConversationID: b.Member(baggageConversation).Value(),
		UserID:         b.Member(baggageUser).Value(),
		SessionID:      b.Member(baggageSession).Value(),
	}
	for _, m := range b.Members() {
		if k, ok := strings.CutPrefix(m.Key(), baggageTagPrefix); ok && k != "" {
			if id.Tags == nil {
				id.Tags = map[string]string{}
			}
			id.Tags[k] = m.Value()
		}
	}
	if id.ConversationID == "" && id.UserID == "" && id.SessionID == "" && len(id.Tags) == 0 {
		return ctx
	}
	return WithIdentity(ctx, id)
}
