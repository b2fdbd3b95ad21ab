package jsontext

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncate(t *testing.T) {
	m := func(n int) string { return string(AppendMarker(nil, n)) }
	long := strings.Repeat("x", 100)
	tests := []struct {
		name  string
		in    string
		limit int
		want  string
	}{
		{"fits", `{"a": 1}`, 7, `{"a":1}`},
		{"no limit", `[1, 2, 3]`, 0, `[1,2,3]`},
		{"longest string cut first", `{"short":"abc","long":"` + long + `"}`, 50, `{"short":"abc","long":"xx` + m(98) + `"}`},
		{"strings cut to a common cap", `["` + long + `","` + long[:40] + `"]`, 60, `["xxx` + m(97) + `","xxx` + m(37) + `"]`},
		{"short strings untouched", `["` + long + `","abcdefghijklmnopqrst"]`, 60, `["xxxxxxxxxx` + m(90) + `","abcdefghijklmnopqrst"]`},
		{"trailing elements dropped", `[1,2,3,4,5,6,7,8,9]`, 10, `[1,2,3,4]`},
		{"trailing members dropped", `{"a":1,"b":2,"c":3}`, 14, `{"a":1,"b":2}`},
		{"nested prefix", `{"a":[1,2,3,[4,5,6]],"b":true}`, 17, `{"a":[1,2,3,[4]]}`},
		{"nested prefix, empty inner array", `{"a":[1,2,3,[4,5,6]],"b":true}`, 16, `{"a":[1,2,3,[]]}`},
		{"keys are never cut", `{"` + long + `":1}`, 20, `{}`},
		{"partial string at the end", `[1,"` + long + `"]`, 32, `[1,"xxx` + m(97) + `"]`},
		{"note-only string", `[1,"` + long + `"]`, 30, `[1,"` + m(100) + `"]`},
		{"string too small for marker dropped", `[123456,"` + long + `"]`, 20, `[123456]`},
		{"root string", `"` + long + `"`, 30, `"xxxxx` + m(95) + `"`},
		{"root string head only", `"` + long + `"`, 10, `"xxxxxxxx"`},
		{"root number becomes a string", `12345678901234567890`, 10, `"12345678"`},
		{"root literal", `false`, 4, `"fa"`},
		{"invalid as a string", `{"a":` + long, 30, `"{\"a` + m(102) + `"`},
		{"minimum is 2", `[1,2]`, 1, `[]`},
		{"escapes not split", `["` + strings.Repeat(`\n`, 20) + `"]`, 30, `["\n` + m(38) + `"]`},
		{"surrogate pair not split", `["\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"]`, 39, `["\uD83D\uDE00` + m(24) + `"]`},
		{"whitespace ignored", "[ 1 ,\n 2 , 3 ]", 6, `[1,2]`},
		{"invalid UTF-8 fixed when cut", "[\"\xff\xff\xff" + long + "\"]", 36, "[\"\uFFFD\uFFFD" + m(101) + "\"]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, orig := Truncate([]byte("x"), []byte(tt.in), tt.limit)
			if string(got[1:]) != tt.want {
				t.Errorf("Truncate(%s, %d) =\n%s\nwant\n%s", tt.in, tt.limit, got[1:], tt.want)
			}
			if want := ValueLen([]byte(tt.in)); orig != want {
				t.Errorf("original = %d, want %d", orig, want)
			}
			if !json.Valid(got[1:]) {
				t.Errorf("invalid JSON %s", got[1:])
			}
		})
	}
}

// A realistic tool result: every limit from tiny to its full size keeps it
// valid, within the limit, and of the same kind.
func TestTruncateEveryLimit(t *testing.T) {
	raw := []byte(`{"results": [
		{"title": "Weather in Paris", "snippet": "Sunny, 21°C, light wind from the \"west\".", "score": 0.93, "tags": ["weather", "paris"]},
		{"title": "Paris forecast", "snippet": "Rain expected on Thursday\nand Friday; carry an umbrella ☔.", "score": 0.81, "tags": []},
		{"title": "Climate", "snippet": "Paris has an oceanic climate.", "score": 0.4, "extra": {"a": null, "b": [1, 2, 3]}}
	], "count": 3, "complete": true}`)
	full := AppendValue(nil, raw)
	for limit := 1; limit <= len(full)+1; limit++ {
		got, orig := Truncate(nil, raw, limit)
		if orig != len(full) {
			t.Fatalf("limit %d: original %d, want %d", limit, orig, len(full))
		}
		if len(got) > max(limit, 2) {
			t.Fatalf("limit %d: %d bytes: %s", limit, len(got), got)
		}
		if !json.Valid(got) || !utf8.Valid(got) || got[0] != '{' {
			t.Fatalf("limit %d: bad output %s", limit, got)
		}
		if limit >= len(full) && string(got) != string(full) {
			t.Fatalf("limit %d: %s, want %s", limit, got, full)
		}
	}
	// With room for the structure, only strings are cut, and each cut one
	// carries the marker.
	got, _ := Truncate(nil, raw, len(full)-40)
	var a, b map[string]any
	_ = json.Unmarshal(got, &a)
	_ = json.Unmarshal(full, &b)
	if len(a["results"].([]any)) != 3 || a["count"] != b["count"] || a["complete"] != true {
		t.Fatalf("structure lost: %s", got)
	}
	if !strings.Contains(string(got), TruncationMarker) {
		t.Fatalf("no marker in %s", got)
	}
}

func TestTruncateKeepsFittingValueIdentical(t *testing.T) {
	raw := []byte(`{"a":[1,2,{"b":"c"}],"d":"e"}`)
	got, orig := Truncate(nil, raw, len(raw))
	if string(got) != string(raw) || orig != len(raw) {
		t.Fatalf("got %s, %d", got, orig)
	}
	var v1, v2 any
	_ = json.Unmarshal(got, &v1)
	_ = json.Unmarshal(raw, &v2)
	if !reflect.DeepEqual(v1, v2) {
		t.Fatal("value changed")
	}
}

func TestFitCap(t *testing.T) {
	tests := []struct {
		sizes  []int
		budget int
		want   int
		ok     bool
	}{
		{[]int{10, 20}, 30, 0, true},
		{[]int{10, 100}, 60, 50, true},
		{[]int{100, 100}, 60, 30, true},
		{[]int{100, 20, 5}, 60, 35, true},
		{[]int{100, 100}, 51, CutFloor(100), false},
		{[]int{100, 100}, 52, CutFloor(100), true},
		{nil, 0, 0, true},
	}
	for _, tt := range tests {
		got, ok := FitCap(tt.sizes, tt.budget)
		if got != tt.want || ok != tt.ok {
			t.Errorf("FitCap(%v, %d) = %d, %v; want %d, %v", tt.sizes, tt.budget, got, ok, tt.want, tt.ok)
		}
	}
}
