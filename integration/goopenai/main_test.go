package goopenai_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that no test leaves a goroutine behind: a stream ended
// early, cut or cancelled must not leave one.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
