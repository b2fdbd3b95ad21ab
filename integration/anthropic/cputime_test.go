package noveumanthropic_test

import (
	"testing"

	"github.com/Noveum/noveum-trace-go/internal/benchpair"
)

// pair runs base and traced in turn, order alternating (benchpair.Run).
func pair(b *testing.B, per float64, base, traced, after func()) {
	benchpair.Run(b, per, base, traced, after)
}
