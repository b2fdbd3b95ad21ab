package noveumopenai

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"

	noveumconfig "github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// Middleware returns an openai-go middleware that records each HTTP attempt
// of the client as a span, through the llm package:
//
//	client := openai.NewClient(option.WithMiddleware(noveumopenai.Middleware()))
//
// It may also be given to a single call, as a request option. Each span is
// a child of the span in the request's context, and is named after the
// operation and model ("chat gpt-4o", "embeddings text-embedding-3-small").
//
// POST requests whose path ends in /chat/completions, /responses or
// /embeddings are modelled: request parameters, response, usage, cost,
// streaming timings, and content when capture is on. Any other request gets
// a span with its method and status, whose operation name is the leading
// fixed segments of its path ("models", "images.generations").
//
// gen_ai.provider.name follows the request's host: api.openai.com is
// "openai", *.openai.azure.com "azure.ai.openai", and the OpenAI-compatible
// APIs of Groq, DeepSeek, Mistral, xAI, Perplexity, Moonshot, Cohere, Gemini
// and others their own names; port 11434 is "ollama"; any other host
// (vLLM, a gateway) is "openai", the API it speaks. WithProvider overrides
// it.
//
// The middleware never changes what the client sends or receives, and the
// application's call never fails because of it. It is safe for concurrent
// use.
func Middleware(opts ...Option) option.Middleware {
	cfg := newConfig(opts)
	return cfg.roundTrip
}

// attempt is one HTTP attempt being recorded.
type attempt struct {
	call    *llm.Call
	ep      endpoint
	capture bool            // content is recorded: parse it
	reqCtx  context.Context // the request's context, to classify errors
	ended   atomic.Bool
}

func (a *attempt) done() bool { return a.ended.Load() }

// end ends the span once.
func (a *attempt) end(err error) {
	if a.ended.CompareAndSwap(false, true) {
		a.call.End(err)
	}
}

// guard runs f, which parses what the provider sent; a panic there (a bug,
// never the application's) ends the span and is reported through
// otel.Handle, and the response goes on untouched.
func (a *attempt) guard(f func()) {
	defer func() {
		if r := recover(); r != nil {
			otel.Handle(fmt.Errorf("noveumopenai: recording the response failed, span ended early: %v", r))
			a.end(nil)
		}
	}()
	f()
}

func (c *config) roundTrip(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	a, ctx := c.start(req)
	if a == nil {
		return next(req)
	}
	res, err := next(req.WithContext(ctx))
	if err != nil {
		a.end(classify(req.Context(), err))
		return res, err
	}
	if res == nil {
		a.end(nil)
		return res, err
	}
	a.call.SetAttributes(semconv.HTTPResponseStatusCode(res.StatusCode))
	if res.Body == nil || res.Body == http.NoBody {
		a.end(statusErr(res.StatusCode, nil))
		return res, nil
	}
	switch {
	case res.StatusCode >= 400 && res.ContentLength >= 0 && res.ContentLength <= maxErrorBody:
		// A short error body of known length is read now, so that an
		// attempt the client retries (closing the body unread) still names
		// the provider's error code; the client reads the same bytes.
		body, _ := readAtMost(res.Body, res.ContentLength)
		res.Body = &replayBody{Reader: io.MultiReader(bytes.NewReader(body), res.Body), Closer: res.Body}
		a.end(statusErr(res.StatusCode, body))
	case res.StatusCode >= 400:
		status := res.StatusCode
		res.Body = newTeeBody(res.Body, a, maxErrorBody, 0, func(body []byte, _ error) error {
			return statusErr(status, body)
		})
	case a.ep != endpointOther && isEventStream(res.Header.Get("Content-Type")):
		res.Body = &streamBody{rc: res.Body, a: a, h: a.handler()}
	case a.ep != endpointOther:
		ep, capture := a.ep, a.capture
		res.Body = newTeeBody(res.Body, a, maxResponseBody, res.ContentLength, func(body []byte, err error) error {
			if len(body) > 0 {
				var r llm.Response
				perr := parseResponse(ep, body, capture, &r)
				a.call.RecordResponse(r)
				if err == nil {
					err = perr
				}
			}
			return err
		})
	default:
		res.Body = newTeeBody(res.Body, a, 0, 0, nil)
	}
	return res, nil
}

// start reads the request and starts its span. It returns a nil attempt
// when the request cannot be recorded; a panic while reading it (a bug) is
// reported through otel.Handle and the request goes out unrecorded.
func (c *config) start(req *http.Request) (a *attempt, ctx context.Context) {
	defer func() {
		if r := recover(); r != nil {
			otel.Handle(fmt.Errorf("noveumopenai: reading the request failed, not recorded: %v", r))
			if a != nil {
				a.end(nil)
			}
			a, ctx = nil, nil
		}
	}()
	if req == nil || req.URL == nil {
		return nil, nil
	}
	t := c.tracer
	if t == nil {
		t = llm.Default()
	}
	ep := endpointOf(req.Method, req.URL.Path)
	host, port := hostPort(req.URL.Scheme, req.URL.Host)
	r := llm.Request{Provider: c.provider, ServerAddress: host, ServerPort: port}
	if r.Provider == "" {
		r.Provider = providerFor(host, port)
	}
	capture := t.CaptureContent() != noveumconfig.CaptureNone
	op := semconv.OperationChat
	switch ep {
	case endpointChat, endpointResponses:
		parseRequest(ep, requestBody(req), capture, &r)
	case endpointEmbeddings:
		op = semconv.OperationEmbeddings
		parseRequest(ep, requestBody(req), false, &r)
	default:
		op = otherOperation(req.URL.Path)
		r.Attributes = []attribute.KeyValue{semconv.HTTPRequestMethod(req.Method)}
		if req.Method == http.MethodPost {
			parseRequest(ep, requestBody(req), false, &r)
		}
	}
	if n := resendCount(req.Header); n > 0 {
		r.Attributes = append(r.Attributes, semconv.HTTPRequestResendCount(n))
	}
	ctx, call := t.Start(req.Context(), op, r)
	a = &attempt{call: call, ep: ep, reqCtx: req.Context(),
		capture: capture && call.Span().IsRecording()}
	return a, ctx
}

// resendCount reads openai-go's attempt counter, X-Stainless-Retry-Count:
// 0 on the first attempt, n on the n-th retry.
func resendCount(h http.Header) int {
	v := h.Get("X-Stainless-Retry-Count")
	if v == "" || v == "0" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func (a *attempt) handler() eventHandler {
	switch a.ep {
	case endpointChat:
		return &chatStream{call: a.call, capture: a.capture}
	case endpointResponses:
		return &responsesStream{call: a.call, capture: a.capture}
	}
	return otherStream{}
}

func isEventStream(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && strings.EqualFold(mt, "text/event-stream")
}

// statusErr returns the error of an HTTP status: nil below 400.
func statusErr(status int, body []byte) error {
	if status < 400 {
		return nil
	}
	return &statusError{status: status, code: errorCode(body)}
}

// Bounds of the response bytes kept to parse: an error body, and a
// successful JSON response (embeddings of many inputs are large). A larger
// body is passed on untouched, and its span has no response details.
const (
	maxErrorBody    = 64 << 10
	maxResponseBody = 64 << 20
)

// teeBody passes a response body on unchanged, keeps a copy of up to limit
// bytes of it, and ends the span when the body ends (EOF or a read error)
// or is closed, with the error finish returns (finish may be nil).
type teeBody struct {
	mu     sync.Mutex // Close may come from another goroutine than Read
	rc     io.ReadCloser
	a      *attempt
	limit  int
	kept   []byte
	over   bool
	finish func(body []byte, err error) error
}

func newTeeBody(rc io.ReadCloser, a *attempt, limit int, size int64, finish func([]byte, error) error) *teeBody {
	b := &teeBody{rc: rc, a: a, limit: limit, finish: finish}
	if size > 0 && size <= int64(limit) {
		b.kept = make([]byte, 0, size)
	}
	return b
}

func (b *teeBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if b.a.done() {
		return n, err
	}
	b.mu.Lock()
	if n > 0 && !b.over && b.limit > 0 {
		if len(b.kept)+n > b.limit {
			b.over, b.kept = true, nil
		} else {
			b.kept = append(b.kept, p[:n]...)
		}
	}
	if err != nil {
		if err == io.EOF {
			b.end(nil)
		} else {
			b.end(classify(b.a.reqCtx, err))
		}
	}
	b.mu.Unlock()
	return n, err
}

// Close closes the body; a body closed before its end ends the span with
// what was read (and the context's error, if it is done).
func (b *teeBody) Close() error {
	err := b.rc.Close()
	if !b.a.done() {
		b.mu.Lock()
		b.end(classify(b.a.reqCtx, b.a.reqCtx.Err()))
		b.mu.Unlock()
	}
	return err
}

// end ends the span with what was kept; b.mu is held.
func (b *teeBody) end(err error) {
	if b.a.done() {
		return
	}
	if b.finish != nil {
		b.a.guard(func() { err = b.finish(b.kept, err) })
	}
	b.kept = nil
	b.a.end(err)
}
