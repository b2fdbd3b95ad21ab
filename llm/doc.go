// Package llm records model calls (chat, text completion, embeddings) and
// retrieval steps as OpenTelemetry spans that follow the GenAI semantic
// conventions, with tokens, cost, streaming timings and, when switched on,
// message content.
package llm
