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

	// The value as parsed, for fields that read a mapping: one of these.
	yamlNode *yaml.Node
	jsonRaw  json.RawMessage
}

// valueKind is the shape of a fileValue.
type valueKind int

const (
	nullValue valueKind = iota
	scalarValue
	listValue
	mappingValue
)

// fileValue is a value of a config file whatever its format: a scalar's
// text, a mapping's pairs in file order (duplicates kept), a list, or null.
type fileValue struct {
	kind  valueKind
	text  string
	pairs []filePair
}

// filePair is one key and value of a mapping.
type filePair struct {
	key   string
	value fileValue
}

// maxValueDepth bounds the nesting read from a file, which also ends YAML
// aliases that refer to themselves.
const maxValueDepth = 16

// describe shows v in a message: a scalar's text quoted, or its shape.
func (v fileValue) describe() string {
	switch v.kind {
	case scalarValue:
		return strconv.Quote(v.text)
	case listValue:
		return "a list"
	case mappingValue:
		return "a mapping"
	}
	return "null"
}

// fileValue returns e's value as parsed from the file.
func (e entry) fileValue() (fileValue, *Problem) {
	var (
		v  fileValue
		ok bool
	)
	switch {
	case e.yamlNode != nil:
		v, ok = yamlValue(e.yamlNode, 0)
	case e.jsonRaw != nil:
		dec := json.NewDecoder(bytes.NewReader(e.jsonRaw))
		dec.UseNumber()
		v, ok = jsonValue(dec, 0)
	default:
		return fileValue{kind: scalarValue, text: e.value}, nil
	}
	if !ok {
		return v, &Problem{Value: "a mapping", Reason: "is nested too deeply", Fix: "write a plain mapping, without aliases that refer to themselves"}
	}
	return v, nil
}

func yamlValue(n *yaml.Node, depth int) (fileValue, bool) {
	for hops := 0; n.Kind == yaml.AliasNode && n.Alias != nil; hops++ {
		if hops > maxValueDepth {
			return fileValue{}, false
		}
		n = n.Alias
	}
	if depth > maxValueDepth {
		return fileValue{}, false
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return fileValue{}, true
		}
		return fileValue{kind: scalarValue, text: n.Value}, true
	case yaml.SequenceNode:
		return fileValue{kind: listValue}, true
	case yaml.MappingNode:
		v := fileValue{kind: mappingValue, pairs: make([]filePair, 0, len(n.Content)/2)}
		for i := 0; i+1 < len(n.Content); i += 2 {
			val, ok := yamlValue(n.Content[i+1], depth+1)
			if !ok {
				return fileValue{}, false
			}
			v.pairs = append(v.pairs, filePair{key: n.Content[i].Value, value: val})
		}
		return v, true
	}
	return fileValue{}, true
}

// jsonValue reads the next value from dec, which holds valid JSON.
func jsonValue(dec *json.Decoder, depth int) (fileValue, bool) {
	if depth > maxValueDepth {
		return fileValue{}, false
	}
	tok, err := dec.Token()
	if err != nil {
		return fileValue{}, false
	}
	switch t := tok.(type) {
	case json.Delim:
		v := fileValue{kind: listValue}
		if t == '{' {
			v.kind = mappingValue
		}
		for dec.More() {
			var key string
			if v.kind == mappingValue {
				k, err := dec.Token()
				if err != nil {
					return fileValue{}, false
				}
				key, _ = k.(string) // object keys are always strings
			}
			val, ok := jsonValue(dec, depth+1)
			if !ok {
				return fileValue{}, false
			}
			if v.kind == mappingValue {
				v.pairs = append(v.pairs, filePair{key: key, value: val})
			}
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return fileValue{}, false
		}
		return v, true
	case string:
		return fileValue{kind: scalarValue, text: t}, true
	case json.Number:
		return fileValue{kind: scalarValue, text: t.String()}, true
	case bool:
		return fileValue{kind: scalarValue, text: strconv.FormatBool(t)}, true
	}
	return fileValue{}, true // null
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
		e := entry{key: k.Value, yamlNode: v}
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
		e := entry{key: tok.(string), jsonRaw: raw} // object keys are always strings
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
