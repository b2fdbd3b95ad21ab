package main

import "testing"

func TestByteSize(t *testing.T) {
	for in, want := range map[string]int64{"1": 1, "268435456": 256 << 20, "256MiB": 256 << 20, "256M": 256 << 20,
		"2 GiB": 2 << 30, "64kib": 64 << 10, "10KB": 10 << 10, "100B": 100} {
		var b byteSize
		if err := b.Set(in); err != nil || int64(b) != want {
			t.Errorf("Set(%q) = %d, %v; want %d", in, b, err, want)
		}
	}
	for _, in := range []string{"", "0", "-1", "3x", "MiB", "9999999999GiB"} {
		var b byteSize
		if err := b.Set(in); err == nil {
			t.Errorf("Set(%q) = %d, want an error", in, b)
		}
	}
	for in, want := range map[byteSize]string{256 << 20: "256MiB", 1 << 30: "1GiB", 1536: "1536", 2048: "2KiB", 0: "0"} {
		if got := in.String(); got != want {
			t.Errorf("String(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestListFlag(t *testing.T) {
	var l listFlag
	for _, v := range []string{"a.lan, b.lan", "c.lan", " "} {
		if err := l.Set(v); err != nil {
			t.Fatal(err)
		}
	}
	if got := l.String(); got != "a.lan,b.lan,c.lan" {
		t.Errorf("got %q", got)
	}
}
