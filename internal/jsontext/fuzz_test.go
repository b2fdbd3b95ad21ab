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
		if limit >= MinCutLen {
			if !strings.HasSuffix(head, TruncationMarker) {
				t.Fatalf("%s lacks the marker", got)
			}
			head = strings.TrimSuffix(head, TruncationMarker)
		}
		if !strings.HasPrefix(whole, head) {
			t.Fatalf("%q is not a head of %q", head, whole)
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
