package llm

import (
	"context"
	"sync"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// defaultBook is the built-in price book Tracers share unless given another.
var defaultBook = sync.OnceValue(DefaultPriceBook)

// Start starts a model call of operation op with the Default Tracer. See
// Tracer.Start.
func Start(ctx context.Context, op semconv.Operation, req Request) (context.Context, *Call) {
	return Default().Start(ctx, op, req)
}

// StartChat starts a chat call with the Default Tracer. See Tracer.Start.
func StartChat(ctx context.Context, req Request) (context.Context, *Call) {
	return Default().StartChat(ctx, req)
}

// StartCompletion starts a text completion call with the Default Tracer.
// See Tracer.Start.
func StartCompletion(ctx context.Context, req Request) (context.Context, *Call) {
	return Default().StartCompletion(ctx, req)
}

// StartEmbeddings starts an embeddings call with the Default Tracer. See
// Tracer.Start.
func StartEmbeddings(ctx context.Context, req Request) (context.Context, *Call) {
	return Default().StartEmbeddings(ctx, req)
}

// StartRetrieval starts a retrieval step with the Default Tracer. See
// Tracer.StartRetrieval.
func StartRetrieval(ctx context.Context, req RetrievalRequest) (context.Context, *Call) {
	return Default().StartRetrieval(ctx, req)
}
