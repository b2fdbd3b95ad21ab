package localserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/Noveum/noveum-trace-go/agents/agentgraph"
	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// tracesPath is where the exporter posts: its endpoint is this server's
// URL + "/api", and it appends "/v1/traces".
const tracesPath = "/api/v1/traces"

// Server is the local endpoint: the ingestion API, the JSON API and the
// pages. It is an http.Handler; its handlers may run concurrently.
type Server struct {
	store *store
	guard *guard
	mux   *http.ServeMux
	grace time.Duration // how long Serve waits for requests at shutdown; 0 means 5 s
}

// New opens the store in dataDir (creating it) and routes the handlers.
// It fails on an option with a bad value, naming it.
func New(dataDir string, opts ...Option) (*Server, error) {
	c, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	g, err := newGuard(c)
	if err != nil {
		return nil, err
	}
	st, err := openStore(dataDir, c.maxTraces, c.maxBytes)
	if err != nil {
		return nil, err
	}
	s := &Server{store: st, guard: g, mux: http.NewServeMux()}
	s.mux.Handle(tracesPath, s.ingestHandler(c.maxBody))
	s.mux.HandleFunc("GET /api/local/traces", s.apiList)
	s.mux.HandleFunc("GET /api/local/traces/{id}", s.apiTrace)
	s.mux.HandleFunc("GET /{$}", s.pageList)
	s.mux.HandleFunc("GET /traces/{id}", s.pageTrace)
	s.mux.HandleFunc("GET /api/local/summary", s.apiSummary)
	s.mux.HandleFunc("GET /summary", s.pageSummary)
	return s, nil
}

// contentSecurityPolicy allows the pages their inline styles and forms to
// themselves, and nothing else.
const contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// ServeHTTP routes r to the ingestion API, the JSON API or a page. It
// refuses with 421 a request whose Host header is not a name of the server
// (see WithAllowedHosts), and with 403 a write a browser sends from a page
// of another origin (see WithTrustedOrigins).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The pages need nothing but their own inline styles; everything else
	// (scripts, frames around them, other sites' resources) is refused, a
	// second wall behind html/template's escaping of the stored values.
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	if s.guard.check(w, r) {
		s.mux.ServeHTTP(w, r)
	}
}

// Close closes the store. Call it after the HTTP server has stopped.
func (s *Server) Close() error { return s.store.close() }

// apiList serves the trace list as JSON: {"traces": [...], "skipped_lines": N}.
func (s *Server) apiList(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	list := s.store.list(f)
	if list == nil {
		list = []traceSummary{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"traces": list, "skipped_lines": s.store.skippedLines()})
}

// traceDetail is the JSON API's answer for one trace.
type traceDetail struct {
	Summary traceSummary      `json:"summary"`
	Trace   noveumtest.Trace  `json:"trace"`
	Graph   *agentgraph.Graph `json:"graph"`
}

// apiTrace serves one trace with its spans and its agent graph.
func (s *Server) apiTrace(w http.ResponseWriter, r *http.Request) {
	t, ok := s.store.get(r.PathValue("id"))
	if !ok {
		writeError(w, http.StatusNotFound, "no trace "+strconv.Quote(r.PathValue("id")))
		return
	}
	writeJSON(w, http.StatusOK, traceDetail{Summary: summarize(t), Trace: t, Graph: graphOf(t)})
}

// graphOf builds the agent graph of t's spans.
func graphOf(t noveumtest.Trace) *agentgraph.Graph {
	recs := make([]agentgraph.SpanRecord, 0, len(t.Spans))
	for _, sp := range t.Spans {
		rec := agentgraph.SpanRecord{
			TraceID:    sp.TraceID,
			SpanID:     sp.SpanID,
			Name:       sp.Name,
			Start:      parseTime(sp.StartTime),
			End:        parseTime(sp.EndTime),
			Error:      sp.Status != "ok",
			Attributes: sp.Attributes,
		}
		if sp.ParentSpanID != nil {
			rec.ParentSpanID = *sp.ParentSpanID
		}
		for _, l := range sp.Links {
			rec.Links = append(rec.Links, agentgraph.LinkRecord{TraceID: l.TraceID, SpanID: l.SpanID, Attributes: l.Attributes})
		}
		recs = append(recs, rec)
	}
	g := agentgraph.Build(recs)
	for i := range g.Nodes { // the answer must encode, whatever the spans said
		g.Nodes[i].Cost = finite(g.Nodes[i].Cost)
	}
	return g
}

// parseFilter reads the list filters from the query: status, name, user,
// conversation, since (RFC 3339 time, or a duration such as 1h meaning that
// long ago) and limit.
func parseFilter(r *http.Request) (filter, error) {
	q := r.URL.Query()
	f := filter{
		Status:       strings.TrimSpace(q.Get("status")),
		Name:         strings.TrimSpace(q.Get("name")),
		User:         strings.TrimSpace(q.Get("user")),
		Conversation: strings.TrimSpace(q.Get("conversation")),
	}
	if v := strings.TrimSpace(q.Get("since")); v != "" {
		if d, err := time.ParseDuration(v); err == nil {
			f.Since = time.Now().Add(-d)
		} else if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			f.Since = t
		} else if t, err := time.ParseInLocation("2006-01-02T15:04", v, time.Local); err == nil {
			f.Since = t // what an <input type="datetime-local"> sends
		} else {
			return filter{}, fmt.Errorf("since %q: want an RFC 3339 time or a duration such as 1h", v)
		}
	}
	if v := strings.TrimSpace(q.Get("limit")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return filter{}, fmt.Errorf("limit %q: want a positive integer", v)
		}
		f.Limit = n
	}
	return f, nil
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal: encoding the answer failed"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// Traces is the number of traces the server holds.
func (s *Server) Traces() int { return s.store.count() }

// SkippedLines is the number of corrupt lines skipped when loading.
func (s *Server) SkippedLines() int { return s.store.skippedLines() }

// Warnings returns what the server found wrong without failing: a data
// directory that other users may enter, a compaction of the traces file
// that did not succeed. The command logs them at start; the list page
// shows them.
func (s *Server) Warnings() []string { return s.store.warningList() }

// Serve serves on ln until ctx ends, then shuts down: gracefully within
// 5 s, and then by closing whatever connections are left, so that no
// request outlives it.
//
// The listener's address becomes one of the names the server answers to.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	s.guard.listenOn(ln.Addr())
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		IdleTimeout: time.Minute}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	grace := s.grace
	if grace == 0 {
		grace = 5 * time.Second
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if hs.Shutdown(sctx) != nil {
		_ = hs.Close() // the grace period is over: a forced stop, not a failure
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
