package redact

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// corpusCase is one labelled line of testdata/corpus.
type corpusCase struct {
	file string
	line int
	text string  // the text given to the scanner
	want []match // the expected matches; none for a negative
}

// loadCorpus reads every *.case file of testdata/corpus (format in
// testdata/corpus/README.txt).
func loadCorpus(t testing.TB) []corpusCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.case"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files: %v", err)
	}
	var cases []corpusCase
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var kind Kind
		for n, line := range strings.Split(string(data), "\n") {
			if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if k, ok := strings.CutPrefix(line, "kind: "); ok && kind == "" {
				kind = Kind(strings.TrimSpace(k))
				continue
			}
			if kind == "" {
				t.Fatalf("%s:%d: case before the kind: line", f, n+1)
			}
			c, err := parseCase(line, kind)
			if err != nil {
				t.Fatalf("%s:%d: %v", f, n+1, err)
			}
			c.file, c.line = filepath.Base(f), n+1
			if kind != "none" && len(c.want) == 0 {
				t.Fatalf("%s:%d: positive case without a «marked» span", f, n+1)
			}
			cases = append(cases, c)
		}
	}
	return cases
}

// parseCase turns a corpus line into its text and expected matches.
func parseCase(line string, kind Kind) (corpusCase, error) {
	line = strings.ReplaceAll(line, "⏎", "\n")
	var b strings.Builder
	var c corpusCase
	open := -1
	for _, r := range line {
		switch r {
		case '«':
			if open >= 0 {
				return c, fmt.Errorf("nested «")
			}
			open = b.Len()
		case '»':
			if open < 0 {
				return c, fmt.Errorf("» without «")
			}
			c.want = append(c.want, match{start: open, end: b.Len(), kind: kind})
			open = -1
		default:
			b.WriteRune(r)
		}
	}
	if open >= 0 {
		return c, fmt.Errorf("« not closed")
	}
	if kind == "none" && len(c.want) > 0 {
		return c, fmt.Errorf("marked span in a negative case")
	}
	c.text = b.String()
	return c, nil
}

func TestCorpus(t *testing.T) {
	s, err := newScanner(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := loadCorpus(t)
	counts := map[string]int{}
	for _, c := range cases {
		counts[c.file]++
		got := s.find(c.text, nil)
		if !equalMatches(got, c.want) {
			t.Errorf("%s:%d: %q\n got: %s\nwant: %s", c.file, c.line, c.text, showMatches(c.text, got), showMatches(c.text, c.want))
		}
	}
	for file, min := range map[string]int{
		"email.case": 10, "phone.case": 10, "card.case": 10, "ssn.case": 10,
		"ipv4.case": 10, "ipv6.case": 10, "iban.case": 10, "secrets.case": 10,
		"negatives.case": 60,
	} {
		if counts[file] < min {
			t.Errorf("%s has %d cases, want at least %d", file, counts[file], min)
		}
	}
}

// TestCorpusEachDetectorAlone checks that every positive is found by its
// own detector with the others off, and that no detector alone finds
// anything in the negatives. (Alone, a detector may find more in other
// detectors' positives: without the secrets detector, the password and
// host of a URL read as an email address.)
func TestCorpusEachDetectorAlone(t *testing.T) {
	kindOf := map[Detector]Kind{
		DetectEmail: KindEmail, DetectPhone: KindPhone, DetectCard: KindCard,
		DetectSSN: KindSSN, DetectIPv4: KindIPv4, DetectIPv6: KindIPv6,
		DetectIBAN: KindIBAN, DetectSecrets: KindSecret,
	}
	cases := loadCorpus(t)
	for _, d := range AllDetectors() {
		s, err := newScanner([]Detector{d}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			got := s.find(c.text, nil)
			if len(c.want) == 0 {
				if len(got) > 0 {
					t.Errorf("%s alone, %s:%d: negative %q: got %s", d, c.file, c.line, c.text, showMatches(c.text, got))
				}
				continue
			}
			for _, w := range c.want {
				if w.kind == kindOf[d] && !slices.Contains(got, w) {
					t.Errorf("%s alone, %s:%d: %q\n got: %s\nmissing: %s", d, c.file, c.line, c.text, showMatches(c.text, got), showMatches(c.text, []match{w}))
				}
			}
		}
	}
}

func equalMatches(a, b []match) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func showMatches(s string, ms []match) string {
	var parts []string
	for _, m := range ms {
		parts = append(parts, fmt.Sprintf("%s[%d:%d]%q", m.kind, m.start, m.end, s[m.start:m.end]))
	}
	if parts == nil {
		return "none"
	}
	return strings.Join(parts, " ")
}
