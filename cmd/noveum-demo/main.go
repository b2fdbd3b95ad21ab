// Command noveum-demo is what `make demo` runs: it starts the local endpoint
// (noveum-local), sets the SDK up with noveumtrace.Init pointed at it over
// HTTP, runs the multi-agent example (a conversation of two turns, a
// hand-off, tools in parallel of which one fails, a streamed answer, and
// personal data in a prompt, which the redactor removes), waits for the
// delivery, prints the traces as the endpoint received them, with tokens
// and cost, and the viewer's address, and keeps serving until Ctrl-C. When
// the port is taken (another noveum-local, an earlier demo) it takes the
// next free one and says so. With
// DEMO_EXIT=1 it exits instead. It needs no API key and no network.
//
//	go run ./cmd/noveum-demo [-addr 127.0.0.1:4319]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	noveumtrace "github.com/Noveum/noveum-trace-go"
	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/internal/demoapp"
	"github.com/Noveum/noveum-trace-go/internal/localserver"
	"github.com/Noveum/noveum-trace-go/internal/plural"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/noveumtest"
	"github.com/Noveum/noveum-trace-go/semconv"
)

func main() { os.Exit(demo()) }

// demo runs the demo and returns the exit status; deferred clean-up runs
// before main exits.
func demo() int {
	addr := flag.String("addr", "127.0.0.1:4319", "address of the local endpoint")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	dir, err := os.MkdirTemp("", "noveum-demo-")
	if err == nil {
		defer os.RemoveAll(dir)
		err = run(ctx, os.Stdout, *addr, dir, os.Getenv("DEMO_EXIT") == "1")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "noveum-demo:", err)
		return 1
	}
	return 0
}

// run starts the endpoint on addr (data in dataDir), sends the demo's
// traces to it, prints what arrived, and serves until ctx ends, or returns
// at once when exit is set.
func run(ctx context.Context, w io.Writer, addr, dataDir string, exit bool) error {
	srv, err := localserver.New(dataDir)
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := listen(w, addr)
	if err != nil {
		return fmt.Errorf("starting the local endpoint: %w (pass another -addr, or -addr 127.0.0.1:0 for any free port)", err)
	}
	base := "http://" + ln.Addr().String()
	serveCtx, stopServing := context.WithCancel(context.WithoutCancel(ctx))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(serveCtx, ln) }()
	defer func() {
		stopServing()
		<-served
	}()

	// The application, set up in one call, exports over HTTP.
	shutdown, err := noveumtrace.Init(ctx, noveumtrace.WithConfigOptions(
		config.WithEndpoint(base+"/api"), config.WithProject("noveum-demo"),
		config.WithCaptureContent(config.CaptureSpanOnly)))
	if err != nil {
		return err
	}
	convCtx := agents.WithIdentity(ctx, agents.Identity{ConversationID: "conv-42", UserID: "user-7"})
	err = demoapp.New(agents.Default(), llm.Default()).Converse(convCtx, demoapp.Questions)
	// Shutdown flushes: when it returns, every span was delivered or counted.
	flushCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	err = errors.Join(err, shutdown(flushCtx))
	if err != nil {
		return err
	}
	if err := report(w, base); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nviewer: %s/\n", base)
	if exit {
		return nil
	}
	fmt.Fprintln(w, "serving until Ctrl-C")
	<-ctx.Done()
	return nil
}

// portTries is how many ports after a taken one listen tries.
const portTries = 20

// listen listens on addr. When that fails for a fixed port (another
// noveum-local or an earlier demo holds 4319), it takes the first of the
// next portTries ports that is free, and says so on w.
func listen(w io.Writer, addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err == nil {
		return ln, nil
	}
	host, portText, splitErr := net.SplitHostPort(addr)
	port, atoiErr := strconv.Atoi(portText)
	if splitErr != nil || atoiErr != nil || port == 0 {
		return nil, err
	}
	for p := port + 1; p <= min(port+portTries, 65535); p++ {
		if ln, e := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(p))); e == nil {
			fmt.Fprintf(w, "port %d is not available (%v); using port %d\n", port, err, p)
			return ln, nil
		}
	}
	return nil, fmt.Errorf("%w; ports %d to %d are not available either", err, port+1, min(port+portTries, 65535))
}

// report prints each trace the endpoint holds, from its JSON API: the span
// tree with tokens and cost, and what the redactor removed.
func report(w io.Writer, base string) error {
	var list struct {
		Traces []struct {
			TraceID    string  `json:"trace_id"`
			Name       string  `json:"name"`
			SpanCount  int     `json:"span_count"`
			ErrorCount int     `json:"error_count"`
			Tokens     int64   `json:"total_tokens"`
			Cost       float64 `json:"total_cost"`
		} `json:"traces"`
	}
	if err := getJSON(base+"/api/local/traces", &list); err != nil {
		return err
	}
	for i := len(list.Traces) - 1; i >= 0; i-- { // oldest first
		t := list.Traces[i]
		fmt.Fprintf(w, "%s: %s, %s, %s, $%.6f\n", t.Name, plural.Count(t.SpanCount, "span"), plural.Count(t.ErrorCount, "error"), plural.Count(t.Tokens, "token"), t.Cost)
		var detail struct {
			Trace noveumtest.Trace `json:"trace"`
		}
		if err := getJSON(base+"/api/local/traces/"+t.TraceID, &detail); err != nil {
			return err
		}
		printTree(w, detail.Trace)
	}
	return nil
}

func printTree(w io.Writer, t noveumtest.Trace) {
	t.Walk(func(s noveumtest.Span, depth int) {
		line := fmt.Sprintf("%s%s [%s]", strings.Repeat("  ", depth+1), s.Name, s.Status)
		if v, ok := s.Attr("llm.total_tokens"); ok {
			line += fmt.Sprintf(" tokens=%v", v)
		}
		if v, ok := s.Attr("llm.cost.total"); ok {
			line += fmt.Sprintf(" cost=$%v", v)
		}
		if v, ok := s.Attr(string(semconv.NoveumRedactedKindsKey)); ok {
			line += fmt.Sprintf(" redacted=%v", v)
		}
		fmt.Fprintln(w, line)
	})
}

func getJSON(url string, v any) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	return dec.Decode(v)
}
