package localserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// numbered returns n distinct traces made from the valid batch's trace,
// trace i with id ...-00000000000i and name "t<i>", starting at first.
func numbered(t *testing.T, first, n int) []noveumtest.Trace {
	t.Helper()
	var b noveumtest.Batch
	dec := json.NewDecoder(bytes.NewReader(validBatch(t)))
	dec.UseNumber()
	if err := dec.Decode(&b); err != nil {
		t.Fatal(err)
	}
	out := make([]noveumtest.Trace, 0, n)
	for i := first; i < first+n; i++ {
		var tr noveumtest.Trace
		raw, _ := json.Marshal(b.Traces[0])
		if err := json.Unmarshal(raw, &tr); err != nil {
			t.Fatal(err)
		}
		tr.TraceID = fmt.Sprintf("4bf92f35-77b3-4da6-a3ce-%012d", i)
		tr.Name = fmt.Sprintf("t%d", i)
		for j := range tr.Spans {
			tr.Spans[j].TraceID = tr.TraceID
		}
		out = append(out, tr)
	}
	return out
}

func addAll(t *testing.T, s *Server, traces []noveumtest.Trace) {
	t.Helper()
	for _, tr := range traces {
		if _, err := s.store.add([]noveumtest.Trace{tr}); err != nil {
			t.Fatal(err)
		}
	}
}

// storedNames returns the names of the traces in memory, oldest first.
func storedNames(s *Server) string {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	var n []string
	for _, e := range s.store.entries {
		n = append(n, e.trace.Name)
	}
	return strings.Join(n, ",")
}

func fileLines(t *testing.T, dir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, tracesFile))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(b, []byte("\n"))
}

// The server keeps the newest traces up to a count and a size, evicting the
// oldest, and the file does not grow without bound either: it is compacted
// once it holds as much evicted data as live, so that a restart reloads
// what the server held.
func TestLimitTraces(t *testing.T) {
	dir := t.TempDir()
	s, err := New(dir, WithMaxTraces(3))
	if err != nil {
		t.Fatal(err)
	}
	addAll(t, s, numbered(t, 1, 20))
	if got := storedNames(s); got != "t18,t19,t20" {
		t.Errorf("held %s, want the newest three", got)
	}
	if _, ok := s.store.get(numbered(t, 1, 1)[0].TraceID); ok {
		t.Error("an evicted trace is still served")
	}
	if n := fileLines(t, dir); n > 6 {
		t.Errorf("the file holds %d lines for 3 traces: not compacted", n)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := New(dir, WithMaxTraces(3))
	if err != nil {
		t.Fatal(err)
	}
	if got := storedNames(s2); got != "t18,t19,t20" {
		t.Errorf("after restart held %s, want t18,t19,t20", got)
	}
	if err := s2.Close(); err != nil {
		t.Fatal(err)
	}
	// A lower limit at start evicts and compacts at once.
	s3, err := New(dir, WithMaxTraces(1))
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close()
	if got := storedNames(s3); got != "t20" {
		t.Errorf("with a limit of 1 held %s, want t20", got)
	}
	if n := fileLines(t, dir); n != 1 {
		t.Errorf("the file holds %d lines after a start with a limit of 1, want 1", n)
	}
}

func TestLimitBytes(t *testing.T) {
	dir := t.TempDir()
	one, _ := json.Marshal(numbered(t, 1, 1)[0])
	size := int64(len(one) + 1)
	s, err := New(dir, WithMaxBytes(size*5/2)) // room for two
	if err != nil {
		t.Fatal(err)
	}
	addAll(t, s, numbered(t, 1, 10))
	if got := storedNames(s); got != "t9,t10" {
		t.Errorf("held %s, want the newest two", got)
	}
	if st, err := os.Stat(filepath.Join(dir, tracesFile)); err != nil || st.Size() > 5*size {
		t.Errorf("the file is %d bytes (%v) for two traces of %d: not compacted", st.Size(), err, size)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// A trace larger than the limit is still kept: the newest always is.
	s2, err := New(dir, WithMaxBytes(10))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got := storedNames(s2); got != "t10" {
		t.Errorf("with a limit below one trace held %s, want t10", got)
	}
	addAll(t, s2, numbered(t, 11, 1))
	if got := storedNames(s2); got != "t11" {
		t.Errorf("held %s, want t11", got)
	}
}

func TestLimitOptions(t *testing.T) {
	for _, o := range []Option{WithMaxTraces(0), WithMaxTraces(-1), WithMaxBytes(0)} {
		if _, err := New(t.TempDir(), o); err == nil || !strings.Contains(err.Error(), "positive") {
			t.Errorf("a bad limit: %v, want an error saying it must be positive", err)
		}
	}
	s, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.store.maxTraces != DefaultMaxTraces || s.store.maxBytes != DefaultMaxBytes {
		t.Errorf("defaults %d traces %d bytes", s.store.maxTraces, s.store.maxBytes)
	}
}

// The prompts are personal data: the file is readable by its owner only, in
// a directory only its owner can enter.
func TestFilePermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX permissions")
	}
	dir := filepath.Join(t.TempDir(), "a", "data")
	s, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	addAll(t, s, numbered(t, 1, 1))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	mode := func(p string) fs.FileMode {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return st.Mode().Perm()
	}
	if m := mode(dir); m != 0o700 {
		t.Errorf("data directory %v, want 0700", m)
	}
	if m := mode(filepath.Join(dir, tracesFile)); m != 0o600 {
		t.Errorf("traces file %v, want 0600", m)
	}
	if len(s.Warnings()) != 0 {
		t.Errorf("warnings for a fresh directory: %v", s.Warnings())
	}

	// An existing file readable by others is tightened (it is ours); an
	// existing directory open to others is left alone (it may be the user's
	// project directory) and reported.
	open := t.TempDir()
	if err := os.Chmod(open, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(open, tracesFile), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(open, tracesFile), 0o644); err != nil {
		t.Fatal(err)
	}
	s2, err := New(open)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if m := mode(filepath.Join(open, tracesFile)); m != 0o600 {
		t.Errorf("existing traces file %v, want tightened to 0600", m)
	}
	if m := mode(open); m != 0o755 {
		t.Errorf("existing directory changed to %v", m)
	}
	w := strings.Join(s2.Warnings(), "\n")
	if !strings.Contains(w, open) || !strings.Contains(w, "chmod 700") {
		t.Errorf("no warning naming the open directory and the fix: %q", w)
	}
	hs := httptest.NewServer(s2)
	defer hs.Close()
	if page := string(get(t, hs.URL+"/", http.StatusOK)); !strings.Contains(page, `<p class="notice">data directory `+open) {
		t.Error("the list page does not show the warning")
	}

	// A traces file that is a symbolic link (planted in a shared directory)
	// is refused rather than followed.
	linked := t.TempDir()
	if err := os.Symlink(filepath.Join(t.TempDir(), "elsewhere"), filepath.Join(linked, tracesFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := New(linked); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a symlinked traces file: %v, want refused", err)
	}
}

// openFiles counts this process's open file descriptors, or skips.
func openFiles(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	return len(ents)
}

// Compaction replaces the file: the old descriptor is closed, and nothing
// stays open after Close, nor after a New that failed.
func TestNoFileDescriptorLeak(t *testing.T) {
	dir := t.TempDir()
	before := openFiles(t)
	s, err := New(dir, WithMaxTraces(2))
	if err != nil {
		t.Fatal(err)
	}
	addAll(t, s, numbered(t, 1, 30)) // compacts several times
	if n := openFiles(t); n != before+1 {
		t.Errorf("%d descriptors open while serving, want %d (the traces file)", n, before+1)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(notDir); err == nil {
		t.Error("New on a file: no error")
	}
	if _, err := New(dir, WithMaxTraces(-1)); err == nil {
		t.Error("New with a bad option: no error")
	}
	if n := openFiles(t); n != before {
		t.Errorf("%d descriptors open after Close, want %d", n, before)
	}
}

// Eviction and compaction under concurrent writers and readers (run with
// -race): the limit holds and every held trace can be read.
func TestLimitsConcurrentSafe(t *testing.T) {
	dir := t.TempDir()
	s, err := New(dir, WithMaxTraces(5))
	if err != nil {
		t.Fatal(err)
	}
	traces := numbered(t, 1, 40)
	done := make(chan struct{})
	for w := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := w; i < len(traces); i += 4 {
				if _, err := s.store.add(traces[i : i+1]); err != nil {
					t.Error(err)
				}
				for _, sum := range s.store.list(filter{}) {
					s.store.get(sum.TraceID)
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
	if n := s.store.count(); n != 5 {
		t.Errorf("%d traces held, want 5", n)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := New(dir, WithMaxTraces(5))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if n := s2.store.count(); n != 5 || s2.SkippedLines() != 0 {
		t.Errorf("reloaded %d traces, %d corrupt lines; want 5, 0", n, s2.SkippedLines())
	}
}
