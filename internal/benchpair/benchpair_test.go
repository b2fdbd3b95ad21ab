package benchpair

import (
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	for _, tt := range []struct {
		in   []time.Duration
		want time.Duration
	}{{nil, 0}, {[]time.Duration{3}, 3}, {[]time.Duration{5, 1, 3}, 3}, {[]time.Duration{4, 1, 3, 2}, 2}} {
		if got := Median(tt.in); got != tt.want {
			t.Errorf("Median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestRunAttributesTimeToEachSide(t *testing.T) {
	// The traced side sleeps longer: whichever runs first, its time must
	// land on its own side, so the ratio is well above 1.
	res := testing.Benchmark(func(b *testing.B) {
		Run(b, 1, func() { time.Sleep(time.Millisecond) }, func() { time.Sleep(3 * time.Millisecond) }, nil)
	})
	if r := res.Extra["wall-ratio-p50"]; r < 2 {
		t.Errorf("wall-ratio-p50 = %.2f, want about 3", r)
	}
	if r := res.Extra["wall-ratio"]; r < 2 {
		t.Errorf("wall-ratio = %.2f, want about 3", r)
	}
}
