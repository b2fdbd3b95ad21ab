package semconv_test

import (
	"fmt"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// Readers of older spans map deprecated keys to the current ones.
func ExampleReplacement() {
	for _, old := range []string{"gen_ai.system", "gen_ai.usage.prompt_tokens", "gen_ai.request.model"} {
		if current, ok := semconv.Replacement(semconvKey(old)); ok {
			fmt.Println(old, "->", current)
		} else {
			fmt.Println(old, "is current")
		}
	}
	// Output:
	// gen_ai.system -> gen_ai.provider.name
	// gen_ai.usage.prompt_tokens -> gen_ai.usage.input_tokens
	// gen_ai.request.model is current
}
