package goopenai

import (
	"strings"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// hostProviders maps the host names of OpenAI-compatible APIs to their
// provider name: a host matches an entry that equals it or that it ends
// with after a dot. Convention names where the convention has one.
var hostProviders = []struct {
	host     string
	provider semconv.Provider
}{
	{"api.openai.com", semconv.ProviderOpenAI},
	{"openai.azure.com", semconv.ProviderAzureAIOpenAI},
	{"cognitiveservices.azure.com", semconv.ProviderAzureAIOpenAI},
	{"services.ai.azure.com", semconv.ProviderAzureAIInference},
	{"models.ai.azure.com", semconv.ProviderAzureAIInference},
	{"inference.ai.azure.com", semconv.ProviderAzureAIInference},
	{"api.groq.com", semconv.ProviderGroq},
	{"api.deepseek.com", semconv.ProviderDeepSeek},
	{"api.mistral.ai", semconv.ProviderMistralAI},
	{"api.x.ai", semconv.ProviderXAI},
	{"api.perplexity.ai", semconv.ProviderPerplexity},
	{"api.moonshot.ai", semconv.ProviderMoonshotAI},
	{"api.moonshot.cn", semconv.ProviderMoonshotAI},
	{"api.cohere.ai", semconv.ProviderCohere},
	{"api.cohere.com", semconv.ProviderCohere},
	{"api.anthropic.com", semconv.ProviderAnthropic},
	{"generativelanguage.googleapis.com", semconv.ProviderGCPGemini},
	{"aiplatform.googleapis.com", semconv.ProviderGCPVertexAI},
	{"openrouter.ai", "openrouter"},
	{"api.together.xyz", "together_ai"},
	{"api.fireworks.ai", "fireworks_ai"},
}

// ollamaPort is the port Ollama serves its OpenAI-compatible API on.
const ollamaPort = 11434

// ProviderForHost returns the gen_ai.provider.name of the OpenAI-compatible
// API served at host (a host name without port, as in a URL): "openai" for
// api.openai.com, "azure.ai.openai" for Azure OpenAI (*.openai.azure.com),
// "groq", "deepseek", "mistral_ai", "x_ai", "perplexity" and the other
// convention names for their APIs, and "openai" for any host it does not
// know (the protocol spoken), local servers included. Ollama on its
// default port is "ollama" (the client tells by the port); WithProvider
// overrides the result.
func ProviderForHost(host string) semconv.Provider {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, e := range hostProviders {
		if host == e.host || (strings.HasSuffix(host, e.host) && host[len(host)-len(e.host)-1] == '.') {
			return e.provider
		}
	}
	switch {
	case strings.HasSuffix(host, "-aiplatform.googleapis.com"): // {region}-aiplatform
		return semconv.ProviderGCPVertexAI
	case strings.HasPrefix(host, "bedrock-runtime.") && strings.HasSuffix(host, ".amazonaws.com"):
		return semconv.ProviderAWSBedrock
	}
	return semconv.ProviderOpenAI
}
