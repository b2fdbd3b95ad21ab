package main

import (
	"bytes"
	"context"
	"log"
	"net/netip"
	"os"
	"strings"
	"testing"
)

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

// run reports what it finds wrong but can still serve: a data directory
// open to other users, a listener that is not on a loopback address.
func TestRunWarns(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	log.SetOutput(&logs)
	defer log.SetOutput(os.Stderr)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // serve nothing: start, report, stop
	if err := run(ctx, "0.0.0.0:0", dir); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"warning: data directory " + dir + " has mode 0755", "chmod 700",
		"not a loopback address", "viewer at http://"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %q:\n%s", want, logs.String())
		}
	}
	logs.Reset()
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, "127.0.0.1:0", dir); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logs.String(), "warning") {
		t.Errorf("warnings for a private directory on loopback:\n%s", logs.String())
	}
}

func TestDefaultAddressIsLoopback(t *testing.T) {
	ap, err := netip.ParseAddrPort(defaultAddr)
	if err != nil || !ap.Addr().IsLoopback() {
		t.Errorf("default address %q is not a loopback address", defaultAddr)
	}
}
