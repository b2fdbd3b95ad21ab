package bench

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if an exporter, sink or connection outlives it.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
