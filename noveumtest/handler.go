package noveumtest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
)

// NewHandler returns the ingestion endpoint a Server runs, for a server of
// your own (a TLS one, or a mux with other routes): the same checks in the
// same order and the same answers, listed in the package documentation,
// under the same options. It serves every request it is given as the
// traces route, so mount it where the client posts,
// {endpoint}/v1/traces: it answers 405 to a method other than POST, and
// leaves 404 for other paths to your mux.
//
// Each valid body is decoded and passed to accept, which may be called
// concurrently and may keep the Batch. When accept returns an error the
// request is answered 500 with the error's text, otherwise 200
// {"success":true,"traces_received":N}. A nil accept accepts and discards.
//
// Unlike a Server it keeps nothing: no script, no record of requests, no
// duplicate detection (accept sees every trace as sent). The local
// endpoint of cmd/noveum-local is this handler with a store behind accept.
func NewHandler(accept func(Batch) error, opts ...Option) http.Handler {
	return &handler{cfg: newConfig(opts), accept: accept}
}

// handler answers like the Noveum ingestion API. Both NewHandler and
// NewServer serve with it; a Server's adds routing, the script and the
// record of requests around the same checks.
type handler struct {
	cfg    config
	accept func(Batch) error // nil discards
	srv    *Server           // set for a Server's handler
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	in := readBody(r, h.cfg.maxBodyBytes)
	s := h.srv
	var rec *Request // what a Server records; nil for NewHandler's
	if s != nil {
		rec = &Request{
			Time:     time.Now(),
			Method:   r.Method,
			Path:     r.URL.Path,
			Header:   redactHeader(r.Header),
			Body:     in.decoded,
			WireSize: in.wireSize,
		}
		// Routing first: stray requests neither consume the script nor
		// get checked further.
		if r.URL.Path != tracesPath {
			s.addRequest(rec)
			h.reject(w, rec, http.StatusNotFound, "not found: traces are accepted at POST "+tracesPath)
			return
		}
	}
	if r.Method != http.MethodPost {
		if s != nil {
			s.addRequest(rec)
		}
		w.Header().Set("Allow", http.MethodPost)
		h.reject(w, rec, http.StatusMethodNotAllowed, "method not allowed: use POST")
		return
	}
	if s != nil {
		scripted, ok := s.nextScripted()
		rec.Scripted = ok
		s.addRequest(rec)
		if ok && !s.playScripted(w, r, rec, scripted) {
			return
		}
	}

	b, status, problem := h.check(r, in)
	if status == 0 && h.accept != nil {
		if err := h.accept(b); err != nil {
			status, problem = http.StatusInternalServerError, err.Error()
		}
	}
	if status != 0 {
		h.reject(w, rec, status, problem)
		return
	}
	h.answer(w, rec, http.StatusOK, "", map[string]any{"success": true, "traces_received": len(b.Traces)})
}

// check applies the ingestion API's rules to a POST, in order, and returns
// the decoded batch, or the status and reason of the refusal.
func (h *handler) check(r *http.Request, in body) (b Batch, status int, problem string) {
	if problem := userAgentProblem(r.Header.Get("User-Agent"), h.cfg.goProfile); problem != "" {
		return Batch{}, http.StatusForbidden, problem
	}
	if !h.cfg.authorized(r.Header.Get("Authorization")) {
		return Batch{}, http.StatusUnauthorized, "unauthorized: missing or invalid API key (send Authorization: Bearer <key>)"
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return Batch{}, http.StatusUnsupportedMediaType, fmt.Sprintf("unsupported Content-Type %q: want application/json", r.Header.Get("Content-Type"))
	}
	switch {
	case in.encoding != "" && in.encoding != "gzip":
		return Batch{}, http.StatusUnsupportedMediaType, fmt.Sprintf("unsupported Content-Encoding %q: only gzip", in.encoding)
	case in.readErr != nil:
		return Batch{}, http.StatusBadRequest, "reading body: " + in.readErr.Error()
	case in.tooLarge:
		return Batch{}, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", h.cfg.maxBodyBytes)
	case in.decodeErr != nil:
		return Batch{}, http.StatusBadRequest, "bad gzip body: " + in.decodeErr.Error()
	}
	validate := ValidateBatch
	if h.cfg.goProfile {
		validate = ValidateGoProfile
	}
	if err := validate(in.decoded); err != nil {
		return Batch{}, http.StatusBadRequest, err.Error()
	}
	b, err := decodeBatch(in.decoded)
	if err != nil {
		return Batch{}, http.StatusBadRequest, err.Error()
	}
	return b, 0, ""
}

// playScripted applies a scripted response. It reports whether the request
// should go on to normal handling (a Response with Status 0).
func (s *Server) playScripted(w http.ResponseWriter, r *http.Request, rec *Request, resp Response) bool {
	if resp.Delay > 0 {
		t := time.NewTimer(resp.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			s.abort(w, rec, "scripted delay aborted: client gone")
			return false
		case <-s.closed:
			s.abort(w, rec, "scripted delay aborted: server closed")
			return false
		}
	}
	if resp.DropConnection {
		s.abort(w, rec, "scripted: connection dropped")
		return false
	}
	if resp.Status == 0 {
		return true
	}
	if resp.RetryAfter != "" {
		w.Header().Set("Retry-After", resp.RetryAfter)
	}
	body := resp.Body
	if body == "" {
		if resp.Status >= 400 {
			b, _ := json.Marshal(map[string]string{"error": http.StatusText(resp.Status)})
			body = string(b)
		} else {
			body = `{"success":true}`
		}
	}
	ctype := "text/plain; charset=utf-8"
	if json.Valid([]byte(body)) {
		ctype = "application/json"
	}
	s.finish(rec, resp.Status, fmt.Sprintf("scripted %d", resp.Status))
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(resp.Status)
	_, _ = io.WriteString(w, body)
	return false
}

// abort closes the connection without an answer, so the client sees a
// transport error rather than the empty 200 net/http would send.
func (s *Server) abort(w http.ResponseWriter, rec *Request, why string) {
	s.finish(rec, 0, why)
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // net/http closes the connection quietly
}

func (h *handler) reject(w http.ResponseWriter, rec *Request, status int, msg string) {
	h.answer(w, rec, status, msg, map[string]string{"error": msg})
}

// answer records the outcome on a Server, then writes v as the JSON
// response.
func (h *handler) answer(w http.ResponseWriter, rec *Request, status int, errMsg string, v any) {
	if h.srv != nil {
		h.srv.finish(rec, status, errMsg)
	}
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(`{"error":"internal"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func (s *Server) addRequest(rec *Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, rec)
}

// finish sets the outcome of a listed request; the record is shared with
// Requests, hence the lock.
func (s *Server) finish(rec *Request, status int, errMsg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec.Status = status
	rec.Error = errMsg
}

// authorized applies the WithAPIKey rule to an Authorization header value.
func (c config) authorized(header string) bool {
	if header == "" {
		return c.apiKey == ""
	}
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	if c.apiKey == "" {
		return strings.TrimSpace(token) != ""
	}
	return token == c.apiKey
}
