// Package llm records model calls (chat, text completion, embeddings) and
// retrieval steps as OpenTelemetry spans that follow the GenAI semantic
// conventions, with tokens, cost, streaming timings and, when switched on,
// message content.
//
// Every function that takes a context.Context needs a non-nil one, as the
// context package asks: pass context.Background() or context.TODO() when
// there is none.
package llm
