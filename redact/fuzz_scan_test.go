package redact

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFind checks that find never panics and that its matches are sorted,
// not overlapping, not empty, within bounds and (for valid UTF-8) on rune
// boundaries, with and without a user rule, and that a non-empty dst is
// kept as is.
func FuzzFind(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*.case"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.NewReplacer("«", "", "»", "", "⏎", "\n").Replace(line)
			f.Add(line)
		}
	}
	for _, s := range []string{"", "::", "+", "@", "-----BEGIN PRIVATE KEY-----", "Bearer ", "eyJ", "sk-", "ghp_", "1-", "(", "\\n4", "é4111111111111111",
		"%40", "a%4", "x%40y.z", "%20eyJ", "password=", "password:", `"pin":`, "Basic ", "basic+", "0", "01 2", "josé@", "@例"} {
		f.Add(s)
	}
	plain, err := newScanner(nil, nil)
	if err != nil {
		f.Fatal(err)
	}
	ruled, err := newScanner(nil, []Rule{{Label: "R", Pattern: regexp.MustCompile(`[0-9]{3,}|é+`)}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sc := range []*scanner{plain, ruled} {
			pre := []match{{start: -1, end: -1, kind: "PRE"}}
			got := sc.find(s, pre)
			if got[0] != pre[0] {
				t.Fatalf("dst[0] changed: %v", got[0])
			}
			end := 0
			for _, m := range got[1:] {
				if m.start < end || m.end <= m.start || m.end > len(s) || m.kind == "" {
					t.Fatalf("%q: bad match %v after end %d in %v", s, m, end, got[1:])
				}
				if utf8.ValidString(s) && (!utf8.RuneStart(s[m.start]) || (m.end < len(s) && !utf8.RuneStart(s[m.end]))) {
					t.Fatalf("%q: match %v not on rune boundaries", s, m)
				}
				end = m.end
			}
		}
	})
}
