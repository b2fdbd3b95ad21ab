package noveumtest

import "time"

// Response is one scripted answer. Each request to the traces endpoint takes
// the next Response from the script before any other check; once the script
// is used up the server behaves normally again. A scripted request is listed
// by Requests but its body is never recorded as a batch, whatever the status.
type Response struct {
	// Status is the status code to answer. Zero means: after Delay, handle
	// the request normally (validate and record it).
	Status int
	// RetryAfter, when not empty, is sent verbatim as the Retry-After header:
	// delay-seconds ("2") or an HTTP-date.
	RetryAfter string
	// Delay is how long to wait before answering. The wait ends early, with
	// no answer, when the client gives up or the server is closed.
	Delay time.Duration
	// DropConnection closes the connection without answering (after Delay),
	// so the client sees a transport error.
	DropConnection bool
	// Body is the response body. When empty, a small JSON body is sent:
	// {"error": <status text>} for errors, {"success":true} otherwise.
	Body string
}

// Script appends responses to the server's script. It may be called
// concurrently with requests; entries are consumed in order, one a request.
func (s *Server) Script(rs ...Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, rs...)
}

// nextScripted pops the next scripted response, if any.
func (s *Server) nextScripted() (Response, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.script) == 0 {
		return Response{}, false
	}
	r := s.script[0]
	s.script = s.script[1:]
	return r, true
}
