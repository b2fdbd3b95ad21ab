package llm

import (
	"go.opentelemetry.io/otel/attribute"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// Request describes a model call, as known before it is made: the span is
// started with it. Pointer fields are optional parameters; leave them nil
// when the request does not set them (Go 1.26: Temperature: new(0.2)).
// Fields that do not apply to the operation are ignored.
type Request struct {
	// Provider is the model provider (gen_ai.provider.name): a semconv
	// Provider constant or any other name. Required by the convention.
	Provider semconv.Provider
	// Model is the model asked for (gen_ai.request.model).
	Model string
	// ServerAddress and ServerPort name the endpoint called.
	ServerAddress string
	ServerPort    int
	// InProcess marks a model run inside this process: the span kind is
	// INTERNAL instead of CLIENT.
	InProcess bool
	// ConversationID is the provider's or the application's id of the
	// conversation the call belongs to (gen_ai.conversation.id). Set it only
	// when a real id exists. The identity of the context
	// (agents.WithIdentity: conversation, user, session, tags) goes on the
	// span too, and its conversation id wins over this one.
	ConversationID string

	// Temperature, TopP, TopK, MaxTokens, FrequencyPenalty, PresencePenalty,
	// Seed and ChoiceCount are the sampling parameters of the request.
	Temperature      *float64
	TopP             *float64
	TopK             *int
	MaxTokens        *int
	FrequencyPenalty *float64
	PresencePenalty  *float64
	Seed             *int64
	ChoiceCount      *int
	// StopSequences are the sequences that stop generation.
	StopSequences []string
	// OutputType is the requested output type (text, json, image, speech).
	OutputType semconv.OutputType
	// Stream marks a streaming request (gen_ai.request.stream), set at
	// start; RecordChunk sets it on the first chunk when it was not.
	Stream bool
	// EncodingFormats are the requested embedding formats (embeddings).
	EncodingFormats []string

	// Messages are the input messages, in the order sent. Recorded only
	// when content capture is on.
	Messages []Message
	// SystemInstructions are instructions given apart from the messages
	// (gen_ai.system_instructions). Recorded only when content capture is on.
	SystemInstructions []Part
	// Tools are the tools offered to the model (gen_ai.tool.definitions).
	// Recorded only when content capture is on.
	Tools []ToolDefinition

	// Attributes are added to the span as they are, at start (so samplers
	// see them).
	Attributes []attribute.KeyValue
}

// Response describes what a model call returned. Every field is optional.
type Response struct {
	// ID is the provider's id of the response (gen_ai.response.id).
	ID string
	// Model is the model that answered (gen_ai.response.model), which may
	// name a version the request did not.
	Model string
	// FinishReasons holds one reason per choice. When empty, the finish
	// reasons of Messages are used.
	FinishReasons []string
	// Messages are the output messages, one per choice. Recorded only when
	// content capture is on.
	Messages []Message
	// OutputType is the type of output returned (text, json, image, speech).
	OutputType semconv.OutputType
	// Usage is the token usage, when the response carries it. Counts left
	// unreported are not recorded.
	Usage Usage
	// EmbeddingDimensions is the number of dimensions of the returned
	// embeddings (gen_ai.embeddings.dimension.count).
	EmbeddingDimensions int
}

// RetrievalRequest describes a retrieval step: a query against a vector
// store, a search index or another data source.
type RetrievalRequest struct {
	// DataSourceID identifies the data source (gen_ai.data_source.id); it
	// names the span.
	DataSourceID string
	// Provider is the provider of the data source or of its embedding model,
	// if any.
	Provider semconv.Provider
	// Model is the embedding or reranking model used, if any.
	Model string
	// ServerAddress and ServerPort name the endpoint called.
	ServerAddress string
	ServerPort    int
	// TopK is the number of documents asked for (gen_ai.retrieval.top_k).
	TopK *int
	// Query is the query text (gen_ai.retrieval.query.text). Recorded only
	// when content capture is on.
	Query string
	// Attributes are added to the span as they are, at start.
	Attributes []attribute.KeyValue
}
