package noveumtest

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaJSON is a byte-identical copy of shared/spec/noveum-batch.schema.json;
// a test keeps the two in step.
//
//go:embed schema/noveum-batch.schema.json
var schemaJSON []byte

// schemaURL is the schema's own $id, so the compiler never looks elsewhere.
const schemaURL = "https://noveum.ai/schemas/trace-batch-2.0.json"

// batchSchema compiles the embedded schema once, on first use. A compiled
// jsonschema.Schema is safe for concurrent validation.
var batchSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, fmt.Errorf("noveumtest: embedded schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, fmt.Errorf("noveumtest: embedded schema: %w", err)
	}
	sch, err := c.Compile(schemaURL)
	if err != nil {
		return nil, fmt.Errorf("noveumtest: embedded schema: %w", err)
	}
	return sch, nil
})

// maxReported bounds how many schema violations one error lists.
const maxReported = 5

// ValidateBatch checks a JSON request body against the embedded Noveum batch
// schema (schema_version 2.0). It returns nil for a valid body; otherwise the
// error names the JSON pointer of each failing value, for example
// "/traces/0/spans/1/status: value must be one of ...". It is safe for
// concurrent use.
func ValidateBatch(body []byte) error {
	sch, err := batchSchema()
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("noveumtest: body is not valid JSON: %w", err)
	}
	err = sch.Validate(doc)
	if err == nil {
		return nil
	}
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return fmt.Errorf("noveumtest: invalid batch: %w", err)
	}
	var leaves []string
	collectLeaves(verr, &leaves)
	msg := strings.Join(leaves[:min(len(leaves), maxReported)], "; ")
	if n := len(leaves) - maxReported; n > 0 {
		msg += fmt.Sprintf("; and %d more", n)
	}
	return fmt.Errorf("noveumtest: invalid batch: %s", msg)
}

// collectLeaves appends "pointer: reason" for every innermost violation:
// the inner errors say what is wrong, the outer ones only that a $ref or
// oneOf failed.
func collectLeaves(e *jsonschema.ValidationError, out *[]string) {
	if len(e.Causes) == 0 {
		reason := "invalid"
		if u := e.BasicOutput(); u.Error != nil {
			reason = u.Error.String()
		}
		*out = append(*out, pointer(e.InstanceLocation)+": "+reason)
		return
	}
	for _, c := range e.Causes {
		collectLeaves(c, out)
	}
}

// pointer renders a JSON pointer (RFC 6901); the whole document is "/".
func pointer(tokens []string) string {
	if len(tokens) == 0 {
		return "/"
	}
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		t = strings.ReplaceAll(t, "~", "~0")
		b.WriteString(strings.ReplaceAll(t, "/", "~1"))
	}
	return b.String()
}

// decodeBatch decodes a body that passed ValidateBatch. Attribute numbers
// become json.Number so integers stay exact.
func decodeBatch(body []byte) (Batch, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var b Batch
	if err := dec.Decode(&b); err != nil {
		return Batch{}, fmt.Errorf("noveumtest: decode batch: %w", err)
	}
	return b, nil
}
