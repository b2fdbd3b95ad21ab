package localserver

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/Noveum/noveum-trace-go/noveumtest"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// tracesFile is the name of the JSONL file, one trace a line, in the data
// directory.
const tracesFile = "traces.jsonl"

// store keeps the newest accepted traces in memory, up to maxTraces and
// maxBytes (whichever is reached first; the oldest go), and appends each one
// to the JSONL file, so they survive a restart. The file is compacted to the
// traces held once it carries as many bytes of evicted or corrupt lines as
// live ones, so it stays below about twice the limit. Its methods may be
// called concurrently.
type store struct {
	mu        sync.RWMutex
	dir       string
	file      *os.File
	fileBytes int64 // the file's size
	byID      map[string]*entry
	entries   []*entry // in arrival order
	bytes     int64    // the held traces' size in the file
	skipped   int      // corrupt lines skipped at load
	maxTraces int
	maxBytes  int64
	warnings  []string
}

// entry is one stored trace with the summary the list shows.
type entry struct {
	trace   noveumtest.Trace
	summary traceSummary
	size    int64 // its line's length in the file, newline included
}

// traceSummary is one row of the trace list, in the JSON API and the page.
type traceSummary struct {
	TraceID        string    `json:"trace_id"`
	Name           string    `json:"name"`
	StartTime      time.Time `json:"start_time"`
	DurationMS     float64   `json:"duration_ms"`
	Status         string    `json:"status"`
	SpanCount      int       `json:"span_count"`
	ErrorCount     int       `json:"error_count"`
	TotalTokens    int64     `json:"total_tokens"`
	TotalCost      float64   `json:"total_cost"`
	UserID         string    `json:"user_id,omitempty"`
	ConversationID string    `json:"conversation_id,omitempty"`
	Project        string    `json:"project,omitempty"`
	Models         []string  `json:"models,omitempty"` // the llm.model values of its spans, sorted

	// HasTokens and HasCost tell a total of 0 from no usage or price
	// reported at all, which the pages leave blank.
	HasTokens bool `json:"-"`
	HasCost   bool `json:"-"`
}

// openStore opens (creating it when needed) the data directory and loads the
// traces it holds. A line that is not a trace is skipped and counted.
//
// The traces hold prompts, which are personal data: a directory it creates
// is 0700 and the file 0600. An existing file readable by others is
// tightened to 0600 (it is the server's own); an existing directory open to
// others is left as it is, since it may be the user's, and reported in
// warnings. A traces file that is not a regular file (a symbolic link
// planted in a shared directory) is refused.
func openStore(dir string, maxTraces int, maxBytes int64) (*store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("noveum-local: data directory: %w", err)
	}
	s := &store{dir: dir, byID: make(map[string]*entry), maxTraces: maxTraces, maxBytes: maxBytes}
	if st, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("noveum-local: data directory: %w", err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("noveum-local: data directory %s is not a directory", dir)
	} else if perm := st.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		s.warnings = append(s.warnings, fmt.Sprintf("data directory %s has mode %04o: other users may list it and replace %s "+
			"(the file itself is 0600); run chmod 700 %s, or choose another directory with -data", dir, perm, tracesFile, dir))
	}
	path := filepath.Join(dir, tracesFile)
	if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("noveum-local: %s is not a regular file (%v): refusing to write traces through it; remove it", path, st.Mode().Type())
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("noveum-local: open traces file: %w", err)
	}
	s.file = f
	if st, err := f.Stat(); err == nil && st.Mode().Perm()&0o077 != 0 && runtime.GOOS != "windows" {
		if err := f.Chmod(0o600); err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("noveum-local: traces file %s has mode %04o and could not be made 0600: %w", path, st.Mode().Perm(), err)
		}
	}
	if err := s.load(); err != nil {
		_ = s.file.Close()
		return nil, err
	}
	return s, nil
}

// load reads every line of the file, holding the newest traces within the
// limits. When the last line lacks its newline (a write cut short), a
// newline is appended so the next trace starts on a line of its own. A file
// with as many dead bytes as live ones is compacted.
func (s *store) load() error {
	r := bufio.NewReader(s.file)
	last := byte('\n')
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			s.fileBytes += int64(len(line))
			last = line[len(line)-1]
			if t, ok := decodeLine(line); ok {
				s.insert(t, int64(len(line)))
			} else if len(bytes.TrimSpace(line)) > 0 {
				s.skipped++
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("noveum-local: read traces file: %w", err)
		}
	}
	if last != '\n' {
		if _, err := s.file.Write([]byte{'\n'}); err != nil {
			return fmt.Errorf("noveum-local: repair traces file: %w", err)
		}
		s.fileBytes++
	}
	if err := s.maybeCompact(); err != nil {
		s.warn(err.Error()) // what is held is fine; only the file is larger
	}
	return nil
}

// decodeLine decodes one JSONL line; numbers stay json.Number, as the
// receiver decodes them.
func decodeLine(line []byte) (noveumtest.Trace, bool) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var t noveumtest.Trace
	if err := dec.Decode(&t); err != nil || t.TraceID == "" {
		return noveumtest.Trace{}, false
	}
	return t, true
}

// insert adds t, whose line in the file has size bytes, in memory unless
// its id is held already, and evicts the oldest traces beyond the limits;
// the caller holds the lock (or owns s during load). It reports whether t
// was added.
func (s *store) insert(t noveumtest.Trace, size int64) bool {
	if _, dup := s.byID[t.TraceID]; dup {
		return false
	}
	e := &entry{trace: t, summary: summarize(t), size: size}
	s.byID[t.TraceID] = e
	s.entries = append(s.entries, e)
	s.bytes += size
	s.evict()
	return true
}

// evict drops the oldest traces while more than maxTraces or maxBytes are
// held; the newest trace always stays, however large.
func (s *store) evict() {
	n := 0
	for len(s.entries)-n > 1 && (len(s.entries)-n > s.maxTraces || s.bytes > s.maxBytes) {
		e := s.entries[n]
		delete(s.byID, e.trace.TraceID)
		s.bytes -= e.size
		s.entries[n] = nil // let the trace go
		n++
	}
	if n > 0 {
		s.entries = s.entries[n:]
	}
}

// maybeCompact rewrites the file with the held traces once it carries at
// least as many bytes of evicted or corrupt lines as live ones: the file
// stays within about twice what the server holds, and each byte is
// rewritten a bounded number of times on average. The caller holds the lock.
func (s *store) maybeCompact() error {
	if dead := s.fileBytes - s.bytes; dead <= 0 || dead < s.bytes {
		return nil
	}
	return s.compact()
}

// compact writes the held traces to a new file in the same directory and
// renames it over the old one, so a crash leaves one or the other whole.
func (s *store) compact() error {
	tmp, err := os.CreateTemp(s.dir, tracesFile+".*.tmp") // 0600
	if err != nil {
		return fmt.Errorf("noveum-local: compact traces file: %w", err)
	}
	fail := func(err error) error {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("noveum-local: compact traces file: %w", err)
	}
	w := bufio.NewWriter(tmp)
	var size int64
	for _, e := range s.entries {
		line, err := json.Marshal(e.trace)
		if err != nil {
			return fail(err)
		}
		_, _ = w.Write(line)
		_ = w.WriteByte('\n')
		e.size = int64(len(line)) + 1
		size += e.size
	}
	s.bytes = size // the sizes are now those of the new lines
	if err := w.Flush(); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	// The old file is closed before the rename, which Windows requires, and
	// whichever file is at the path afterwards is opened again.
	path := filepath.Join(s.dir, tracesFile)
	_ = s.file.Close()
	renameErr := os.Rename(tmp.Name(), path)
	if renameErr != nil {
		_ = os.Remove(tmp.Name())
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0o600)
	if err != nil {
		// Later writes fail and say so; what is held stays readable.
		s.file = nil
		return fmt.Errorf("noveum-local: reopen traces file after compaction: %w", err)
	}
	s.file = f
	if renameErr != nil {
		return fmt.Errorf("noveum-local: compact traces file: %w", renameErr)
	}
	s.fileBytes = size
	return nil
}

// add stores the traces of a batch. Traces are write-once, as at Noveum: a
// trace id held already is ignored. It returns how many traces were new.
func (s *store) add(traces []noveumtest.Trace) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var buf bytes.Buffer
	var added []noveumtest.Trace
	var sizes []int64
	seen := make(map[string]bool, len(traces))
	for _, t := range traces {
		if _, dup := s.byID[t.TraceID]; dup || seen[t.TraceID] {
			continue
		}
		seen[t.TraceID] = true
		line, err := json.Marshal(t)
		if err != nil {
			return 0, fmt.Errorf("noveum-local: encode trace: %w", err)
		}
		buf.Write(line)
		buf.WriteByte('\n')
		added = append(added, t)
		sizes = append(sizes, int64(len(line))+1)
	}
	if buf.Len() > 0 {
		if s.file == nil {
			return 0, fmt.Errorf("noveum-local: the traces file could not be reopened after a compaction; restart noveum-local")
		}
		// One write a batch, before the traces become visible: what the list
		// shows is on disk.
		n, err := s.file.Write(buf.Bytes())
		s.fileBytes += int64(n)
		if err != nil {
			return 0, fmt.Errorf("noveum-local: append traces: %w", err)
		}
	}
	for i, t := range added {
		s.insert(t, sizes[i])
	}
	if err := s.maybeCompact(); err != nil {
		// The traces are stored; the file is only larger than it should be.
		s.warn(err.Error())
	}
	return len(added), nil
}

// warn records a problem that did not stop the store; the caller holds the
// lock. The last ten are kept.
func (s *store) warn(msg string) {
	if len(s.warnings) >= 10 {
		s.warnings = slices.Delete(s.warnings, 0, 1)
	}
	s.warnings = append(s.warnings, msg)
}

// warningList returns the recorded warnings.
func (s *store) warningList() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.warnings)
}

// get returns the trace with id.
func (s *store) get(id string) (noveumtest.Trace, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, ok := s.byID[id]
	if !ok {
		return noveumtest.Trace{}, false
	}
	return e.trace, true
}

// skippedLines returns how many corrupt lines load skipped.
func (s *store) skippedLines() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.skipped
}

// count returns how many traces are stored.
func (s *store) count() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.entries)
}

// close closes the file.
func (s *store) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.file == nil {
		return nil
	}
	return s.file.Close()
}

// filter selects traces for the list. Zero fields match everything.
type filter struct {
	Status       string    // exact
	Name         string    // case-insensitive substring
	User         string    // exact
	Conversation string    // exact
	Since        time.Time // start time at or after
	Limit        int       // at most this many; 0 means defaultLimit
}

const (
	defaultLimit = 100
	maxLimit     = 1000
)

// match reports whether the trace of sum passes f (its limit aside).
func (f filter) match(sum traceSummary) bool {
	switch {
	case f.Status != "" && sum.Status != f.Status,
		f.Name != "" && !strings.Contains(strings.ToLower(sum.Name), strings.ToLower(f.Name)),
		f.User != "" && sum.UserID != f.User,
		f.Conversation != "" && sum.ConversationID != f.Conversation,
		!f.Since.IsZero() && sum.StartTime.Before(f.Since):
		return false
	}
	return true
}

// list returns the summaries of the traces that match f, newest first.
func (s *store) list(f filter) []traceSummary {
	limit := f.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)
	s.mu.RLock()
	var out []traceSummary
	for _, e := range s.entries {
		if f.match(e.summary) {
			out = append(out, e.summary)
		}
	}
	s.mu.RUnlock()
	slices.SortStableFunc(out, func(a, b traceSummary) int {
		return cmp.Or(b.StartTime.Compare(a.StartTime), strings.Compare(a.TraceID, b.TraceID))
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// summarize computes the list row of t. Tokens and cost add up the model
// spans (those with llm.model), so an agent span that repeats its calls'
// totals is not counted twice.
func summarize(t noveumtest.Trace) traceSummary {
	sum := traceSummary{
		TraceID:    t.TraceID,
		Name:       t.Name,
		StartTime:  parseTime(t.StartTime),
		DurationMS: finite(t.DurationMS),
		Status:     t.Status,
		SpanCount:  len(t.Spans),
		ErrorCount: t.ErrorCount,
		Project:    t.Project,
	}
	if t.Metadata.UserID != nil {
		sum.UserID = *t.Metadata.UserID
	}
	if t.Metadata.SessionID != nil {
		sum.ConversationID = *t.Metadata.SessionID
	}
	for _, sp := range t.Spans {
		if sum.ConversationID == "" {
			sum.ConversationID = attrString(sp.Attributes, string(semconv.GenAIConversationIDKey))
		}
		if sum.UserID == "" {
			sum.UserID = attrString(sp.Attributes, string(semconv.UserIDKey))
		}
		model := attrString(sp.Attributes, "llm.model")
		if model == "" {
			continue
		}
		if !slices.Contains(sum.Models, model) {
			sum.Models = append(sum.Models, model)
		}
		tokens, ok := spanTokens(sp.Attributes)
		sum.TotalTokens = addInt64(sum.TotalTokens, tokens)
		sum.HasTokens = sum.HasTokens || ok
		if c, ok := attrNumber(sp.Attributes, "llm.cost.total"); ok {
			sum.TotalCost = addFinite(sum.TotalCost, c)
			sum.HasCost = true
		}
	}
	slices.Sort(sum.Models)
	return sum
}

// spanTokens returns the tokens a model span reports: llm.total_tokens, or
// input plus output; ok is false when it reports none.
func spanTokens(a map[string]any) (int64, bool) {
	if total, ok := attrNumber(a, "llm.total_tokens"); ok {
		return toInt64(total), true
	}
	in, okIn := attrNumber(a, "llm.input_tokens")
	out, okOut := attrNumber(a, "llm.output_tokens")
	return addInt64(toInt64(in), toInt64(out)), okIn || okOut
}

// parseTime parses a wire timestamp; a bad one is the zero time.
func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// attrString returns the string attribute key, or "".
func attrString(attrs map[string]any, key string) string {
	s, _ := attrs[key].(string)
	return s
}

// attrNumber returns the numeric attribute key. Values decoded from JSON are
// json.Number; a non-finite or non-numeric value is absent.
func attrNumber(attrs map[string]any, key string) (float64, bool) {
	var f float64
	switch v := attrs[key].(type) {
	case json.Number:
		var err error
		if f, err = v.Float64(); err != nil {
			return 0, false
		}
	case float64:
		f = v
	case int64:
		f = float64(v)
	case int:
		f = float64(v)
	default:
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}
