package envvalue

import (
	"testing"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"0": 0, "65536": 65536, "64KiB": 64 << 10, "64 kib": 64 << 10, " 4MiB ": 4 << 20, "1GiB": 1 << 30, "-1": -1,
	} {
		got, ok := ParseSize(in)
		if !ok || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "KiB", "1.5MiB", "64KB", "8589934592GiB", "ten"} {
		if got, ok := ParseSize(in); ok {
			t.Errorf("ParseSize(%q) = %d, accepted", in, got)
		}
	}
}
