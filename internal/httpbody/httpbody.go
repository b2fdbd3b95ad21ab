// Package httpbody decodes request bodies for the two receivers of the
// Noveum ingestion API, noveumtest and the local endpoint.
package httpbody

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
)

// Gunzip decodes a gzip body, stopping past limit decoded bytes so that a
// small bomb cannot exhaust memory: a body that decodes to more is
// reported as tooLarge, without its content.
func Gunzip(raw []byte, limit int64) (body []byte, tooLarge bool, err error) {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, false, err
	}
	defer zr.Close()
	body, err = io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(body)) > limit {
		return nil, true, nil
	}
	return body, false, nil
}

// UserAgentProblem says what is wrong with a request's User-Agent for an
// ingestion receiver, or "" when nothing is. The service's front door
// refuses clients without an explicit User-Agent (none, or the default of
// Go's HTTP client); any SDK's own passes, the Python SDK's
// "noveum-trace-sdk/1.5.17" as this SDK's "noveum-trace-go/0.1.0".
func UserAgentProblem(ua string) string {
	if strings.TrimSpace(ua) == "" || strings.HasPrefix(ua, "Go-http-client/") {
		return fmt.Sprintf("forbidden: User-Agent %q is not an explicit client name (send e.g. %q)", ua, "noveum-trace-go/<version>")
	}
	return ""
}
