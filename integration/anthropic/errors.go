package noveumanthropic

import (
	"context"
	"errors"
	"net"
	"strconv"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// apiError is a failed attempt as the API reported it: an error status, or
// an error event in a stream. Its ErrorType is the class llm records as
// error.type.
type apiError struct {
	status  int    // HTTP status; 200 for an error event in a stream
	typ     string // Anthropic's error type, "" when the body had none
	message string
}

func (e *apiError) Error() string {
	s := "anthropic: "
	if e.status >= 400 {
		s += strconv.Itoa(e.status) + " "
	}
	if e.typ != "" {
		s += e.typ
	} else {
		s += "error"
	}
	if e.message != "" {
		s += ": " + e.message
	}
	return s
}

// ErrorType returns Anthropic's error type (rate_limit_error,
// overloaded_error, invalid_request_error, ...), else the HTTP status.
func (e *apiError) ErrorType() string {
	switch {
	case e.typ != "":
		return e.typ
	case e.status >= 400:
		return strconv.Itoa(e.status)
	}
	return semconv.ErrorTypeOther
}

// transportError is an attempt that got no response, or whose response
// body failed part-way. It classifies itself so that error.type is never a
// Go type name.
type transportError struct {
	err error
	// incomplete marks a body that ended or failed before its end.
	incomplete bool
}

func (e *transportError) Error() string {
	if e.incomplete {
		if e.err == nil {
			return "anthropic: response ended before it was complete"
		}
		return "anthropic: response ended before it was complete: " + e.err.Error()
	}
	return "anthropic: " + e.err.Error()
}

func (e *transportError) Unwrap() error { return e.err }

// ErrorType returns "canceled" or "timeout" for a context that ended or a
// network timeout, "incomplete_response" for a body cut short, else
// "connection_error".
func (e *transportError) ErrorType() string {
	var nerr net.Error
	switch {
	case errors.Is(e.err, context.Canceled):
		return "canceled"
	case errors.Is(e.err, context.DeadlineExceeded), errors.As(e.err, &nerr) && nerr.Timeout():
		return "timeout"
	case e.incomplete:
		return "incomplete_response"
	}
	return "connection_error"
}
