package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.opentelemetry.io/otel"
	"go.uber.org/goleak"
)

// The demo as `DEMO_EXIT=1 make demo` runs it: the traces arrive at the
// local endpoint over HTTP, redacted, and the program leaves nothing
// running.
func TestDemo(t *testing.T) {
	for _, v := range []string{"NOVEUM_API_KEY", "NOVEUM_PROJECT", "NOVEUM_ENDPOINT", "NOVEUM_CONFIG_FILE", "NOVEUM_DISABLED",
		"NOVEUM_REDACT", "NOVEUM_SAMPLE_RATE", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES"} {
		t.Setenv(v, "")
	}
	tp, prop := otel.GetTracerProvider(), otel.GetTextMapPropagator()
	t.Cleanup(func() { otel.SetTracerProvider(tp); otel.SetTextMapPropagator(prop) })
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())

	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), &out, "127.0.0.1:0", dir, true); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"chain.research-brief: 9 spans, 1 errors, 1404 tokens, $0.004495",
		"chain.research-brief: 9 spans, 0 errors, 1404 tokens, $0.004495",
		"      llm.gpt-4o-mini [ok] tokens=132 cost=$0.0000252 redacted=[EMAIL=1 PHONE=1]\n",
		"        tool.fetch_stats [error]\n",
		"    agent.writer [ok]\n      llm.gpt-4o [ok] tokens=312 cost=$0.00087\n",
		"viewer: http://127.0.0.1:",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	stored, err := os.ReadFile(filepath.Join(dir, "traces.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(stored, []byte("\n")); n != 2 {
		t.Errorf("%d traces stored, want 2", n)
	}
	for _, leak := range []string{"jane.doe", "555 0100"} {
		if bytes.Contains(stored, []byte(leak)) {
			t.Errorf("%q reached the endpoint", leak)
		}
	}
}
