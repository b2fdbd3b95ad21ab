package jsontext

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAppendString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", `""`},
		{"plain", "hello, world", `"hello, world"`},
		{"quote and backslash", `say "hi" \o/`, `"say \"hi\" \\o/"`},
		{"short escapes", "a\nb\rc\td\be\ff", `"a\nb\rc\td\be\ff"`},
		{"other controls", "\x00\x01\x1f", `"\u0000\u0001\u001f"`},
		{"DEL is legal", "\x7f", "\"\x7f\""},
		{"html is not escaped", "<a href='x'>&</a>", `"<a href='x'>&</a>"`},
		{"two-byte rune", "café", `"café"`},
		{"emoji", "hi 😀!", `"hi 😀!"`},
		{"line and paragraph separators", "a\u2028b\u2029c", `"a\u2028b\u2029c"`},
		{"invalid byte", "a\xffb", "\"a\uFFFDb\""},
		{"incomplete sequence", "€\xe2\x82", "\"€\uFFFD\uFFFD\""},
		{"encoded surrogate", "\xed\xa0\x80", "\"\uFFFD\uFFFD\uFFFD\""},
		{"overlong", "\xc0\xaf", "\"\uFFFD\uFFFD\""},
		{"above U+10FFFF", "\xf4\x90\x80\x80", "\"\uFFFD\uFFFD\uFFFD\uFFFD\""},
		{"escape after a long safe run", "0123456789abcdef\"", `"0123456789abcdef\""`},
		{"escape at the end of a word", "0123456\n", `"0123456\n"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(AppendString([]byte("x"), tt.in))
			if got != "x"+tt.want {
				t.Errorf("AppendString(%q) = %s, want %s", tt.in, got[1:], tt.want)
			}
			if n := StringLen(tt.in); n != len(tt.want) {
				t.Errorf("StringLen(%q) = %d, want %d", tt.in, n, len(tt.want))
			}
			checkString(t, tt.in, []byte(tt.want))
		})
	}
}

// checkString checks that enc is valid UTF-8 JSON that decodes to what
// encoding/json makes of s (it, too, replaces each invalid byte by U+FFFD).
func checkString(t *testing.T, s string, enc []byte) {
	t.Helper()
	if !utf8.Valid(enc) {
		t.Fatalf("%q: output %q is not valid UTF-8", s, enc)
	}
	var got string
	if err := json.Unmarshal(enc, &got); err != nil {
		t.Fatalf("%q: output %q is not a JSON string: %v", s, enc, err)
	}
	ref, _ := json.Marshal(s)
	var want string
	_ = json.Unmarshal(ref, &want)
	if got != want {
		t.Fatalf("%q: decodes to %q, want %q", s, got, want)
	}
}

func TestSafe8(t *testing.T) {
	for b := range 256 {
		for pos := range 8 {
			word := []byte("abcdefgh")
			word[pos] = byte(b)
			want := b < utf8.RuneSelf && safe[b]
			if got := safe8(load64(word, 0)); got != want {
				t.Fatalf("safe8 with byte %#x at %d = %v, want %v", b, pos, got, want)
			}
			// Unsafe bytes before and after: the first one is found.
			for _, other := range []byte{'"', 0x01, 0xff, '\\'} {
				w := []byte("abcdefgh")
				w[pos] = byte(b)
				w[7] = other
				if pos < 7 {
					want := 7
					if !safe[b&0x7f] || b >= utf8.RuneSelf {
						want = pos
					}
					if got := skipSafe(w, 0); got != want {
						t.Fatalf("skipSafe(%q) = %d, want %d", w, got, want)
					}
				}
			}
		}
	}
}

func TestAppendStringLimit(t *testing.T) {
	m := func(n int) string { return string(AppendMarker(nil, n)) }
	tests := []struct {
		name    string
		in      string
		max     int
		want    string
		wantCut bool
	}{
		{"fits", "hello", 7, `"hello"`, false},
		{"fits with escapes", "a\nb", 6, `"a\nb"`, false},
		{"cut with the note", "hello world, how are you?", 26, `"h` + m(24) + `"`, true},
		{"note only", "hello world, how are you?", CutFloor(25), `"` + m(25) + `"`, true},
		{"head only when the note does not fit", "hello world", 6, `"hell"`, true},
		{"a shorter count leaves room for more", strings.Repeat("x", 100), 50, `"` + strings.Repeat("x", 25) + m(75) + `"`, true},
		{"empty below 3", "hello", 2, `""`, true},
		{"raised to 2", "hello", 0, `""`, true},
		{"escape not split", "abc\ndef", 6, `"abc"`, true},
		{"\\u00XX not split", "ab\x01cd", 8, `"ab"`, true},
		{"rune not split", "aé€😀", 9, `"aé€"`, true},
		{"rune not split, one byte short", "aé€😀", 7, `"aé"`, true},
		{"U+2028 not split", "ab\u2028", 8, `"ab"`, true},
		{"invalid byte counts as U+FFFD", "a\xffbc", 6, "\"a\uFFFD\"", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cut := AppendStringLimit(nil, tt.in, tt.max)
			if string(got) != tt.want || cut != tt.wantCut {
				t.Errorf("AppendStringLimit(%q, %d) = %s, %v; want %s, %v", tt.in, tt.max, got, cut, tt.want, tt.wantCut)
			}
		})
	}
}

func TestAppendStringLimitEveryBudget(t *testing.T) {
	s := "Ünïcödé \"quoted\" text\twith\u2028separators, emoji 😀😀 and \x00 controls, invalid \xff bytes. " + strings.Repeat("ab", 20)
	full := AppendString(nil, s)
	for limit := 0; limit <= len(full)+2; limit++ {
		got, cut := AppendStringLimit(nil, s, limit)
		if len(got) > max(limit, 2) {
			t.Fatalf("limit %d: %d bytes: %s", limit, len(got), got)
		}
		if cut != (len(full) > max(limit, 2)) {
			t.Fatalf("limit %d: cut = %v with full length %d", limit, cut, len(full))
		}
		if !cut {
			if string(got) != string(full) {
				t.Fatalf("limit %d: %s, want %s", limit, got, full)
			}
			continue
		}
		var dec, whole string
		if err := json.Unmarshal(got, &dec); err != nil || !utf8.Valid(got) {
			t.Fatalf("limit %d: invalid output %q: %v", limit, got, err)
		}
		_ = json.Unmarshal(full, &whole)
		head, n, noted := splitNote(dec)
		if limit >= CutFloor(len(s)) && !noted {
			t.Fatalf("limit %d: %q lacks the note", limit, dec)
		}
		if noted {
			if want := viaEncodingJSON(s[:len(s)-n]); head != want {
				t.Fatalf("limit %d: %q notes %d bytes cut, but keeps %q", limit, dec, n, head)
			}
			dec = head
		}
		if !strings.HasPrefix(whole, dec) {
			t.Fatalf("limit %d: %q is not a head of %q", limit, dec, whole)
		}
		// The cut keeps as much as fits: one more rune would not.
		if rest := strings.TrimPrefix(whole, dec); rest != "" && !noted {
			_, size := utf8.DecodeRuneInString(rest)
			if len(got)+len(AppendString(nil, rest[:size]))-2 <= max(limit, 2) {
				t.Fatalf("limit %d: %s could hold %q more", limit, got, rest[:size])
			}
		}
	}
}

func TestDecodeRuneMatchesUTF8(t *testing.T) {
	inputs := []string{"a", "é", "€", "😀", "\xff", "\xc2", "\xe2\x82", "\xed\xa0\x80", "\xed\x9f\xbf",
		"\xf0\x8f\xbf\xbf", "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xc1\xbf", "\xe0\x9f\xbf", "\xe0\xa0\x80"}
	for _, s := range inputs {
		r, n := decodeRune(s, 0)
		wr, wn := utf8.DecodeRuneInString(s)
		if r != wr || n != wn {
			t.Errorf("decodeRune(%q) = %U, %d; want %U, %d", s, r, n, wr, wn)
		}
	}
}

// splitNote splits a decoded cut string into its head and the count of the
// truncation note that ends it; noted is false when there is none.
func splitNote(s string) (head string, n int, noted bool) {
	i := strings.LastIndex(s, TruncationMarker)
	if i < 0 || !strings.HasSuffix(s, markerTail) {
		return s, 0, false
	}
	n, err := strconv.Atoi(s[i+len(TruncationMarker) : len(s)-len(markerTail)])
	if err != nil || n <= 0 {
		return s, 0, false
	}
	return s[:i], n, true
}

// viaEncodingJSON is what encoding/json makes of s: each invalid byte
// becomes U+FFFD.
func viaEncodingJSON(s string) string {
	b, _ := json.Marshal(s)
	var out string
	_ = json.Unmarshal(b, &out)
	return out
}

func TestAppendStringHead(t *testing.T) {
	m := func(n int) string { return string(AppendMarker(nil, n)) }
	tests := []struct {
		name, in string
		maxLen   int
		want     string
		cut      bool
	}{
		{"no bound", "hello", 0, `"hello"`, false},
		{"fits", "hello", 5, `"hello"`, false},
		{"cut", "hello world", 5, `"hello` + m(6) + `"`, true},
		{"rune kept whole", "aé€", 5, `"aé` + m(3) + `"`, true},
		{"escapes do not count", "a\nb\nc", 4, `"a\nb\n` + m(1) + `"`, true},
		// A run of continuation bytes is no rune: the cut steps back at
		// most UTFMax-1 bytes looking for a rune start.
		{"invalid UTF-8", "0000\xbb\xbb\xbb\xbb\xbb", 7, "\"0000\uFFFD\uFFFD\uFFFD" + m(2) + "\"", true},
		{"only continuation bytes", strings.Repeat("\x80", 100), 10, `"` + strings.Repeat("\uFFFD", 10) + m(90) + `"`, true},
	}
	for _, tt := range tests {
		got, cut := AppendStringHead([]byte("x"), tt.in, tt.maxLen)
		if string(got[1:]) != tt.want || cut != tt.cut {
			t.Errorf("%s: AppendStringHead(%q, %d) = %s, %v; want %s, %v", tt.name, tt.in, tt.maxLen, got[1:], cut, tt.want, tt.cut)
		}
		body, bcut := AppendBodyHead(nil, tt.in, tt.maxLen)
		if string(body) != tt.want[1:len(tt.want)-1] || bcut != tt.cut {
			t.Errorf("%s: AppendBodyHead = %s, %v", tt.name, body, bcut)
		}
	}
}

func TestAppendBody(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		invalid  bool
	}{
		{"key", "key", false},
		{"k\"\b\f\u2028", `k\"\b\f\u2028`, false},
		{"k\xff", "k\uFFFD", true},
	} {
		got, invalid := AppendBody(nil, tt.in)
		if string(got) != tt.want || invalid != tt.invalid {
			t.Errorf("AppendBody(%q) = %s, %v; want %s, %v", tt.in, got, invalid, tt.want, tt.invalid)
		}
	}
}

func TestMarkerLen(t *testing.T) {
	for _, n := range []int{0, 1, 9, 10, 99, 100, 12345, math.MaxInt} {
		if got, want := MarkerLen(n), len(AppendMarker(nil, n)); got != want {
			t.Errorf("MarkerLen(%d) = %d, want %d", n, got, want)
		}
	}
	if got := string(AppendMarker(nil, 1234)); got != "…[truncated 1234 bytes]" {
		t.Errorf("AppendMarker(1234) = %q", got)
	}
	if CutFloor(1) != MinCutLen {
		t.Errorf("CutFloor(1) = %d, MinCutLen = %d", CutFloor(1), MinCutLen)
	}
}

func TestCutText(t *testing.T) {
	m := func(n int) string { return string(AppendMarker(nil, n)) }
	long := strings.Repeat("é", 30) // 60 bytes
	for _, tt := range []struct {
		in     string
		maxLen int
		want   string
	}{
		{"short", 0, "short"},
		{"short", 5, "short"},
		{long, 40, strings.Repeat("é", 8) + m(44)},
		{long, 10, "ééééé"}, // no room for the note
	} {
		got := CutText(tt.in, tt.maxLen)
		if got != tt.want || tt.maxLen > 0 && len(got) > tt.maxLen || !utf8.ValidString(got) {
			t.Errorf("CutText(%q, %d) = %q, want %q", tt.in, tt.maxLen, got, tt.want)
		}
	}
}
