package exporter

import (
	"errors"
	"strings"
)

// scrub removes the API key from an error's text, should any layer have
// echoed it. errors.Is and errors.As still reach the error's causes, but
// errors.Unwrap does not hand out the unscrubbed error: a logger that
// prints each error of a chain would print the key.
func (e *Exporter) scrub(err error) error {
	if e.cfg.APIKey == "" || !strings.Contains(err.Error(), e.cfg.APIKey) {
		return err
	}
	return &scrubbedError{msg: e.scrubString(err.Error()), err: err}
}

// scrubbedError is an error whose text had the API key removed.
type scrubbedError struct {
	msg string
	err error
}

func (s *scrubbedError) Error() string { return s.msg }

// Is reports whether the unscrubbed error matches target (errors.Is).
func (s *scrubbedError) Is(target error) bool { return errors.Is(s.err, target) }

// As finds in the unscrubbed error's chain an error of target's type
// (errors.As). What it finds is the caller's to print with care.
func (s *scrubbedError) As(target any) bool { return errors.As(s.err, target) }

func (e *Exporter) scrubString(s string) string {
	if e.cfg.APIKey == "" {
		return s
	}
	return strings.ReplaceAll(s, e.cfg.APIKey, "[REDACTED]")
}
