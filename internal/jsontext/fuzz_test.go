package jsontext

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain ascii text", "q\"b\\\n\x00\x1f\x7f", "é€😀\u2028\u2029", "\xff\xe2\x82\xed\xa0\x80", strings.Repeat("abcdefg\"", 5)} {
		f.Add(s, 10)
	}
	f.Fuzz(func(t *testing.T, s string, limit int) {
		enc := AppendString(nil, s)
		checkString(t, s, enc)
		if StringLen(s) != len(enc) {
			t.Fatalf("StringLen = %d, len = %d", StringLen(s), len(enc))
		}
		if len(s) > 0 {
			r, n := decodeRune(s, 0)
			wr, wn := utf8.DecodeRuneInString(s)
			if r != wr || n != wn {
				t.Fatalf("decodeRune(%q) = %U, %d; want %U, %d", s, r, n, wr, wn)
			}
		}
		limit %= len(enc) + 20
		got, cut := AppendStringLimit(nil, s, limit)
		if len(got) > max(limit, 2) || cut != (len(enc) > max(limit, 2)) {
			t.Fatalf("AppendStringLimit(%q, %d) = %s, %v", s, limit, got, cut)
		}
		if !cut {
			if !bytes.Equal(got, enc) {
				t.Fatalf("uncut %s != %s", got, enc)
			}
			return
		}
		var head, whole string
		if err := json.Unmarshal(got, &head); err != nil || !utf8.Valid(got) {
			t.Fatalf("cut output %q invalid: %v", got, err)
		}
		_ = json.Unmarshal(enc, &whole)
		kept, n, noted := splitNote(head)
		if limit >= CutFloor(len(s)) && !noted {
			t.Fatalf("%s lacks the note", got)
		}
		if noted {
			if want := viaEncodingJSON(s[:len(s)-n]); kept != want {
				t.Fatalf("%s notes %d bytes cut but keeps %q", got, n, kept)
			}
			head = kept
		}
		if !strings.HasPrefix(whole, head) {
			t.Fatalf("%q is not a head of %q", head, whole)
		}
	})
}

// FuzzAppendStringHead checks the exporter's bound: the output is valid
// UTF-8 JSON, what encoding/json makes of s when not cut, and when cut the
// head of s up to a rune boundary at most maxLen bytes in, with the note of
// the bytes cut.
func FuzzAppendStringHead(f *testing.F) {
	for _, s := range []string{"", "hello", "é", "a\xffb", "\xe2\x82", "😀😀", "\x00\x1f\"\\\b\f", "\u2028\u2029", strings.Repeat("é", 10), "\xf0\x9f\x98"} {
		for _, maxLen := range []int{0, -1, 1, 2, 3, 4, 7, 100} {
			f.Add(s, maxLen)
		}
	}
	f.Fuzz(func(t *testing.T, s string, maxLen int) {
		out, cut := AppendStringHead([]byte("["), s, maxLen)
		if out[0] != '[' {
			t.Fatalf("AppendStringHead overwrote dst")
		}
		js := out[1:]
		if !json.Valid(js) || !utf8.Valid(js) {
			t.Fatalf("AppendStringHead(%q, %d) = %q: invalid JSON or UTF-8", s, maxLen, js)
		}
		var got string
		if err := json.Unmarshal(js, &got); err != nil {
			t.Fatalf("AppendStringHead(%q, %d) = %q is not a JSON string: %v", s, maxLen, js, err)
		}
		if want := maxLen > 0 && len(s) > maxLen; cut != want {
			t.Fatalf("AppendStringHead(%q, %d) cut = %v, want %v", s, maxLen, cut, want)
		}
		if !cut {
			if want := viaEncodingJSON(s); got != want || !bytes.Equal(js, AppendString(nil, s)) {
				t.Fatalf("AppendStringHead(%q) = %q, want %q", s, js, want)
			}
			return
		}
		head, n, noted := splitNote(got)
		if !noted || n > len(s) {
			t.Fatalf("AppendStringHead(%q, %d) = %q: no truncation note", s, maxLen, got)
		}
		kept := len(s) - n
		if kept > maxLen || kept < maxLen-(utf8.UTFMax-1) {
			t.Fatalf("AppendStringHead(%q, %d) kept %d bytes", s, maxLen, kept)
		}
		if kept < maxLen {
			// Cut early only before a valid rune that crosses the bound.
			r, size := utf8.DecodeRuneInString(s[kept:])
			if r == utf8.RuneError && size == 1 || kept+size <= maxLen {
				t.Fatalf("AppendStringHead(%q, %d) cut at %d, before the bound without a rune crossing it", s, maxLen, kept)
			}
		}
		if utf8.ValidString(s) && !utf8.ValidString(s[:kept]) {
			t.Fatalf("AppendStringHead(%q, %d) cut inside a rune at %d", s, maxLen, kept)
		}
		if want := viaEncodingJSON(s[:kept]); head != want {
			t.Fatalf("AppendStringHead(%q, %d) kept %q, want %q", s, maxLen, head, want)
		}
	})
}

func FuzzAppendValue(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}]}`, ` [ "x\u00e9" , -1.5e+3 ] `, `{"a":`, "\"\xff\u2028\"", `tru`, ``, `"\uD83D\uDE00"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got := AppendValue(nil, raw)
		if !json.Valid(got) || !utf8.Valid(got) {
			t.Fatalf("AppendValue(%q) = %q: not valid UTF-8 JSON", raw, got)
		}
		if ValueLen(raw) != len(got) {
			t.Fatalf("ValueLen = %d, len = %d", ValueLen(raw), len(got))
		}
		valid := json.Valid(raw)
		if Valid(raw) != valid {
			t.Fatalf("Valid(%q) = %v, encoding/json says %v", raw, !valid, valid)
		}
		var want, have any
		if valid {
			// Same value as encoding/json reads (it, too, turns invalid
			// UTF-8 into U+FFFD).
			_ = json.Unmarshal(raw, &want)
			_ = json.Unmarshal(got, &have)
			if !reflect.DeepEqual(have, want) {
				t.Fatalf("AppendValue(%q) = %q changes the value", raw, got)
			}
			var buf bytes.Buffer
			if utf8.Valid(raw) && !bytes.Contains(raw, []byte("\u2028")) && !bytes.Contains(raw, []byte("\u2029")) {
				_ = json.Compact(&buf, raw)
				if !bytes.Equal(buf.Bytes(), got) {
					t.Fatalf("AppendValue(%q) = %q, json.Compact gives %q", raw, got, buf.Bytes())
				}
			}
			return
		}
		if got[0] != '"' {
			t.Fatalf("invalid %q not written as a string: %q", raw, got)
		}
		_ = json.Unmarshal(got, &have)
		ref, _ := json.Marshal(string(raw))
		_ = json.Unmarshal(ref, &want)
		if have != want {
			t.Fatalf("invalid %q written as %q", raw, got)
		}
	})
}

func FuzzJSONTextTruncate(f *testing.F) {
	seeds := []string{
		`{"results":[{"title":"Weather","snippet":"Sunny and \"warm\"","score":0.9}],"count":1}`,
		`[1,2,3,[4,5,[6,7,{"a":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}]]]`,
		`"a long string with an escape \n and \u00e9 and \uD83D\uDE00 in it, long enough to cut"`,
		`12345678901234567890`, `{"a":`, "not json at all \xff", `{"` + strings.Repeat("k", 40) + `":1}`, ``,
	}
	for _, s := range seeds {
		for _, limit := range []int{0, 1, 5, 17, 40} {
			f.Add([]byte(s), limit)
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte, limit int) {
		full := AppendValue(nil, raw)
		if limit > 0 {
			limit %= len(full) + 8
		}
		got, orig := Truncate([]byte("prefix"), raw, limit)
		if !bytes.HasPrefix(got, []byte("prefix")) {
			t.Fatalf("dst overwritten: %q", got)
		}
		got = got[len("prefix"):]
		if orig != len(full) {
			t.Fatalf("original = %d, want %d", orig, len(full))
		}
		if !json.Valid(got) || !utf8.Valid(got) {
			t.Fatalf("Truncate(%q, %d) = %q: not valid UTF-8 JSON", raw, limit, got)
		}
		if limit <= 0 || len(full) <= limit {
			if !bytes.Equal(got, full) {
				t.Fatalf("Truncate(%q, %d) = %q, want it whole: %q", raw, limit, got, full)
			}
			return
		}
		if len(got) > max(limit, 2) {
			t.Fatalf("Truncate(%q, %d) = %d bytes: %q", raw, limit, len(got), got)
		}
		// Arrays and objects stay arrays and objects.
		if (full[0] == '[' || full[0] == '{') && got[0] != full[0] {
			t.Fatalf("Truncate(%q, %d) = %q changed the kind", raw, limit, got)
		}
	})
}
