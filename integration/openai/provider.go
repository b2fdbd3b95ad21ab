package noveumopenai

import (
	"net"
	"strconv"
	"strings"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// Providers that are not values of the convention, named as they name
// themselves.
const (
	providerOllama     semconv.Provider = "ollama"
	providerOpenRouter semconv.Provider = "openrouter"
	providerTogetherAI semconv.Provider = "together_ai"
	providerFireworks  semconv.Provider = "fireworks_ai"
	providerCerebras   semconv.Provider = "cerebras"
)

// hostProviders maps the API host of OpenAI-compatible services to their
// provider name: the convention's value where it has one.
var hostProviders = map[string]semconv.Provider{
	"api.openai.com":                    semconv.ProviderOpenAI,
	"api.groq.com":                      semconv.ProviderGroq,
	"api.deepseek.com":                  semconv.ProviderDeepSeek,
	"api.mistral.ai":                    semconv.ProviderMistralAI,
	"api.x.ai":                          semconv.ProviderXAI,
	"api.perplexity.ai":                 semconv.ProviderPerplexity,
	"api.moonshot.ai":                   semconv.ProviderMoonshotAI,
	"api.moonshot.cn":                   semconv.ProviderMoonshotAI,
	"api.cohere.ai":                     semconv.ProviderCohere,
	"api.cohere.com":                    semconv.ProviderCohere,
	"generativelanguage.googleapis.com": semconv.ProviderGCPGemini,
	"openrouter.ai":                     providerOpenRouter,
	"api.together.xyz":                  providerTogetherAI,
	"api.fireworks.ai":                  providerFireworks,
	"api.cerebras.ai":                   providerCerebras,
}

// hostSuffixProviders maps domains whose sub-domains name a customer's
// resource (Azure) or a region (Vertex AI, Bedrock).
var hostSuffixProviders = []struct {
	suffix   string
	provider semconv.Provider
}{
	{".openai.azure.com", semconv.ProviderAzureAIOpenAI},
	{".cognitiveservices.azure.com", semconv.ProviderAzureAIOpenAI},
	{".services.ai.azure.com", semconv.ProviderAzureAIInference},
	{".models.ai.azure.com", semconv.ProviderAzureAIInference},
	{"aiplatform.googleapis.com", semconv.ProviderGCPVertexAI},
	{".amazonaws.com", semconv.ProviderAWSBedrock},
}

// providerFor names the provider behind host (without port) and port:
// a known service by its host, Ollama by its default port, and OpenAI for
// any other server, since it speaks OpenAI's API.
func providerFor(host string, port int) semconv.Provider {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if p, ok := hostProviders[host]; ok {
		return p
	}
	for _, s := range hostSuffixProviders {
		if strings.HasSuffix(host, s.suffix) {
			if s.provider == semconv.ProviderAWSBedrock && !strings.HasPrefix(host, "bedrock") {
				continue
			}
			return s.provider
		}
	}
	if port == 11434 { // Ollama's default port
		return providerOllama
	}
	return semconv.ProviderOpenAI
}

// hostPort splits a URL host into name and port, the port defaulting to
// the scheme's.
func hostPort(scheme, host string) (string, int) {
	name, portStr, err := net.SplitHostPort(host)
	if err != nil {
		name = strings.Trim(host, "[]")
	}
	port, _ := strconv.Atoi(portStr)
	if port <= 0 {
		switch scheme {
		case "https":
			port = 443
		case "http":
			port = 80
		}
	}
	return name, port
}
