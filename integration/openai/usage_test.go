package noveumopenai

import (
	"testing"

	"github.com/tidwall/gjson"

	"github.com/Noveum/noveum-trace-go/internal/usagetest"
)

// The usage vectors are shared with the other module that reads the
// OpenAI wire format (internal/usagetest).

func TestChatUsageVectors(t *testing.T) {
	for _, v := range usagetest.OpenAIChat {
		t.Run(v.Name, func(t *testing.T) { usagetest.Check(t, v.Want, chatUsage(gjson.Get(v.Body, "usage"))) })
	}
}

func TestResponsesUsageVectors(t *testing.T) {
	for _, v := range usagetest.OpenAIResponses {
		t.Run(v.Name, func(t *testing.T) { usagetest.Check(t, v.Want, responsesUsage(gjson.Get(v.Body, "usage"))) })
	}
}

// A negative count from a misbehaving server is not a count.
func TestUsageNegativeCounts(t *testing.T) {
	usagetest.Check(t, usagetest.Counts(-1, -1, -1, -1, -1), chatUsage(gjson.Parse(`{"prompt_tokens": -5, "completion_tokens": -5}`)))
}
