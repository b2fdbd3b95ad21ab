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

// store keeps the accepted traces in memory and appends each one to the
// JSONL file, so they survive a restart. Its methods may be called
// concurrently.
type store struct {
	mu      sync.RWMutex
	file    *os.File
	byID    map[string]*entry
	entries []*entry // in arrival order
	skipped int      // corrupt lines skipped at load
}

// entry is one stored trace with the summary the list shows.
type entry struct {
	trace   noveumtest.Trace
	summary traceSummary
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
}

// openStore opens (creating it when needed) the data directory and loads the
// traces it holds. A line that is not a trace is skipped and counted.
func openStore(dir string) (*store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("noveum-local: data directory: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, tracesFile), os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("noveum-local: open traces file: %w", err)
	}
	s := &store{file: f, byID: make(map[string]*entry)}
	if err := s.load(); err != nil {
		_ = f.Close()
		return nil, err
	}
	return s, nil
}

// load reads every line of the file. When the last line lacks its newline
// (a write cut short), a newline is appended so the next trace starts on a
// line of its own.
func (s *store) load() error {
	r := bufio.NewReader(s.file)
	last := byte('\n')
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			last = line[len(line)-1]
			if t, ok := decodeLine(line); ok {
				s.insert(t)
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

// insert adds t in memory unless its id is known; the caller holds the lock
// (or owns s during load). It reports whether t was added.
func (s *store) insert(t noveumtest.Trace) bool {
	if _, dup := s.byID[t.TraceID]; dup {
		return false
	}
	e := &entry{trace: t, summary: summarize(t)}
	s.byID[t.TraceID] = e
	s.entries = append(s.entries, e)
	return true
}

// add stores the traces of a batch. Traces are write-once, as at Noveum: a
// trace id seen before is ignored. It returns how many traces were new.
func (s *store) add(traces []noveumtest.Trace) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var buf bytes.Buffer
	var added []noveumtest.Trace
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
	}
	if buf.Len() > 0 {
		// One write a batch, before the traces become visible: what the list
		// shows is on disk.
		if _, err := s.file.Write(buf.Bytes()); err != nil {
			return 0, fmt.Errorf("noveum-local: append traces: %w", err)
		}
	}
	for _, t := range added {
		s.insert(t)
	}
	return len(added), nil
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

// list returns the summaries of the traces that match f, newest first.
func (s *store) list(f filter) []traceSummary {
	limit := f.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)
	name := strings.ToLower(f.Name)
	s.mu.RLock()
	var out []traceSummary
	for _, e := range s.entries {
		sum := e.summary
		switch {
		case f.Status != "" && sum.Status != f.Status,
			name != "" && !strings.Contains(strings.ToLower(sum.Name), name),
			f.User != "" && sum.UserID != f.User,
			f.Conversation != "" && sum.ConversationID != f.Conversation,
			!f.Since.IsZero() && sum.StartTime.Before(f.Since):
			continue
		}
		out = append(out, sum)
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
		if attrString(sp.Attributes, "llm.model") == "" {
			continue
		}
		if total, ok := attrNumber(sp.Attributes, "llm.total_tokens"); ok {
			sum.TotalTokens = addInt64(sum.TotalTokens, toInt64(total))
		} else {
			in, _ := attrNumber(sp.Attributes, "llm.input_tokens")
			out, _ := attrNumber(sp.Attributes, "llm.output_tokens")
			sum.TotalTokens = addInt64(sum.TotalTokens, addInt64(toInt64(in), toInt64(out)))
		}
		if c, ok := attrNumber(sp.Attributes, "llm.cost.total"); ok {
			sum.TotalCost = addFinite(sum.TotalCost, c)
		}
	}
	return sum
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
