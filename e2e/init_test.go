package e2e_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	"go.uber.org/goleak"

	noveumtrace "github.com/Noveum/noveum-trace-go"
	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/noveumtest"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// One call sets everything up: the helpers' spans go through the redactor
// and the exporter, with the resource and the identity, and the shutdown
// delivers them and leaves no goroutine behind.
func TestInit(t *testing.T) {
	cleanEnv(t)
	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	shutdown, err := noveumtrace.Init(context.Background(), noveumtrace.WithConfigOptions(
		config.WithEndpoint(srv.URL), config.WithProject("support-bot"), config.WithEnvironment("staging"),
		config.WithServiceVersion("1.2.3"), config.WithCaptureContent(config.CaptureSpanOnly)))
	require.NoError(t, err)
	assert.NotNil(t, otel.GetTextMapPropagator().Fields(), "propagators registered")

	ctx := agents.WithConversation(context.Background(), "conv-7")
	ctx, agent := agents.InvokeAgent(ctx, agents.NewAgent(agents.AgentInfo{Name: "support"}))
	_, call := llm.StartChat(ctx, llm.Request{Provider: semconv.ProviderOpenAI, Model: "gpt-4o",
		Messages: []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text("mail me at jane.doe@example.com")}}}})
	call.RecordResponse(llm.Response{Usage: llm.Usage{InputTokens: llm.Tokens(1000), OutputTokens: llm.Tokens(100)}})
	call.End(nil)
	agent.End(nil)

	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, shutdown(sctx))
	require.NoError(t, shutdown(sctx), "a second call does nothing")

	traces := srv.Traces()
	require.Len(t, traces, 1)
	tr := traces[0]
	assert.Equal(t, "agent.support", tr.Name)
	assert.Equal(t, "support-bot", tr.Project)
	assert.Equal(t, "staging", tr.Environment)
	assert.Equal(t, "conv-7", *tr.Metadata.SessionID)
	var chat noveumtest.Span
	for _, s := range tr.Spans {
		if strings.HasPrefix(s.Name, "llm.") {
			chat = s
		}
	}
	msgs, _ := chat.Attr("gen_ai.input.messages")
	assert.Contains(t, msgs, "[REDACTED:EMAIL]", "redaction is on by default")
	assert.NotContains(t, msgs, "jane.doe")
	cost, ok := chat.Attr("llm.cost.total")
	assert.True(t, ok, "priced with the built-in book: %v", cost)
	body := string(srv.Requests()[0].Body)
	assert.Contains(t, body, `"service.name":"support-bot"`)
	assert.Contains(t, body, `"service.version":"1.2.3"`)
	assert.Contains(t, body, `"deployment.environment.name":"staging"`)

	srv.Close()
	goleak.VerifyNone(t, goleak.IgnoreCurrent())
}
