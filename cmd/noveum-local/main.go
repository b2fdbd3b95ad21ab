// Command noveum-local is the local Noveum endpoint: it receives traces as
// the Noveum ingestion API does, keeps them on disk, and serves a trace
// viewer. It needs no API key and no network.
//
//	go run ./cmd/noveum-local [-addr 127.0.0.1:4319] [-data DIR] [-max-traces N] [-max-bytes SIZE]
//	                          [-allow-host NAME] [-allow-origin ORIGIN]
//
// Point an exporter at it with NOVEUM_ENDPOINT=http://127.0.0.1:4319/api
// (the exporter posts to /api/v1/traces), then open http://127.0.0.1:4319/.
//
// Flags:
//
//	-addr  address to listen on (default 127.0.0.1:4319)
//	-data  directory for traces.jsonl (default noveum-local under the user
//	       cache directory, os.UserCacheDir; ./.noveum-local when there is none)
//	-max-traces    how many traces to keep (default 10000); the oldest go first
//	-max-bytes     how many bytes of traces to keep, as stored in traces.jsonl
//	               (default 256MiB; suffixes KiB, MiB, GiB); whichever limit
//	               is reached first applies
//	-allow-host    another name the server answers to (it answers localhost,
//	               127.0.0.0/8, [::1] and the -addr address); repeatable or
//	               comma-separated. Other Host headers get 421 (DNS rebinding).
//	-allow-origin  a browser origin (http://localhost:3000) allowed to send
//	               traces; repeatable or comma-separated. Other cross-origin
//	               browser writes get 403. SDKs send no Origin header.
//
// Routes:
//
//	POST /api/v1/traces            the ingestion API, noveumtest's receiver (an
//	                               explicit User-Agent and application/json
//	                               required; gzip accepted; any API key or none;
//	                               400 with the reason for a body that fails the
//	                               schema; 413 above 10 MiB)
//	GET  /api/local/traces         the trace list as JSON; query parameters
//	                               status, name (substring), user, conversation,
//	                               since (RFC 3339 or a duration like 1h), limit
//	GET  /api/local/traces/{id}    one trace with its spans and agent graph
//	GET  /                         the trace list page, with a filter form
//	GET  /traces/{id}              the span waterfall and the agent graph
//
// Every accepted trace is appended to traces.jsonl, one trace a line, and
// loaded again at start; a corrupt line is skipped and counted. A trace id
// held already is ignored, as Noveum stores a trace once. The file is
// compacted to the traces held once half of it is evicted data. It is
// created 0600 in a 0700 directory, since prompts are personal data.
// SIGINT or SIGTERM shuts the server down gracefully.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/Noveum/noveum-trace-go/internal/localserver"
	"github.com/Noveum/noveum-trace-go/internal/plural"
)

// defaultAddr is a loopback address: the server has no authentication.
const defaultAddr = "127.0.0.1:4319"

func main() {
	addr := flag.String("addr", defaultAddr, "address to listen on (a non-loopback address exposes the stored prompts to the network)")
	data := flag.String("data", defaultDataDir(), "directory for traces.jsonl")
	maxTraces := flag.Int("max-traces", localserver.DefaultMaxTraces, "how many traces to keep; the oldest go first")
	maxBytes := byteSize(localserver.DefaultMaxBytes)
	flag.Var(&maxBytes, "max-bytes", "the `size` of the traces to keep, as stored in traces.jsonl (suffixes KiB, MiB, GiB)")
	var hosts, origins listFlag
	flag.Var(&hosts, "allow-host", "another `name` the server answers to, besides localhost, 127.0.0.0/8, [::1] and the -addr address (repeatable, or comma-separated)")
	flag.Var(&origins, "allow-origin", "a browser `origin` such as http://localhost:3000 allowed to send traces (repeatable, or comma-separated)")
	flag.Parse()
	if !flagGiven("data") {
		// The default directory is noveum-local's own: one an older version
		// created open to others is closed (a directory given with -data
		// may be the user's, and is only reported).
		_ = os.Chmod(*data, 0o700)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts := []localserver.Option{localserver.WithAllowedHosts(hosts...), localserver.WithTrustedOrigins(origins...),
		localserver.WithMaxTraces(*maxTraces), localserver.WithMaxBytes(int64(maxBytes))}
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

// flagGiven reports whether the command line set the flag name.
func flagGiven(name string) bool {
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
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

// byteSize is a flag holding a size in bytes: a number, with an optional
// suffix KiB, MiB or GiB (K, M, G, KB, MB, GB mean the same).
type byteSize int64

func (b *byteSize) String() string {
	for _, u := range []struct {
		name string
		n    int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if *b != 0 && int64(*b)%u.n == 0 {
			return strconv.FormatInt(int64(*b)/u.n, 10) + u.name
		}
	}
	return strconv.FormatInt(int64(*b), 10)
}

func (b *byteSize) Set(v string) error {
	num := strings.TrimSpace(v)
	mult := int64(1)
	upper := strings.ToUpper(num)
	for _, u := range []struct {
		suffix string
		n      int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10},
		{"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(upper, u.suffix) {
			num, mult = strings.TrimSpace(num[:len(num)-len(u.suffix)]), u.n
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 1 || n > math.MaxInt64/mult {
		return fmt.Errorf("want a positive size such as 268435456, 256MiB or 1GiB")
	}
	*b = byteSize(n * mult)
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
	log.Printf("noveum-local: %s in %s (%s skipped)", plural.Count(srv.Traces(), "trace"), dataDir, plural.Count(srv.SkippedLines(), "corrupt line"))
	for _, w := range srv.Warnings() {
		log.Printf("noveum-local: warning: %s", w)
	}
	log.Printf("noveum-local: viewer at http://%s/ ; export with NOVEUM_ENDPOINT=http://%s/api", ln.Addr(), ln.Addr())
	err = srv.Serve(ctx, ln)
	log.Printf("noveum-local: stopped")
	return err
}
