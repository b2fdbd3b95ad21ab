// Package errtype classifies errors for the error.type attribute, for the
// llm and agents helpers alike.
package errtype

import (
	"context"
	"errors"
	"net"
	"reflect"
	"strconv"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// Of returns the low-cardinality class of err (see llm.ErrorType for the
// rules), or "" for a nil err.
func Of(err error) string {
	if err == nil {
		return ""
	}
	var typed interface{ ErrorType() string }
	if errors.As(err, &typed) {
		if t := typed.ErrorType(); t != "" {
			return t
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return semconv.ErrorTypeTimeout
	}
	if errors.Is(err, context.Canceled) {
		return "canceled"
	}
	var nerr net.Error
	if errors.As(err, &nerr) && nerr.Timeout() {
		return semconv.ErrorTypeTimeout
	}
	var status interface{ StatusCode() int }
	if errors.As(err, &status) {
		if code := status.StatusCode(); code > 0 {
			return strconv.Itoa(code)
		}
	}
	if name := namedType(err); name != "" {
		return name
	}
	return semconv.ErrorTypeOther
}

// plainErrorTypes are the standard library's anonymous error and wrapper
// types, which say nothing about the error's class.
var plainErrorTypes = map[string]bool{
	"*errors.errorString": true,
	"*fmt.wrapError":      true,
	"*fmt.wrapErrors":     true,
	"*errors.joinError":   true,
}

// namedType walks err's chain (depth first through joins) for the first
// error whose type is not a plain one.
func namedType(err error) string {
	for depth := 0; err != nil && depth < 32; depth++ {
		if name := reflect.TypeOf(err).String(); !plainErrorTypes[name] {
			return name
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if name := namedType(e); name != "" {
					return name
				}
			}
			return ""
		default:
			return ""
		}
	}
	return ""
}

// ExceptionType returns the type name of the most specific error in err's
// chain: the innermost error that is not one of the standard library's
// wrappers (fmt.Errorf's %w, errors.Join), so that a wrapped
// context.DeadlineExceeded is context.deadlineExceededError, not
// *fmt.wrapError. Through a join it follows the first error.
func ExceptionType(err error) string {
	name := ""
	for depth := 0; err != nil && depth < 32; depth++ {
		t := reflect.TypeOf(err).String()
		if !wrapperTypes[t] {
			name = t
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			errs := u.Unwrap()
			if len(errs) == 0 {
				return name
			}
			err = errs[0]
		default:
			return name
		}
	}
	return name
}

// wrapperTypes are the standard library's wrapping error types.
var wrapperTypes = map[string]bool{
	"*fmt.wrapError":    true,
	"*fmt.wrapErrors":   true,
	"*errors.joinError": true,
}

// RecordException adds the exception event for err to span, at time at:
// exception.type is the most specific error of the chain (see
// ExceptionType), exception.message the error's text. The helpers record
// errors this way instead of span.RecordError, which names the outermost
// type (often *fmt.wrapError).
func RecordException(span trace.Span, err error, at time.Time) {
	span.AddEvent(semconv.ExceptionEventName, trace.WithTimestamp(at), trace.WithAttributes(
		semconv.ExceptionType(ExceptionType(err)),
		semconv.ExceptionMessage(err.Error()),
	))
}
