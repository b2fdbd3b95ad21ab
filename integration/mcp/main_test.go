package noveummcp_test

import (
	"testing"

	"go.uber.org/goleak"
)

// No test leaves a goroutine behind: sessions, servers and providers are
// closed at cleanup.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
