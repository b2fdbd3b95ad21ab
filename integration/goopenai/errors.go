package goopenai

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"strconv"
	"syscall"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// The errors below are what the span records; the application always gets
// the error (or response) go-openai's HTTP client gave, untouched. Each
// has an ErrorType method, which llm uses for error.type, so that no Go
// type name ever becomes an error.type.

// statusError is an HTTP response with a failure status: error.type is the
// status code ("429").
type statusError struct {
	code   int
	status string
}

func (e *statusError) Error() string {
	if e.status != "" {
		return "HTTP " + e.status
	}
	return "HTTP " + strconv.Itoa(e.code)
}

func (e *statusError) ErrorType() string { return strconv.Itoa(e.code) }

// apiError is an error event inside a stream (data: {"error": {...}}):
// error.type is the provider's error type or code ("server_error").
type apiError struct {
	class   string
	message string
}

func (e *apiError) Error() string {
	if e.message == "" {
		return "stream error: " + e.class
	}
	return "stream error: " + e.message
}

func (e *apiError) ErrorType() string { return e.class }

// transportError is a failure below HTTP (connection refused or reset, a
// stream cut, a timeout): error.type is its class.
type transportError struct {
	class string
	err   error
}

func (e *transportError) Error() string     { return e.err.Error() }
func (e *transportError) Unwrap() error     { return e.err }
func (e *transportError) ErrorType() string { return e.class }

// errIncomplete stands for a stream whose body ended (io.EOF) before
// [DONE] and before every choice it started had finished.
var errIncomplete = errors.New("goopenai: stream ended before [DONE] with unfinished choices")

// errObserver ends a call whose observer failed (a bug, reported through
// otel.Handle); the application's call goes on untouched.
var errObserver = &transportError{class: "instrumentation_error", err: errors.New("goopenai: the response observer failed")}

// classify returns the error the span records for err, a failure of the
// call made in ctx: canceled and timeout when the context says so (the
// transport's own error then often says less), else the transport
// failure's class.
func classify(ctx context.Context, err error) error {
	return &transportError{class: transportClass(ctx, err), err: err}
}

func transportClass(ctx context.Context, err error) string {
	if cerr := ctx.Err(); cerr != nil {
		err = cerr
	}
	var nerr net.Error
	var dns *net.DNSError
	var verify *tls.CertificateVerificationError
	var header tls.RecordHeaderError
	var unknownCA x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &nerr) && nerr.Timeout():
		return "timeout"
	case errors.As(err, &dns):
		return "dns_error"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection_refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "connection_reset"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF), errors.Is(err, errIncomplete):
		return "unexpected_eof"
	case errors.As(err, &verify), errors.As(err, &header), errors.As(err, &unknownCA),
		errors.As(err, &hostname), errors.As(err, &invalid):
		return "tls_error"
	}
	return "transport_error"
}

// streamErrorClass reads the class of an in-stream error object: its
// "type", else its "code", else _OTHER; and its message.
func readStreamError(s *scanner) *apiError {
	e := &apiError{}
	if s.peek() != '{' {
		s.skip()
		e.class = semconv.ErrorTypeOther
		return e
	}
	var code string
	s.object()
	for first := true; s.more('}', &first); {
		switch string(s.key()) {
		case "type":
			if raw, esc := s.strOrNull(); len(raw) > 0 {
				e.class = unquote(raw, esc)
			}
		case "code":
			if s.peek() == '"' {
				raw, esc := s.str()
				code = unquote(raw, esc)
			} else if n, ok := s.int(); ok {
				code = strconv.FormatInt(n, 10)
			}
		case "message":
			if raw, esc := s.strOrNull(); raw != nil {
				e.message = unquote(raw, esc)
			}
		default:
			s.skip()
		}
	}
	if e.class == "" {
		e.class = code
	}
	if e.class == "" {
		e.class = semconv.ErrorTypeOther
	}
	return e
}
