package noveumtest

import (
	"bytes"
	"compress/gzip"
	"testing"
)

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A gzip bomb stops at the limit: its decoded content is never held.
func TestGunzip(t *testing.T) {
	body, tooLarge, err := gunzip(gz(t, []byte("hello")), 5)
	if err != nil || tooLarge || string(body) != "hello" {
		t.Errorf("gunzip = %q, %v, %v", body, tooLarge, err)
	}
	bomb := gz(t, make([]byte, 1<<20))
	body, tooLarge, err = gunzip(bomb, 1024)
	if err != nil || !tooLarge || body != nil {
		t.Errorf("a 1 MiB body under a 1 KiB limit: %d bytes, %v, %v", len(body), tooLarge, err)
	}
	if _, _, err := gunzip([]byte("not gzip"), 10); err == nil {
		t.Error("not gzip: no error")
	}
}
