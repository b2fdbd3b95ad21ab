package noveumanthropic

import (
	"io"
	"sync"

	"github.com/Noveum/noveum-trace-go/llm"
)

// messageBody passes a plain Messages response through to the client,
// keeping a copy of what was read, and records the response on the span
// when the body ends (or is closed).
type messageBody struct {
	rc      io.ReadCloser
	call    *llm.Call
	content bool

	mu   sync.Mutex
	buf  []byte
	over bool // the body outgrew maxResponseBody: not decoded
	done bool
}

func newMessageBody(rc io.ReadCloser, length int64, call *llm.Call, content bool) *messageBody {
	b := &messageBody{rc: rc, call: call, content: content}
	if length > 0 && length <= 1<<20 { // beyond, grow as it comes: a length is only announced
		b.buf = make([]byte, 0, length)
	}
	return b
}

func (b *messageBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done {
		return n, err
	}
	if n > 0 && !b.over {
		if len(b.buf)+n > maxResponseBody {
			b.over, b.buf = true, nil
		} else {
			b.buf = append(b.buf, p[:n]...)
		}
	}
	switch {
	case err == io.EOF:
		b.finish(nil)
	case err != nil:
		b.finish(&transportError{err: err, incomplete: true})
	}
	return n, err
}

// Close closes the body; a body closed before its end is recorded with
// what was read.
func (b *messageBody) Close() error {
	err := b.rc.Close()
	b.mu.Lock()
	if !b.done {
		b.finish(nil)
	}
	b.mu.Unlock()
	return err
}

// finish records the response and ends the span. b.mu is held.
func (b *messageBody) finish(err error) {
	b.done = true
	if err == nil && !b.over && len(b.buf) > 0 {
		b.record()
	}
	b.buf = nil
	b.call.End(err)
}

func (b *messageBody) record() {
	defer recoverTo("decoding the response")
	b.call.RecordResponse(response(b.buf, b.content))
}
