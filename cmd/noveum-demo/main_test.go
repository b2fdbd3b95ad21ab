package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
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
		"chain.research-brief: 9 spans, 1 error, 1404 tokens, $0.004495", // "1 error": the count and the noun agree
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

// A second `make demo` while the first still serves 4319 takes the next free
// port and says which.
func TestListenTakesNextFreePort(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	port := taken.Addr().(*net.TCPAddr).Port
	if port+portTries > 65535 {
		t.Skip("the free port is at the top of the range")
	}
	var out bytes.Buffer
	ln, err := listen(&out, taken.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := ln.Addr().(*net.TCPAddr).Port
	if got <= port || got > port+portTries {
		t.Errorf("listening on %d, want one of the %d ports after %d", got, portTries, port)
	}
	if want := fmt.Sprintf("port %d is not available", port); !strings.Contains(out.String(), want) ||
		!strings.Contains(out.String(), fmt.Sprintf("using port %d", got)) {
		t.Errorf("output %q does not say which port was taken and which is used", out.String())
	}
	// Port 0 (any free port) and a free fixed port say nothing.
	out.Reset()
	ln0, err := listen(&out, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln0.Close()
	if out.Len() != 0 {
		t.Errorf("port 0 printed %q", out.String())
	}
	if _, err := listen(&out, "256.0.0.1:4319"); err == nil {
		t.Error("an address that cannot be listened on: no error")
	}
}
