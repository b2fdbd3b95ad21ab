package exporter

import "strings"

// scrub removes the API key from an error's text, should any layer have
// echoed it. The error is wrapped, not rebuilt, so errors.Is and errors.As
// still reach its causes.
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

func (s *scrubbedError) Unwrap() error { return s.err }

func (e *Exporter) scrubString(s string) string {
	if e.cfg.APIKey == "" {
		return s
	}
	return strings.ReplaceAll(s, e.cfg.APIKey, "[REDACTED]")
}
