package noveumtrace_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	noveumtrace "github.com/Noveum/noveum-trace-go"
	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/noveumtest"
	"github.com/Noveum/noveum-trace-go/redact"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// config cannot import redact, so it keeps its own list of detector names:
// the two must agree.
func TestRedactDetectorNamesAgree(t *testing.T) {
	var names []string
	for _, d := range redact.AllDetectors() {
		names = append(names, string(d))
	}
	assert.Equal(t, names, config.RedactDetectorNames)
	for _, n := range config.RedactDetectorNames {
		_, err := redact.ParseDetector(n)
		assert.NoError(t, err, n)
	}
}

func redactOnce(t *testing.T, cfg config.Config, text string) string {
	t.Helper()
	opts, on, err := noveumtrace.RedactOptions(cfg)
	require.NoError(t, err)
	require.True(t, on)
	exp := tracetest.NewInMemoryExporter()
	p, err := redact.NewProcessor(sdktrace.NewSimpleSpanProcessor(exp), opts...)
	require.NoError(t, err)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p))
	_, span := tp.Tracer("t").Start(context.Background(), "s")
	span.SetAttributes(attribute.String("note", text))
	span.End()
	return exp.GetSpans()[0].Attributes[0].Value.AsString()
}

func TestRedactOptionsFromConfig(t *testing.T) {
	t.Setenv("NOVEUM_REDACT_MODE", "pseudonym")
	t.Setenv("NOVEUM_REDACT_KEY", "0123456789abcdef0123")
	t.Setenv("NOVEUM_REDACT_DETECTORS", "email")
	cfg, err := config.Load(config.WithEndpoint("http://127.0.0.1:4319/api"))
	require.NoError(t, err)
	assert.Equal(t, pseudonymOf("0123456789abcdef0123", "EMAIL", "jane.doe@example.com")+" 123-45-6789",
		redactOnce(t, cfg, "jane.doe@example.com 123-45-6789"), "email only; the SSN detector is off")

	cfg = config.Default()
	assert.Equal(t, "[REDACTED:EMAIL] [REDACTED:SSN]", redactOnce(t, cfg, "jane.doe@example.com 123-45-6789"))
	cfg.RedactDetectors = "none"
	assert.Equal(t, "jane.doe@example.com", redactOnce(t, cfg, "jane.doe@example.com"))
}

func TestRedactOptionsOnOff(t *testing.T) {
	cfg := config.Default()
	_, on, err := noveumtrace.RedactOptions(cfg)
	require.NoError(t, err)
	assert.True(t, on, "on by default")
	cfg.Redact = false
	_, on, _ = noveumtrace.RedactOptions(cfg)
	assert.False(t, on)
	cfg.Redact, cfg.Disabled = true, true
	_, on, _ = noveumtrace.RedactOptions(cfg)
	assert.False(t, on)
}

func TestRedactOptionsErrors(t *testing.T) {
	const key = "zq7Xk3-never-shown"
	for name, tc := range map[string]struct {
		set func(*config.Config)
		is  error
	}{
		"pseudonym without key": {func(c *config.Config) { c.RedactMode = config.RedactModePseudonym }, redact.ErrNoKey},
		"short key":             {func(c *config.Config) { c.RedactKey = key[:8] }, redact.ErrShortKey},
		"unknown mode":          {func(c *config.Config) { c.RedactMode = "hash" }, nil},
		"unknown detector":      {func(c *config.Config) { c.RedactDetectors = "email,passport" }, nil},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := config.Default()
			tc.set(&cfg)
			_, _, err := noveumtrace.RedactOptions(cfg)
			require.Error(t, err)
			if tc.is != nil {
				assert.True(t, errors.Is(err, tc.is), err)
			}
			assert.Contains(t, err.Error(), "config Redact")
			assert.NotContains(t, err.Error(), key[:6])
		})
	}
}

// pseudonymOf computes a pseudonym independently of the redact package.
func pseudonymOf(key, kind, value string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(value))
	return kind + "_" + hex.EncodeToString(m.Sum(nil))[:12]
}

// The zero Config means the defaults, as STYLE.md asks of zero values.
func TestRedactOptionsZeroConfig(t *testing.T) {
	opts, on, err := noveumtrace.RedactOptions(config.Config{})
	require.NoError(t, err)
	assert.False(t, on, "the zero Config has Redact false")
	_, err = redact.NewProcessor(sdktrace.NewSimpleSpanProcessor(tracetest.NewInMemoryExporter()), opts...)
	require.NoError(t, err)
}

// RedactIdentity: ids kept by default (so users whose ids are emails stay
// distinct), pseudonymised with the key when asked, from the environment
// like the other settings.
func TestRedactIdentityFromConfig(t *testing.T) {
	idOnce := func(t *testing.T, cfg config.Config, user string) string {
		t.Helper()
		opts, _, err := noveumtrace.RedactOptions(cfg)
		require.NoError(t, err)
		exp := tracetest.NewInMemoryExporter()
		p, err := redact.NewProcessor(sdktrace.NewSimpleSpanProcessor(exp), opts...)
		require.NoError(t, err)
		tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p))
		_, span := tp.Tracer("t").Start(context.Background(), "s")
		span.SetAttributes(attribute.String("user.id", user))
		span.End()
		return exp.GetSpans()[0].Attributes[0].Value.AsString()
	}
	cfg := config.Default()
	assert.Equal(t, "jane.doe@example.com", idOnce(t, cfg, "jane.doe@example.com"), "kept by default")
	assert.Equal(t, "bob@example.org", idOnce(t, cfg, "bob@example.org"))

	t.Setenv("NOVEUM_REDACT_IDENTITY", "Pseudonym")
	t.Setenv("NOVEUM_REDACT_KEY", "0123456789abcdef0123")
	cfg, err := config.Load(config.WithEndpoint("http://127.0.0.1:4319/api"))
	require.NoError(t, err)
	assert.Equal(t, config.RedactIdentityPseudonym, cfg.RedactIdentity)
	a, b := idOnce(t, cfg, "jane.doe@example.com"), idOnce(t, cfg, "bob@example.org")
	assert.Equal(t, pseudonymOf("0123456789abcdef0123", "ID", "jane.doe@example.com"), a)
	assert.NotEqual(t, a, b, "two users stay two")

	cfg.RedactKey = ""
	_, _, err = noveumtrace.RedactOptions(cfg)
	require.ErrorIs(t, err, redact.ErrNoKey)
	assert.Contains(t, err.Error(), "config RedactKey")
	cfg.RedactIdentity = "hash"
	_, _, err = noveumtrace.RedactOptions(cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "config RedactIdentity")
}

// Through Init, the exporter and a receiver: two users whose ids are email
// addresses arrive as two users (the trace metadata is built from user.id),
// while an address in the prompt is still redacted.
func TestInitIdentitiesStayDistinct(t *testing.T) {
	cleanEnv(t)
	t.Setenv("NOVEUM_REDACT_IDENTITY", "")
	srv := noveumtest.NewServer()
	defer srv.Close()
	shutdown, err := noveumtrace.Init(context.Background(), noveumtrace.WithConfigOptions(
		config.WithEndpoint(srv.URL), config.WithProject("p"), config.WithCaptureContent(config.CaptureSpanOnly)))
	require.NoError(t, err)
	for _, user := range []string{"jane.doe@example.com", "bob@example.org"} {
		ctx := agents.WithIdentity(context.Background(), agents.Identity{UserID: user, SessionID: "s-" + user})
		ctx, agent := agents.InvokeAgent(ctx, agents.NewAgent(agents.AgentInfo{Name: "support"}))
		_, call := llm.StartChat(ctx, llm.Request{Provider: semconv.ProviderOpenAI, Model: "gpt-4o",
			Messages: []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text("I am " + user)}}}})
		call.End(nil)
		agent.End(nil)
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, shutdown(sctx))

	users := map[string]bool{}
	for _, tr := range srv.Traces() {
		require.NotNil(t, tr.Metadata.UserID)
		users[*tr.Metadata.UserID] = true
		for _, s := range tr.Spans {
			if msgs, ok := s.Attr("gen_ai.input.messages"); ok {
				assert.Contains(t, msgs, "[REDACTED:EMAIL]")
			}
		}
	}
	assert.Equal(t, map[string]bool{"jane.doe@example.com": true, "bob@example.org": true}, users)
}
