package noveumtest

import (
	"bytes"
	"net/http"
	"strings"
	"time"
)

// Request is one HTTP request the server received, whether it was accepted,
// rejected, scripted or sent to a wrong path.
type Request struct {
	// Time is when the request arrived.
	Time time.Time
	// Method and Path are as received; Path includes the "/api" prefix.
	Method string
	Path   string
	// Header is a copy of the request headers with the credential of every
	// Authorization value replaced, e.g. "Bearer [redacted]". A scheme
	// without a token ("Bearer") is left visible: that is the bug to find.
	Header http.Header
	// Status is the status code answered: 0 while the request is still being
	// handled, or when no answer was sent (dropped connection, aborted delay).
	Status int
	// Body is the body after gzip decoding, nil when it could not be read or
	// decoded or was over the size limit.
	Body []byte
	// WireSize is the body length as received, before decoding: the
	// compressed size when Content-Encoding is gzip.
	WireSize int64
	// Scripted reports that a Script entry handled the request.
	Scripted bool
	// Error says why the body was not recorded (the schema violation, the
	// auth failure, "scripted 503", ...). It is empty for a recorded batch.
	Error string
}

func (r *Request) clone() Request {
	c := *r
	c.Header = r.Header.Clone()
	c.Body = bytes.Clone(r.Body)
	return c
}

// redactHeader copies h with Authorization credentials hidden.
func redactHeader(h http.Header) http.Header {
	h = h.Clone()
	vals := h["Authorization"] // the canonical key; edited in place
	for i, v := range vals {
		scheme, cred, found := strings.Cut(v, " ")
		switch {
		case !found && v != "" && !strings.EqualFold(v, "Bearer"):
			vals[i] = "[redacted]" // a bare credential without a scheme
		case strings.TrimSpace(cred) != "":
			vals[i] = scheme + " [redacted]"
		}
	}
	return h
}
