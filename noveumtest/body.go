package noveumtest

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// goUserAgentPrefix starts the User-Agent of this SDK's exporter.
const goUserAgentPrefix = "noveum-trace-go/"

// userAgentProblem says what is wrong with a request's User-Agent, or "".
// The service's front door refuses clients without an explicit User-Agent
// (none, or the default of Go's HTTP client); any SDK's own passes, the
// Python SDK's "noveum-trace-sdk/1.5.17" as this SDK's
// "noveum-trace-go/0.1.0". With the Go profile, only this SDK's does.
func userAgentProblem(ua string, goProfile bool) string {
	switch {
	case goProfile && !strings.HasPrefix(ua, goUserAgentPrefix):
		return fmt.Sprintf("forbidden: User-Agent %q does not start with %q", ua, goUserAgentPrefix)
	case strings.TrimSpace(ua) == "" || strings.HasPrefix(ua, "Go-http-client/"):
		return fmt.Sprintf("forbidden: User-Agent %q is not an explicit client name (send e.g. %q)", ua, goUserAgentPrefix+"<version>")
	}
	return ""
}

// body is a request body as read and decoded, before any check.
type body struct {
	wireSize  int64  // as received, before decoding
	encoding  string // Content-Encoding, lower case
	decoded   []byte // nil when unread, over the limit, undecodable or of an unknown encoding
	tooLarge  bool   // over the limit, as sent or decoded
	readErr   error
	decodeErr error // bad gzip
}

// readBody reads r's body, at most limit bytes, and decodes gzip. A longer
// body is drained, so the client can finish sending and read the 413.
func readBody(r *http.Request, limit int64) body {
	var b body
	b.encoding = strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding")))
	raw, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	b.wireSize = int64(len(raw))
	switch {
	case err != nil:
		b.readErr = err
		return b
	case b.wireSize > limit:
		n, _ := io.Copy(io.Discard, r.Body)
		b.wireSize += n
		b.tooLarge = true
		return b
	}
	switch b.encoding {
	case "gzip":
		b.decoded, b.tooLarge, b.decodeErr = gunzip(raw, limit)
	case "":
		b.decoded = raw
	}
	return b
}

// gunzip decodes a gzip body, stopping past limit decoded bytes so that a
// small bomb cannot exhaust memory: a body that decodes to more is
// reported as tooLarge, without its content.
func gunzip(raw []byte, limit int64) (decoded []byte, tooLarge bool, err error) {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, false, err
	}
	defer zr.Close()
	decoded, err = io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(decoded)) > limit {
		return nil, true, nil
	}
	return decoded, false, nil
}
