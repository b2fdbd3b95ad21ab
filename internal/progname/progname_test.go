package progname

import (
	"os"
	"testing"
)

func TestFromPath(t *testing.T) {
	for path, want := range map[string]string{
		"/usr/local/bin/checkout":          "checkout",
		"./checkout":                       "checkout",
		`C:\apps\checkout.exe`:             "checkout",
		"/tmp/go-build123/b001/exe/main":   "main",
		"/tmp/go-build1/b001/support.test": "support",
		"checkout.test.exe":                "checkout",
		"":                                 Fallback,
		"/":                                Fallback,
	} {
		if got := FromPath(path); got != want {
			t.Errorf("FromPath(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestName(t *testing.T) {
	if got := Name(); got != "progname" {
		t.Errorf("Name() in the test binary progname.test = %q, want progname", got)
	}
	args := os.Args
	defer func() { os.Args = args }()
	os.Args = nil
	if got := Name(); got != Fallback {
		t.Errorf("Name() without os.Args = %q, want %q", got, Fallback)
	}
}
