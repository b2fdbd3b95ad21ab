package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// entry is one top-level key of a config file with its value as text.
type entry struct {
	key    string
	value  string // the scalar's text
	null   bool   // no value: leave the field alone
	nested string // "a list" or "a mapping" when the value is not a scalar
}

// parseYAML reads the top-level mapping of a YAML document. Values are read
// as text and parsed like environment variables, so `timeout: 5s` and
// `timeout: "5s"` mean the same.
func parseYAML(data []byte) ([]entry, *Problem) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		// yaml.v3 messages name lines and tokens, not values, so they are
		// safe to show even when the file holds the API key.
		return nil, &Problem{Reason: "is not valid YAML (" + err.Error() + ")", Fix: "correct the syntax"}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil // empty file
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return nil, nil // only comments
	}
	if root.Kind != yaml.MappingNode {
		return nil, &Problem{Reason: "is not a mapping of keys to values", Fix: "write one key: value per line, such as project: my-app"}
	}
	entries := make([]entry, 0, len(root.Content)/2)
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		for v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		e := entry{key: k.Value}
		switch v.Kind {
		case yaml.ScalarNode:
			e.value, e.null = v.Value, v.ShortTag() == "!!null"
		case yaml.SequenceNode:
			e.nested = "a list"
		default:
			e.nested = "a mapping"
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// parseJSON reads the top-level object of a JSON document, keeping keys in
// order and duplicates, which encoding/json would silently merge.
func parseJSON(data []byte) ([]entry, *Problem) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil // empty file
	}
	// A first pass finds syntax errors with their absolute position.
	// encoding/json messages quote the offending character, which may be
	// part of the API key, so only the position is shown.
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		where := "ends too early"
		var se *json.SyntaxError
		if errors.As(err, &se) && se.Offset < int64(len(data)) {
			line, col := position(data, se.Offset-1) // Offset counts the bad byte
			where = "has an error near line " + strconv.Itoa(line) + ", column " + strconv.Itoa(col)
		}
		return nil, &Problem{Reason: "is not valid JSON: it " + where, Fix: "correct the syntax"}
	}
	if _, ok := v.(map[string]any); !ok {
		return nil, &Problem{Reason: "is not a JSON object", Fix: `write one object, such as {"project": "my-app"}`}
	}

	// The second pass keeps keys in order, and duplicates, which
	// encoding/json would silently merge. The input is known to be valid.
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // the opening brace
		return nil, &Problem{Reason: "is not valid JSON", Fix: "correct the syntax"}
	}
	var entries []entry
	for dec.More() {
		tok, err := dec.Token()
		var raw json.RawMessage
		if err == nil {
			err = dec.Decode(&raw)
		}
		if err != nil || len(raw) == 0 {
			return nil, &Problem{Reason: "is not valid JSON", Fix: "correct the syntax"}
		}
		e := entry{key: tok.(string)} // object keys are always strings
		switch raw[0] {
		case '"':
			_ = json.Unmarshal(raw, &e.value) // valid: checked above
		case '{':
			e.nested = "a mapping"
		case '[':
			e.nested = "a list"
		case 'n':
			e.null = true
		default: // number or boolean: its literal text
			e.value = string(raw)
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}
