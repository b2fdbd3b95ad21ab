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

// schemaJSON is a byte-identical copy of the Noveum batch schema: what the
// ingestion API accepts. A receiver validates against it.
//
//go:embed schema/noveum-batch.schema.json
var schemaJSON []byte

// goProfileJSON is a byte-identical copy of the stricter profile the Go SDK
// sends: valid version 4 UUIDs, statuses ok and error only, sdk.name
// noveum-trace-go, trace events, span otel.trace_id.
//
//go:embed schema/noveum-batch.go-profile.schema.json
var goProfileJSON []byte

// The schemas' own $id, so the compiler never looks elsewhere.
const (
	schemaURL    = "https://noveum.ai/schemas/trace-batch-2.0.json"
	goProfileURL = "https://noveum.ai/schemas/trace-batch-2.0-go-profile.json"
)

// compileSchema compiles an embedded schema. A compiled jsonschema.Schema is
// safe for concurrent validation.
func compileSchema(url string, raw []byte) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("noveumtest: embedded schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("noveumtest: embedded schema: %w", err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("noveumtest: embedded schema: %w", err)
	}
	return sch, nil
}

// The schemas, compiled once on first use.
var (
	batchSchema     = sync.OnceValues(func() (*jsonschema.Schema, error) { return compileSchema(schemaURL, schemaJSON) })
	goProfileSchema = sync.OnceValues(func() (*jsonschema.Schema, error) { return compileSchema(goProfileURL, goProfileJSON) })
)

// maxReported bounds how many schema violations one error lists.
const maxReported = 5

// ValidateBatch checks a JSON request body against the embedded Noveum batch
// schema (schema_version 2.0): what the ingestion API accepts, from any SDK
// (the Python SDK's bodies pass). It returns nil for a valid body; otherwise
// the error names the JSON pointer of each failing value, for example
// "/traces/0/spans/1/status: value must be one of ...". It is safe for
// concurrent use.
func ValidateBatch(body []byte) error {
	return validate(batchSchema, body)
}

// ValidateGoProfile checks a JSON request body against the stricter profile
// this SDK's exporter sends: what ValidateBatch checks, and version 4 UUIDs,
// statuses "ok" and "error" only, sdk.name "noveum-trace-go", trace events,
// and otel.trace_id on every span. Errors read as for ValidateBatch.
func ValidateGoProfile(body []byte) error {
	return validate(goProfileSchema, body)
}

func validate(schema func() (*jsonschema.Schema, error), body []byte) error {
	sch, err := schema()
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
