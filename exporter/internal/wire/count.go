package wire

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// countJSONArray counts the top-level elements of a JSON array held in s. A
// cut or otherwise malformed array is not counted: a partial count would be
// reported as if it were the number of documents.
func countJSONArray(s string) (int64, bool) {
	dec := json.NewDecoder(strings.NewReader(s))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return 0, false
	}
	var n int64
	for dec.More() {
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return 0, false
		}
		n++
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim(']') {
		return 0, false
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return 0, false // trailing data after the array
	}
	return n, true
}
