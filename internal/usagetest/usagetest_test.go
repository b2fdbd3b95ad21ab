package usagetest

import (
	"fmt"
	"testing"

	"github.com/Noveum/noveum-trace-go/llm"
)

// recorder is a testing.TB that keeps what Errorf reports.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestCheck(t *testing.T) {
	u := llm.Usage{InputTokens: llm.Tokens(10), OutputTokens: llm.Tokens(0)}
	r := &recorder{TB: t}
	Check(r, Want{In: 10, Out: 0, CacheRead: -1, CacheWrite: -1, Reasoning: -1}, u)
	if len(r.errs) != 0 {
		t.Errorf("matching usage reported %q", r.errs)
	}
	r = &recorder{TB: t}
	Check(r, Want{In: 11, Out: -1, CacheRead: 5, CacheWrite: -1, Reasoning: -1}, u)
	if len(r.errs) != 3 { // In differs, Out reported, CacheRead not reported
		t.Errorf("got %d reports %q, want 3", len(r.errs), r.errs)
	}
}
