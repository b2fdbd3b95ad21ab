// Command noveum-local is the local Noveum endpoint: it receives traces as
// the Noveum ingestion API does, keeps them on disk, and serves a trace
// viewer. It needs no API key and no network.
//
//	go run ./cmd/noveum-local [-addr 127.0.0.1:4319] [-data DIR]
//
// Point an exporter at it with NOVEUM_ENDPOINT=http://127.0.0.1:4319/api
// (the exporter posts to /api/v1/traces), then open http://127.0.0.1:4319/.
//
// Flags:
//
//	-addr  address to listen on (default 127.0.0.1:4319)
//	-data  directory for traces.jsonl (default noveum-local under the user
//	       cache directory, os.UserCacheDir; ./.noveum-local when there is none)
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
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/Noveum/noveum-trace-go/internal/localserver"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:4319", "address to listen on")
	data := flag.String("data", defaultDataDir(), "directory for traces.jsonl")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, *data); err != nil {
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

// run serves until ctx ends, then shuts down within 5 s.
func run(ctx context.Context, addr, dataDir string) error {
	srv, err := localserver.New(dataDir)
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	log.Printf("noveum-local: %d traces in %s (%d corrupt lines skipped)", srv.Traces(), dataDir, srv.SkippedLines())
	log.Printf("noveum-local: viewer at http://%s/ ; export with NOVEUM_ENDPOINT=http://%s/api", ln.Addr(), ln.Addr())
	err = srv.Serve(ctx, ln)
	log.Printf("noveum-local: stopped")
	return err
}
