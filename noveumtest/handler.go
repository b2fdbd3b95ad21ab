package noveumtest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/Noveum/noveum-trace-go/internal/httpbody"
)

// goUserAgentPrefix starts the User-Agent of this SDK's exporter.
const goUserAgentPrefix = "noveum-trace-go/"

// userAgentProblem says what is wrong with a request's User-Agent, or "".
// The service's front door refuses clients without an explicit User-Agent
// (an empty one, or the default of Go's HTTP client); any SDK's own, such
// as the Python SDK's "noveum-trace-sdk/1.5.17", passes. With the Go
// profile, only this SDK's does.
func userAgentProblem(ua string, goProfile bool) string {
	switch {
	case goProfile && !strings.HasPrefix(ua, goUserAgentPrefix):
		return fmt.Sprintf("forbidden: User-Agent %q does not start with %q", ua, goUserAgentPrefix)
	}
	return httpbody.UserAgentProblem(ua)
}

// handler answers like the Noveum ingestion API.
type handler struct{ s *Server }

func (h handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s := h.s
	rec := &Request{
		Time:   time.Now(),
		Method: r.Method,
		Path:   r.URL.Path,
		Header: redactHeader(r.Header),
	}
	limit := s.cfg.maxBodyBytes
	raw, size, tooLarge, readErr := readBody(r.Body, limit)
	rec.WireSize = size
	enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding")))
	var body []byte
	var decodeErr error
	switch {
	case readErr != nil || tooLarge:
	case enc == "gzip":
		body, tooLarge, decodeErr = httpbody.Gunzip(raw, limit)
	case enc == "":
		body = raw
	}
	rec.Body = body

	// Routing first: stray requests neither consume the script nor get
	// checked further.
	switch {
	case r.URL.Path != tracesPath:
		s.addRequest(rec)
		s.reject(w, rec, http.StatusNotFound, "not found: traces are accepted at POST "+tracesPath)
		return
	case r.Method != http.MethodPost:
		s.addRequest(rec)
		w.Header().Set("Allow", http.MethodPost)
		s.reject(w, rec, http.StatusMethodNotAllowed, "method not allowed: use POST")
		return
	}

	scripted, ok := s.nextScripted()
	rec.Scripted = ok
	s.addRequest(rec)
	if ok && !s.playScripted(w, r, rec, scripted) {
		return
	}

	switch problem := userAgentProblem(r.Header.Get("User-Agent"), s.cfg.goProfile); {
	case problem != "":
		s.reject(w, rec, http.StatusForbidden, problem)
		return
	case !s.cfg.authorized(r.Header.Get("Authorization")):
		s.reject(w, rec, http.StatusUnauthorized, "unauthorized: missing or invalid API key (send Authorization: Bearer <key>)")
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		s.reject(w, rec, http.StatusUnsupportedMediaType, fmt.Sprintf("unsupported Content-Type %q: want application/json", r.Header.Get("Content-Type")))
		return
	}
	switch {
	case enc != "" && enc != "gzip":
		s.reject(w, rec, http.StatusUnsupportedMediaType, fmt.Sprintf("unsupported Content-Encoding %q: only gzip", enc))
		return
	case readErr != nil:
		s.reject(w, rec, http.StatusBadRequest, "reading body: "+readErr.Error())
		return
	case tooLarge:
		s.reject(w, rec, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", limit))
		return
	case decodeErr != nil:
		s.reject(w, rec, http.StatusBadRequest, "bad gzip body: "+decodeErr.Error())
		return
	}
	validate := ValidateBatch
	if s.cfg.goProfile {
		validate = ValidateGoProfile
	}
	if err := validate(body); err != nil {
		s.reject(w, rec, http.StatusBadRequest, err.Error())
		return
	}
	b, err := decodeBatch(body)
	if err != nil {
		s.reject(w, rec, http.StatusBadRequest, err.Error())
		return
	}
	s.store(b)
	s.answer(w, rec, http.StatusOK, "", map[string]any{"success": true, "traces_received": len(b.Traces)})
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

func (s *Server) reject(w http.ResponseWriter, rec *Request, status int, msg string) {
	s.answer(w, rec, status, msg, map[string]string{"error": msg})
}

// answer records the outcome, then writes v as the JSON response.
func (s *Server) answer(w http.ResponseWriter, rec *Request, status int, errMsg string, v any) {
	s.finish(rec, status, errMsg)
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

// readBody reads at most limit bytes. A longer body is drained, so the
// client can finish sending and read the 413, and reported as too large.
func readBody(r io.Reader, limit int64) (raw []byte, size int64, tooLarge bool, err error) {
	raw, err = io.ReadAll(io.LimitReader(r, limit+1))
	size = int64(len(raw))
	if err != nil {
		return nil, size, false, err
	}
	if size > limit {
		n, _ := io.Copy(io.Discard, r)
		return nil, size + n, true, nil
	}
	return raw, size, false, nil
}
