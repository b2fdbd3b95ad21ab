package semconv

// GenAI client metrics of the convention: each has a name, a unit, the
// convention's description, and a function returning the explicit histogram
// bucket boundaries the convention recommends.
const (
	// GenAIClientTokenUsageName is the histogram of tokens used per
	// operation, with [GenAITokenTypeKey] telling input from output.
	GenAIClientTokenUsageName = "gen_ai.client.token.usage"
	// GenAIClientTokenUsageUnit is the unit of [GenAIClientTokenUsageName].
	GenAIClientTokenUsageUnit = "{token}"
	// GenAIClientTokenUsageDescription describes [GenAIClientTokenUsageName].
	GenAIClientTokenUsageDescription = "Number of input and output tokens used."

	// GenAIClientOperationDurationName is the histogram of GenAI operation
	// durations.
	GenAIClientOperationDurationName = "gen_ai.client.operation.duration"
	// GenAIClientOperationDurationUnit is the unit (seconds) of
	// [GenAIClientOperationDurationName].
	GenAIClientOperationDurationUnit = "s"
	// GenAIClientOperationDurationDescription describes
	// [GenAIClientOperationDurationName].
	GenAIClientOperationDurationDescription = "GenAI operation duration."

	// GenAIClientOperationTimeToFirstChunkName is the histogram of the time
	// from issuing a streaming request to receiving its first chunk; it is
	// recorded for streaming calls only.
	GenAIClientOperationTimeToFirstChunkName = "gen_ai.client.operation.time_to_first_chunk"
	// GenAIClientOperationTimeToFirstChunkUnit is the unit (seconds) of
	// [GenAIClientOperationTimeToFirstChunkName].
	GenAIClientOperationTimeToFirstChunkUnit = "s"
	// GenAIClientOperationTimeToFirstChunkDescription describes
	// [GenAIClientOperationTimeToFirstChunkName].
	GenAIClientOperationTimeToFirstChunkDescription = "Time to receive the first chunk, measured from when the client issues the generation request to when the first chunk is received in the response stream."

	// GenAIClientOperationTimePerOutputChunkName is the histogram of the time
	// between consecutive chunks of a streaming response, one measurement
	// per chunk after the first; it is recorded for streaming calls only.
	GenAIClientOperationTimePerOutputChunkName = "gen_ai.client.operation.time_per_output_chunk"
	// GenAIClientOperationTimePerOutputChunkUnit is the unit (seconds) of
	// [GenAIClientOperationTimePerOutputChunkName].
	GenAIClientOperationTimePerOutputChunkUnit = "s"
	// GenAIClientOperationTimePerOutputChunkDescription describes
	// [GenAIClientOperationTimePerOutputChunkName].
	GenAIClientOperationTimePerOutputChunkDescription = "Time per output chunk, recorded for each chunk received after the first one, measured as the time elapsed from the end of the previous chunk to the end of the current chunk."
)

// GenAIClientTokenUsageBuckets returns the bucket boundaries the convention
// recommends for [GenAIClientTokenUsageName]: powers of 4 from 1 to 67108864
// tokens. Each call returns a new slice the caller may keep or change.
func GenAIClientTokenUsageBuckets() []float64 {
	return []float64{1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864}
}

// GenAIClientOperationDurationBuckets returns the bucket boundaries the
// convention recommends for [GenAIClientOperationDurationName]: doubling from
// 0.01 to 81.92 seconds. Each call returns a new slice.
func GenAIClientOperationDurationBuckets() []float64 {
	return secondsBuckets()
}

// GenAIClientOperationTimeToFirstChunkBuckets returns the bucket boundaries
// the convention recommends for [GenAIClientOperationTimeToFirstChunkName]:
// the same as for the operation duration, 0.01 to 81.92 seconds. Each call
// returns a new slice.
func GenAIClientOperationTimeToFirstChunkBuckets() []float64 {
	return secondsBuckets()
}

// GenAIClientOperationTimePerOutputChunkBuckets returns the bucket boundaries
// the convention recommends for [GenAIClientOperationTimePerOutputChunkName]:
// the same as for the operation duration, 0.01 to 81.92 seconds. Each call
// returns a new slice.
func GenAIClientOperationTimePerOutputChunkBuckets() []float64 {
	return secondsBuckets()
}

// secondsBuckets returns a new copy of the convention's duration buckets.
func secondsBuckets() []float64 {
	return []float64{0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92}
}

// Metrics the Noveum exporter reports about itself.
const (
	// NoveumExporterSpansName counts spans by outcome: received, sent, or
	// dropped with a reason.
	NoveumExporterSpansName = "noveum.exporter.spans"
	// NoveumExporterTracesName counts traces by outcome: received, sent,
	// continuation, split_part (extra parts of traces split for size), or
	// dropped with a reason.
	NoveumExporterTracesName = "noveum.exporter.traces"
	// NoveumExporterRequestsName counts the HTTP requests made to the Noveum
	// API, retries included.
	NoveumExporterRequestsName = "noveum.exporter.requests"
	// NoveumExporterRetriesName counts the requests repeated after a
	// retryable failure.
	NoveumExporterRetriesName = "noveum.exporter.retries"
	// NoveumExporterBytesName counts request body bytes, before and after
	// compression.
	NoveumExporterBytesName = "noveum.exporter.bytes"
	// NoveumExporterBufferUsageName is the gauge of memory held for pending
	// spans and requests.
	NoveumExporterBufferUsageName = "noveum.exporter.buffer.usage"
	// NoveumExporterBufferLimitName is the gauge of the memory budget the
	// buffer usage is held against.
	NoveumExporterBufferLimitName = "noveum.exporter.buffer.limit"
	// NoveumExporterPressureName counts what memory pressure made the
	// exporter do early, by action: early_seal (a trace sealed without its
	// grace period), partial_seal (a trace sealed before its root ended),
	// early_send (a request sent without the batch delay), blocked (OnEnd
	// waited for room, with blocking on).
	NoveumExporterPressureName = "noveum.exporter.pressure"
)
