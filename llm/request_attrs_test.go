package llm

import (
	"math/bits"
	"testing"

	"go.opentelemetry.io/otel/attribute"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// Start sizes its slice from the set it fills: with every field set, and
// with the fields whose condition is more than "set", the slice is filled
// exactly, with no attribute left empty or repeated.
func TestRequestAttrSetSizesStart(t *testing.T) {
	full := Request{Provider: "openai", Model: "m", ServerAddress: "h", ServerPort: 443, ConversationID: "c",
		Temperature: new(0.1), TopP: new(0.9), TopK: new(5), MaxTokens: new(10), FrequencyPenalty: new(0.1),
		PresencePenalty: new(0.2), Seed: new(int64(7)), ChoiceCount: new(2), StopSequences: []string{"x"},
		OutputType: semconv.OutputText, Stream: true, EncodingFormats: []string{"float"},
		Messages: []Message{{Role: RoleUser}}, Attributes: []attribute.KeyValue{attribute.String("app.k", "v")}}
	for _, tc := range []struct {
		name string
		op   semconv.Operation
		req  Request
		want int // attributes besides req.Attributes
	}{
		{"everything, embeddings", semconv.OperationEmbeddings, full, 19},
		{"everything, chat: no encoding formats", semconv.OperationChat, full, 18},
		{"one choice is the default", semconv.OperationChat, Request{ChoiceCount: new(1)}, 1},
		{"nothing", semconv.OperationChat, Request{}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set := requestAttrSet(tc.op, &tc.req)
			n := 1 + bits.OnesCount32(set) + len(tc.req.Attributes)
			attrs := appendRequestAttrs(make([]attribute.KeyValue, 0, n), tc.op, &tc.req, set)
			if len(attrs) != n || cap(attrs) != n {
				t.Fatalf("%d attributes in a slice sized for %d (cap %d)", len(attrs), n, cap(attrs))
			}
			if got := len(attrs) - len(tc.req.Attributes); got != tc.want {
				t.Errorf("%d request attributes, want %d", got, tc.want)
			}
			seen := map[attribute.Key]bool{}
			for _, kv := range attrs {
				if !kv.Valid() || seen[kv.Key] {
					t.Errorf("attribute %q empty or repeated", kv.Key)
				}
				seen[kv.Key] = true
			}
		})
	}
}
