package semconv_test

import (
	"slices"
	"testing"

	"github.com/Noveum/noveum-trace-go/semconv"
)

var (
	tokenBuckets    = []float64{1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864}
	durationBuckets = []float64{0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92}
)

func TestMetricNamesAndUnits(t *testing.T) {
	tests := []struct{ got, want string }{
		{semconv.GenAIClientTokenUsageName, "gen_ai.client.token.usage"},
		{semconv.GenAIClientTokenUsageUnit, "{token}"},
		{semconv.GenAIClientOperationDurationName, "gen_ai.client.operation.duration"},
		{semconv.GenAIClientOperationDurationUnit, "s"},
		{semconv.GenAIClientOperationTimeToFirstChunkName, "gen_ai.client.operation.time_to_first_chunk"},
		{semconv.GenAIClientOperationTimeToFirstChunkUnit, "s"},
		{semconv.GenAIClientOperationTimePerOutputChunkName, "gen_ai.client.operation.time_per_output_chunk"},
		{semconv.GenAIClientOperationTimePerOutputChunkUnit, "s"},
		{semconv.NoveumExporterSpansName, "noveum.exporter.spans"},
		{semconv.NoveumExporterTracesName, "noveum.exporter.traces"},
		{semconv.NoveumExporterRequestsName, "noveum.exporter.requests"},
		{semconv.NoveumExporterRetriesName, "noveum.exporter.retries"},
		{semconv.NoveumExporterBytesName, "noveum.exporter.bytes"},
		{semconv.NoveumExporterBufferUsageName, "noveum.exporter.buffer.usage"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	for _, d := range []string{
		semconv.GenAIClientTokenUsageDescription,
		semconv.GenAIClientOperationDurationDescription,
		semconv.GenAIClientOperationTimeToFirstChunkDescription,
		semconv.GenAIClientOperationTimePerOutputChunkDescription,
	} {
		if d == "" || d[len(d)-1] != '.' || slices.Contains([]byte(d), '\n') {
			t.Errorf("description %q is not one sentence on one line", d)
		}
	}
}

// Each bucket function returns the convention's boundaries, in a new slice
// each time: a caller that changes one cannot change what the next caller
// gets.
func TestBucketsAreFreshCopies(t *testing.T) {
	tests := []struct {
		name string
		fn   func() []float64
		want []float64
	}{
		{"token usage", semconv.GenAIClientTokenUsageBuckets, tokenBuckets},
		{"operation duration", semconv.GenAIClientOperationDurationBuckets, durationBuckets},
		{"time to first chunk", semconv.GenAIClientOperationTimeToFirstChunkBuckets, durationBuckets},
		{"time per output chunk", semconv.GenAIClientOperationTimePerOutputChunkBuckets, durationBuckets},
	}
	for _, tt := range tests {
		first := tt.fn()
		if !slices.Equal(first, tt.want) {
			t.Errorf("%s buckets = %v, want %v", tt.name, first, tt.want)
		}
		if !slices.IsSorted(first) {
			t.Errorf("%s buckets are not increasing", tt.name)
		}
		for i := range first {
			first[i] = -1
		}
		if second := tt.fn(); !slices.Equal(second, tt.want) {
			t.Errorf("%s buckets after a caller changed its copy = %v", tt.name, second)
		}
	}
	// The three duration functions must not share one backing array either.
	a, b := semconv.GenAIClientOperationDurationBuckets(), semconv.GenAIClientOperationTimeToFirstChunkBuckets()
	a[0] = -1
	if b[0] != durationBuckets[0] {
		t.Error("duration and time-to-first-chunk buckets share storage")
	}
}
