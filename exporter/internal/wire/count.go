package wire

import (
	"encoding/json"
	"strings"
)

// countJSONArray counts the top-level elements of a JSON array held in s.
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
	return n, true
}
