package semconv

// Event names.
const (
	// EventInferenceDetails is the convention's opt-in event carrying the
	// details of an inference call (request parameters, input and output
	// messages). This SDK records it as a span event on the call's span.
	EventInferenceDetails = "gen_ai.client.inference.operation.details"
	// EventEvaluationResult is the convention's event carrying the result
	// of evaluating a GenAI output (the gen_ai.evaluation.* keys), parented
	// to the evaluated operation's span.
	EventEvaluationResult = "gen_ai.evaluation.result"
	// ExceptionEventName is the name of the span event that records an
	// exception (with the exception.* keys).
	ExceptionEventName = "exception"
)
