// Command noveum-local is the local Noveum endpoint: it receives traces as
// the Noveum ingestion API does, keeps them on disk, and serves a trace
// viewer. It needs no API key and no network.
//
//	go run ./cmd/noveum-local [-addr 127.0.0.1:4319] [-data DIR] [-allow-host NAME] [-allow-origin ORIGIN]
//
// Point an exporter at it with NOVEUM_ENDPOINT=http://127.0.0.1:4319/api
// (the exporter posts to /api/v1/traces), then open http://127.0.0.1:4319/.
//
// Flags:
//
//	-addr  address to listen on (default 127.0.0.1:4319)
//	-data  directory for traces.jsonl (default noveum-local under the user
//	       cache directory, os.UserCacheDir; ./.noveum-local when there is none)
//	-allow-host    another name the server answers to (it answers localhost,
//	               127.0.0.0/8, [::1] and the -addr address); repeatable or
//	               comma-separated. Other Host headers get 421 (DNS rebinding).
//	-allow-origin  a browser origin (http://localhost:3000) allowed to send
//	               traces; repeatable or comma-separated. Other cross-origin
//	               browser writes get 403. SDKs send no Origin header.
//
// Routes:
//
//	POST /api/v1/traces            the ingestion API (gzip accepted; 400 with the
//	                               reason for a body that fails the schema; 413
//	                               above 10 MiB)
//	GET  /api/local/traces         the trace list as JSON; query parameters
//	                               status, name (substring), user, conversation,
//	                               since (RFC 3339 or a duration like 1h), limit
//	GET  /api/local/traces/{id}    one trace with its spans and agent graph
//	GET  /                         the trace list page, with a filter form
//	GET  /traces/{id}              the span waterfall and the agent graph
//
// Every accepted trace is appended to traces.jsonl, one trace a line, and
// loaded again at start; a corrupt line is skipped and counted. A trace id
// received before is ignored, as Noveum stores a trace once.
// SIGINT or SIGTERM shuts the server down gracefully.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/Noveum/noveum-trace-go/internal/localserver"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:4319", "address to listen on")
	data := flag.String("data", defaultDataDir(), "directory for traces.jsonl")
	var hosts, origins listFlag
	flag.Var(&hosts, "allow-host", "another `name` the server answers to, besides localhost, 127.0.0.0/8, [::1] and the -addr address (repeatable, or comma-separated)")
	flag.Var(&origins, "allow-origin", "a browser `origin` such as http://localhost:3000 allowed to send traces (repeatable, or comma-separated)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts := []localserver.Option{localserver.WithAllowedHosts(hosts...), localserver.WithTrustedOrigins(origins...)}
	if err := run(ctx, *addr, *data, opts...); err != nil {
		log.Printf("noveum-local: %v", err)
		os.Exit(1)
	}
}

// defaultDataDir is noveum-local under the user cache directory, or
// ./.noveum-local when there is none.
func defaultDataDir() string {
	if dir, err := os.UserCacheDir(); err == nil {
		return filepath.Join(dir, "noveum-local")
	}
	return ".noveum-local"
}

// listFlag is a flag that may be repeated, each value a comma-separated list.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// run serves until ctx ends, then shuts down within 5 s.
func run(ctx context.Context, addr, dataDir string, opts ...localserver.Option) error {
	srv, err := localserver.New(dataDir, opts...)
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	if ap, err := netip.ParseAddrPort(ln.Addr().String()); err == nil && !ap.Addr().IsLoopback() {
		log.Printf("noveum-local: warning: listening on %s, not a loopback address: anyone who can reach it can read the stored prompts", ln.Addr())
	}
	log.Printf("noveum-local: %d traces in %s (%d corrupt lines skipped)", srv.Traces(), dataDir, srv.SkippedLines())
	log.Printf("noveum-local: viewer at http://%s/ ; export with NOVEUM_ENDPOINT=http://%s/api", ln.Addr(), ln.Addr())
	err = srv.Serve(ctx, ln)
	log.Printf("noveum-local: stopped")
	return err
}
