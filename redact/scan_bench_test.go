package redact

import (
	"regexp"
	"strings"
	"testing"
)

// promptText is about 1 KB of a realistic prompt without personal data:
// prose, numbers, a model name, a version, a price, a date, some code.
const promptText = `You are a helpful assistant for Acme Analytics. Answer the user's question using only the context below. ` +
	`If the answer is not in the context, say "I don't know". Keep answers under 200 words and use bullet points where it helps.

Context:
The Q3 2024 report (published 2024-10-15) shows revenue of $4.2M, up 12.5% on Q2. The churn rate fell from 3.1% to 2.4% ` +
	`after the onboarding flow was rebuilt in version 2.10.0 of the web app. Median time-to-value is now 6 days, down from 11. ` +
	`Enterprise plans start at $1,299.99 per month; the Starter plan costs 49 EUR. Support tickets dropped by 18% (from 1,240 to 1,017).

Engineering notes: the ingestion service moved to Go 1.26 and now handles 35,000 events per second on 4 vCPUs. ` +
	`The retry policy uses exponential backoff with a 30s cap. Example: for i := 0; i < len(batch); i++ { send(batch[i]) }

Question: Which changes most likely explain the drop in churn, and what should we measure next quarter to confirm it?`

// completionText is about 400 bytes of a realistic completion.
const completionText = `The drop in churn most likely comes from the rebuilt onboarding flow (v2.10.0): churn fell from 3.1% to 2.4% ` +
	`right after it shipped, and time-to-value fell from 11 to 6 days. To confirm it next quarter, measure:
- churn by signup cohort, before and after the release;
- activation within 7 days;
- support tickets per new account.`

// piiText is text with some personal data and secrets in it.
const piiText = `Hi, I'm Jane (jane.doe+work@example.com, +44 20 7946 0958). My card 4111 1111 1111 1111 was charged twice on 2024-10-02; ` +
	`the refund should go to GB82 WEST 1234 5698 7654 32. Our server 203.0.113.42 logged the request with ` +
	`Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJlMTIz and my SSN 123-45-6789 by mistake. ` +
	`The key AKIAIOSFODNN7EXAMPLE must be rotated. Call me back at (415) 555-2671 or 415.555.2672 after 5pm. ` +
	`The rest of this message is ordinary text about the order ORD-2024-000123 placed with model gpt-4o-2024-08-06, ` +
	`which used 1,234 tokens and cost $0.0123. Thanks for your help, and have a nice day!`

// spanStrings are the string attributes of a realistic LLM span: 12
// attributes, a 1 KB prompt and a 400 B completion, no personal data.
var spanStrings = []string{
	promptText,
	completionText,
	"chat",
	"openai",
	"gpt-4o-2024-08-06",
	"gpt-4o-2024-08-06",
	"chatcmpl-9zXyQ1aBcDeFgHiJkLmNoPqRsTuV",
	"stop",
	"https://api.openai.com/v1/chat/completions",
	"support-bot",
	"3f2a9c1e-6b7d-4e8f-9a0b-1c2d3e4f5a6b",
	"production",
}

func tenKB() string {
	var b strings.Builder
	for b.Len() < 10<<10 {
		b.WriteString(promptText)
		b.WriteString("\n\n")
		b.WriteString(completionText)
		b.WriteString("\n\n")
	}
	return b.String()[:10<<10]
}

// naiveFinder is what a user would write instead of the scanner, to
// compare with it: the same detectors as Go regexp patterns, each applied to every string with
// FindAllStringIndex, then the same validators, then overlaps resolved.
type naiveFinder struct {
	rules []naiveRule
}

type naiveRule struct {
	kind  Kind
	re    *regexp.Regexp
	valid func(string) bool
	group int // submatch to report (0: the whole match)
}

func newNaiveFinder() *naiveFinder {
	ok := func(string) bool { return true }
	digits := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s)
	}
	return &naiveFinder{rules: []naiveRule{
		{KindEmail, regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`), ok, 0},
		{KindPhone, regexp.MustCompile(`\+\d[\d ().-]{6,20}\d|(?:\b1[ .-])?(?:\(\d{3}\) ?|\b\d{3}[ .-])\d{3}[ .-]\d{4}\b`), func(s string) bool {
			n := len(digits(s))
			return n >= 8 && n <= 15
		}, 0},
		{KindCard, regexp.MustCompile(`\b\d(?:[ -]?\d){12,18}\b`), func(s string) bool { return luhn(s) && cardIssuer(s) }, 0},
		{KindSSN, regexp.MustCompile(`\b\d{3}([- ])\d{2}[- ]\d{4}\b`), func(s string) bool {
			return !strings.HasPrefix(s, "000") && !strings.HasPrefix(s, "666") && s[0] != '9' && s[4:6] != "00" && s[7:] != "0000"
		}, 0},
		{KindIPv4, regexp.MustCompile(`\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b`), ok, 0},
		{KindIPv6, regexp.MustCompile(`(?i)(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,7}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?|::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})`), ok, 0},
		{KindIBAN, regexp.MustCompile(`\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b`), ibanChecksum, 0},
		{KindSecret, regexp.MustCompile(`\bsk-[A-Za-z0-9_-]{20,}|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{22,}|\bxox[baprs]-[A-Za-z0-9-]{10,}|\bAIza[0-9A-Za-z_-]{35}|\beyJ[A-Za-z0-9_-]{7,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}|-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----`), ok, 0},
		{KindSecret, regexp.MustCompile(`Bearer +([A-Za-z0-9._~+/=-]{8,})`), ok, 1},
		{KindSecret, regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:([^/\s@]+)@`), ok, 1},
	}}
}

func (f *naiveFinder) find(s string, dst []match) []match {
	base := len(dst)
	for _, r := range f.rules {
		for _, loc := range r.re.FindAllStringSubmatchIndex(s, -1) {
			st, en := loc[2*r.group], loc[2*r.group+1]
			if st < 0 || !r.valid(s[st:en]) {
				continue
			}
			dst = append(dst, match{start: st, end: en, kind: r.kind})
		}
	}
	return sortMerge(dst, base) // as the scanner does
}

// TestNaiveFinderAgrees keeps the baseline honest: on the benchmark
// inputs it finds what the scanner finds, so the comparison is of equal
// work.
func TestNaiveFinderAgrees(t *testing.T) {
	s, nf := mustScanner(t, nil), newNaiveFinder()
	for _, in := range append([]string{piiText}, spanStrings...) {
		got, want := nf.find(in, nil), s.find(in, nil)
		if !equalMatches(got, want) {
			t.Errorf("%.40q:\nnaive: %s\n scan: %s", in, showMatches(in, got), showMatches(in, want))
		}
	}
}

func benchFind(b *testing.B, f finder, inputs ...string) {
	n := 0
	for _, in := range inputs {
		n += len(in)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	dst := make([]match, 0, 64)
	for b.Loop() {
		for _, in := range inputs {
			dst = f.find(in, dst[:0])
		}
	}
}

func BenchmarkFind(b *testing.B) {
	s, err := newScanner(nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	nf := newNaiveFinder()
	ten := tenKB()
	for _, impl := range []struct {
		name string
		f    finder
	}{{"scanner", s}, {"naive-regexp", nf}} {
		b.Run(impl.name+"/1KB-clean", func(b *testing.B) { benchFind(b, impl.f, promptText) })
		b.Run(impl.name+"/10KB-clean", func(b *testing.B) { benchFind(b, impl.f, ten) })
		b.Run(impl.name+"/pii", func(b *testing.B) { benchFind(b, impl.f, piiText) })
		b.Run(impl.name+"/llm-span", func(b *testing.B) { benchFind(b, impl.f, spanStrings...) })
	}
}
