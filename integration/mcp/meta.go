package noveummcp

import (
	"context"
	"maps"
	"reflect"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/baggage"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// w3c is the propagator used when neither WithPropagator nor the global
// propagator propagates anything: the reserved _meta keys of the convention
// are the W3C ones.
var w3c = propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})

// metaCarrier is a propagation.TextMapCarrier over a params._meta map. Only
// string values are read; Set counts the keys it wrote.
type metaCarrier struct {
	m   map[string]any
	set int
}

func (c *metaCarrier) Get(key string) string {
	s, _ := c.m[key].(string)
	return s
}

func (c *metaCarrier) Set(key, value string) {
	c.m[key] = value
	c.set++
}

func (c *metaCarrier) Keys() []string {
	keys := make([]string, 0, len(c.m))
	for k, v := range c.m {
		if _, ok := v.(string); ok {
			keys = append(keys, k)
		}
	}
	return keys
}

func (c *config) propagator() propagation.TextMapPropagator {
	if c.prop != nil {
		return c.prop
	}
	return otel.GetTextMapPropagator()
}

// inject writes the context of ctx into params._meta, on a copy of the map
// the application set (whose keys are kept), and returns the function that
// puts the application's map back once the message is written. Params that
// are nil (ListTools(ctx, nil)) cannot carry it.
func (c *config) inject(ctx context.Context, params mcp.Params) (restore func()) {
	if isNil(params) {
		return nop
	}
	if !c.baggage {
		if baggage.FromContext(ctx).Len() > 0 {
			ctx = baggage.ContextWithoutBaggage(ctx)
		}
	}
	orig := params.GetMeta()
	m := make(map[string]any, len(orig)+3)
	maps.Copy(m, orig)
	carrier := metaCarrier{m: m}
	c.propagator().Inject(ctx, &carrier)
	if carrier.set == 0 && c.prop == nil {
		// The global propagator is the no-op default: use the W3C one.
		w3c.Inject(ctx, &carrier)
	}
	if carrier.set == 0 {
		return nop
	}
	params.SetMeta(m)
	return func() { params.SetMeta(orig) }
}

func nop() {}

// extract returns ctx with the remote span context and, when baggage is
// allowed, the baggage found in params._meta.
func (c *config) extract(ctx context.Context, params mcp.Params) context.Context {
	if isNil(params) {
		return ctx
	}
	m := params.GetMeta()
	if len(m) == 0 {
		return ctx
	}
	carrier := metaCarrier{m: m}
	out := c.propagator().Extract(ctx, &carrier)
	if c.prop == nil && !trace.SpanContextFromContext(out).IsRemote() && (carrier.Get("traceparent") != "" || carrier.Get("baggage") != "") {
		out = w3c.Extract(ctx, &carrier)
	}
	if !c.baggage && carrier.Get("baggage") != "" {
		out = baggage.ContextWithBaggage(out, baggage.FromContext(ctx))
	}
	return out
}

// isNil reports whether params is nil or a typed nil pointer (the SDK passes
// the latter for calls made with nil params).
func isNil(p mcp.Params) bool {
	if p == nil {
		return true
	}
	v := reflect.ValueOf(p)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
