package config

import (
	"strconv"
	"strings"
)

// Problem is one thing wrong with a configuration.
type Problem struct {
	// Field is the Go name of the Config field, such as "BatchSize". It is
	// empty for a problem with a whole source, such as a config file that
	// does not parse or holds an unknown key.
	Field string
	// Source is where the bad value came from: "default", "file <path>",
	// "env <VARIABLE>", "option", or "code" for a value set directly on a
	// Config. It is empty when there is no value to blame, as for a
	// required field that is not set.
	Source string
	// Value is the bad value as text, or "[redacted]" for the API key. It is
	// empty when there is no value.
	Value string
	// Reason says what is wrong, such as "is out of range".
	Reason string
	// Fix says what to do about it.
	Fix string
}

// String renders p on one line, for example
//
//	BatchSize: 5000 (from env NOVEUM_BATCH_SIZE) is out of range: use a value from 1 to 1000
func (p Problem) String() string {
	var b strings.Builder
	switch {
	case p.Field != "":
		b.WriteString(p.Field)
	case p.Source != "":
		b.WriteString(p.Source)
	default:
		b.WriteString("config")
	}
	b.WriteString(": ")
	if p.Value != "" {
		b.WriteString(p.Value)
		if p.Field != "" && p.Source != "" {
			b.WriteString(" (from " + p.Source + ")")
		}
		b.WriteByte(' ')
	}
	b.WriteString(p.Reason)
	if p.Fix != "" {
		b.WriteString(": " + p.Fix)
	}
	return b.String()
}

// ValidationError lists everything wrong with a configuration: values that
// do not parse, unknown or unreadable config files, and values that break a
// rule. Use errors.As to reach it.
type ValidationError struct {
	// Problems holds every problem found, in the order found.
	Problems []Problem
}

// Error renders every problem, one per line, after "noveum config: ".
func (e *ValidationError) Error() string {
	switch len(e.Problems) {
	case 0:
		return "noveum config: invalid configuration"
	case 1:
		return "noveum config: " + e.Problems[0].String()
	}
	var b strings.Builder
	b.WriteString("noveum config: " + strconv.Itoa(len(e.Problems)) + " problems:")
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

// Validate checks every field and returns a *ValidationError listing all
// problems at once, or nil when c is valid. It checks values only: problems
// met while loading (a malformed variable, an unknown file key) are reported
// by Load.
func (c Config) Validate() error {
	if ps := c.problems(); len(ps) > 0 {
		return &ValidationError{Problems: ps}
	}
	return nil
}

func (c *Config) problems() []Problem {
	var ps []Problem
	for i := range fields {
		f := &fields[i]
		if f.checkEach != nil {
			for _, e := range f.checkEach(c) {
				ps = append(ps, Problem{Field: f.name + e.suffix, Source: c.sourceOf(i), Value: e.value, Reason: e.bad.reason, Fix: e.bad.fix})
			}
		}
		if f.check == nil {
			continue
		}
		bad := f.check(c)
		if bad == nil {
			continue
		}
		p := Problem{Field: f.name, Reason: bad.reason, Fix: bad.fix}
		if bad.reason != reasonNotSet { // nothing to blame on a source
			p.Source = c.sourceOf(i)
			p.Value = f.show(c)
		}
		ps = append(ps, p)
	}
	return ps
}

// badInput reports text for field i from source that did not parse.
func badInput(i int, source, text string, bad *badValue) Problem {
	p := Problem{Field: fields[i].name, Source: source, Value: strconv.Quote(text), Reason: bad.reason, Fix: bad.fix}
	if fields[i].secret {
		p.Value = redacted
	}
	return p
}
