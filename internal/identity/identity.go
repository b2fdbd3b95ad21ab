// Package identity carries a request's conversation identity in
// context.Context for the agents package (which owns the public API) and
// the llm package (whose spans carry it from their start), and names the
// instrumentation scopes whose spans do so, which the agents identity
// processor therefore skips.
package identity

import (
	"context"
	"maps"
	"slices"

	"go.opentelemetry.io/otel/attribute"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// Scopes of the helpers that put the identity on their spans at start.
const (
	LLMScope    = "github.com/Noveum/noveum-trace-go/llm"
	AgentsScope = "github.com/Noveum/noveum-trace-go/agents"
)

// SelfStamped reports whether spans of scope already carry the identity.
func SelfStamped(scope string) bool { return scope == LLMScope || scope == AgentsScope }

// key is the unexported context key: the identity is never in baggage.
type key struct{}

// Value is an identity with its span attributes, built once by New.
type Value struct {
	ConversationID, UserID, SessionID string
	Tags                              map[string]string
	Attrs                             []attribute.KeyValue
}

// New returns the Value of an identity; tags is kept, not copied.
func New(conversationID, userID, sessionID string, tags map[string]string) *Value {
	v := &Value{ConversationID: conversationID, UserID: userID, SessionID: sessionID, Tags: tags}
	if conversationID != "" {
		v.Attrs = append(v.Attrs, semconv.GenAIConversationID(conversationID))
	}
	if userID != "" {
		v.Attrs = append(v.Attrs, semconv.UserID(userID))
	}
	if sessionID != "" {
		v.Attrs = append(v.Attrs, semconv.SessionID(sessionID))
	}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		v.Attrs = append(v.Attrs, attribute.String(semconv.NoveumTagPrefix+k, tags[k]))
	}
	return v
}

// With returns a context carrying v.
func With(ctx context.Context, v *Value) context.Context { return context.WithValue(ctx, key{}, v) }

// From returns the Value ctx carries, or nil (also for a nil ctx).
func From(ctx context.Context) *Value {
	if ctx == nil {
		return nil
	}
	v, _ := ctx.Value(key{}).(*Value)
	return v
}

// Attrs returns the span attributes of ctx's identity (shared: do not
// modify), or nil.
func Attrs(ctx context.Context) []attribute.KeyValue {
	if v := From(ctx); v != nil {
		return v.Attrs
	}
	return nil
}
