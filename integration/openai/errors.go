package noveumopenai

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"syscall"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// statusError is an HTTP error response. Its ErrorType, recorded as
// error.type, is the status code; its message names the provider's error
// code or type, never the provider's message (which may quote part of an
// API key).
type statusError struct {
	status int
	code   string // the provider's error code or type, when the body had one
}

func (e *statusError) Error() string {
	msg := "openai: HTTP " + strconv.Itoa(e.status)
	if t := http.StatusText(e.status); t != "" {
		msg += " " + t
	}
	if e.code != "" {
		msg += " (" + e.code + ")"
	}
	return msg
}

// ErrorType returns the status code, for error.type.
func (e *statusError) ErrorType() string { return strconv.Itoa(e.status) }

// streamError is an error the provider reported inside a 200 stream (an
// "error" event, or a response.failed event). Its ErrorType is the
// provider's error code or type.
type streamError struct {
	code string
}

func (e *streamError) Error() string {
	if e.code == "" {
		return "openai: the stream reported an error"
	}
	return "openai: the stream reported an error (" + e.code + ")"
}

// ErrorType returns the provider's error code, or "_OTHER".
func (e *streamError) ErrorType() string {
	if e.code == "" {
		return semconv.ErrorTypeOther
	}
	return e.code
}

// errIncompleteStream ends a stream that reached its end without the
// provider's end marker ([DONE], response.completed) or a finish reason for
// every choice.
var errIncompleteStream = &transportError{class: "incomplete_stream",
	err: errors.New("openai: the stream ended before its end marker")}

// transportError is an error below HTTP (connection, TLS, timeout, a body
// cut short). Its ErrorType is a low-cardinality class, never a Go type
// name; its message is the original error's, with any URL's query and
// credentials removed.
type transportError struct {
	class string
	err   error
}

func (e *transportError) Error() string { return e.err.Error() }

// Unwrap returns the original error.
func (e *transportError) Unwrap() error { return e.err }

// ErrorType returns the error's class, for error.type.
func (e *transportError) ErrorType() string { return e.class }

// classify wraps err, seen while sending the request or reading its
// response under ctx, in a transportError of the right class.
func classify(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errors.AsType[*transportError](err); ok {
		return err
	}
	return &transportError{class: transportClass(ctx, err), err: cleanURL(err)}
}

func transportClass(ctx context.Context, err error) string {
	cerr := ctx.Err()
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(cerr, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled), errors.Is(cerr, context.Canceled):
		return "canceled"
	}
	if nerr, ok := errors.AsType[net.Error](err); ok && nerr.Timeout() {
		return "timeout"
	}
	if _, ok := errors.AsType[*net.DNSError](err); ok {
		return "name_resolution_error"
	}
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection_refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "connection_reset"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "unexpected_eof"
	}
	if _, ok := errors.AsType[*tls.CertificateVerificationError](err); ok {
		return "tls_error"
	}
	if _, ok := errors.AsType[x509.UnknownAuthorityError](err); ok {
		return "tls_error"
	}
	if _, ok := errors.AsType[tls.RecordHeaderError](err); ok {
		return "tls_error"
	}
	return semconv.ErrorTypeOther
}

// cleanURL drops the query and user info from the URL of a *url.Error, so
// that a key passed in a query string never reaches a span.
func cleanURL(err error) error {
	uerr, ok := err.(*url.Error)
	if !ok {
		return err
	}
	u, perr := url.Parse(uerr.URL)
	if perr != nil {
		return &url.Error{Op: uerr.Op, URL: "", Err: uerr.Err}
	}
	u.RawQuery, u.User, u.Fragment = "", nil, ""
	return &url.Error{Op: uerr.Op, URL: u.String(), Err: uerr.Err}
}
