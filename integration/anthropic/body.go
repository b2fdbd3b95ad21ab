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
	model   string // the requested model

	mu     sync.Mutex
	buf    []byte
	pooled *[]byte // the pool's buffer buf started from, returned at the end
	over   bool    // the body outgrew maxResponseBody: not decoded
	done   bool
}

// respBufPool holds the buffers of responses read without content: what
// the span records of them is copied out (strings, counts) before the
// buffer goes back. With content, the response's raw JSON (tool inputs)
// is handed to llm, so the buffer is the response's own.
var respBufPool = sync.Pool{New: func() any { b := make([]byte, 0, 2<<10); return &b }}

// maxPooledRespBuf bounds the buffers put back in respBufPool.
const maxPooledRespBuf = 64 << 10

func newMessageBody(rc io.ReadCloser, length int64, call *llm.Call, content bool, model string) *messageBody {
	b := &messageBody{rc: rc, call: call, content: content, model: model}
	if !content {
		b.pooled = respBufPool.Get().(*[]byte)
		b.buf = (*b.pooled)[:0]
	}
	if length > 0 && length <= 1<<20 && cap(b.buf) < int(length) { // beyond, grow as it comes: a length is only announced
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
	if b.pooled != nil {
		if c := cap(b.buf); c > 0 && c <= maxPooledRespBuf {
			*b.pooled = b.buf[:0]
		}
		respBufPool.Put(b.pooled)
		b.pooled = nil
	}
	b.buf = nil
	b.call.End(err)
}

func (b *messageBody) record() {
	defer recoverTo("decoding the response")
	b.call.RecordResponse(response(b.buf, b.content, b.model))
}
