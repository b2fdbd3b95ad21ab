package noveumanthropic

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	httpconv "go.opentelemetry.io/otel/semconv/v1.40.0"

	noveumconfig "github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// retryCountHeader is the header in which the Anthropic client numbers the
// attempts of one call: "0" on the first, n on the n-th retry.
const retryCountHeader = "X-Stainless-Retry-Count"

// maxErrorBody bounds what is read of an error response to find its error
// type; the rest is handed on unread.
const maxErrorBody = 64 << 10

// maxResponseBody bounds what is kept of a plain Messages response to
// decode it at its end; a larger one is passed on, recorded without its
// response fields.
const maxResponseBody = 16 << 20

// Middleware returns the client middleware that traces each HTTP attempt
// of the Anthropic client. Pass it to the client, or to one call, with
// option.WithMiddleware:
//
//	client := anthropic.NewClient(option.WithMiddleware(noveumanthropic.Middleware()))
//
// It may be used by any number of clients and goroutines at once.
func Middleware(opts ...Option) option.Middleware {
	c := newConfig(opts)
	return c.handle
}

// handle traces one attempt: a span started before it is sent, in the
// request's context, and ended when the response (its body, for Messages)
// is over.
func (c config) handle(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	t := c.tracer
	if t == nil {
		t = llm.Default()
	}
	op, chat := route(req)

	var lreq llm.Request
	capture := false
	if chat || op == "count_tokens" {
		capture = chat && t.CaptureContent() != noveumconfig.CaptureNone
		lreq = requestOf(req, capture)
		if !chat { // count_tokens: the model, nothing more
			lreq = llm.Request{Model: lreq.Model}
		}
	}
	lreq.Provider = semconv.ProviderAnthropic
	lreq.ServerAddress, lreq.ServerPort = server(req)
	lreq.Attributes = requestAttrs(req)

	var ctx context.Context
	var call *llm.Call
	if chat {
		ctx, call = t.StartChat(req.Context(), lreq)
	} else {
		ctx, call = t.Start(req.Context(), semconv.Operation(op), lreq)
	}
	// What runs below (the client's transport, its instrumentation) is a
	// child of the attempt's span.
	req = req.WithContext(ctx)

	res, err := next(req)
	if err != nil {
		call.End(&transportError{err: err})
		return res, err
	}
	if res == nil {
		call.End(nil)
		return res, err
	}
	if res.StatusCode == http.StatusOK {
		call.SetAttributes(status200...) // no slice to allocate
	} else {
		call.SetAttributes(httpconv.HTTPResponseStatusCode(res.StatusCode))
	}
	switch {
	case res.StatusCode >= 400:
		call.End(readAPIError(res))
	case !chat || res.Body == nil || res.Body == http.NoBody:
		call.End(nil)
	case isEventStream(res.Header.Get("Content-Type")):
		res.Body = newStreamBody(res.Body, call, capture && call.Span().IsRecording(), lreq.Model)
	default:
		res.Body = newMessageBody(res.Body, res.ContentLength, call, capture, lreq.Model)
	}
	return res, nil
}

// route names the operation of a request: chat for a Messages call (the
// only one recorded as a model call), otherwise the API resource it
// addresses (count_tokens, batches, models, files, ...). Paths are matched
// by their end, so that a base URL with a path prefix (a gateway) works.
func route(req *http.Request) (op string, chat bool) {
	p := strings.TrimSuffix(req.URL.Path, "/")
	switch {
	case strings.HasSuffix(p, "/v1/messages"):
		if req.Method == http.MethodPost {
			return string(semconv.OperationChat), true
		}
		return "messages", false
	case strings.HasSuffix(p, "/v1/messages/count_tokens"):
		return "count_tokens", false
	case strings.Contains(p, "/v1/messages/batches"):
		return "batches", false
	}
	if _, rest, ok := strings.Cut(p, "/v1/"); ok {
		resource, _, _ := strings.Cut(rest, "/")
		if resource != "" {
			return resource, false
		}
	}
	return "http", false
}

// server returns the host and port the request goes to.
func server(req *http.Request) (string, int) {
	u := req.URL
	if p := u.Port(); p != "" {
		if port, err := strconv.Atoi(p); err == nil {
			return u.Hostname(), port
		}
	}
	if u.Scheme == "http" {
		return u.Hostname(), 80
	}
	return u.Hostname(), 443
}

// The attributes of the commonest attempts, shared (read only; their
// capacity is their length, so an append copies them).
var (
	postAttrs = []attribute.KeyValue{httpconv.HTTPRequestMethodKey.String(http.MethodPost)}[:1:1]
	getAttrs  = []attribute.KeyValue{httpconv.HTTPRequestMethodKey.String(http.MethodGet)}[:1:1]
	status200 = []attribute.KeyValue{httpconv.HTTPResponseStatusCode(http.StatusOK)}[:1:1]
)

// requestAttrs returns the HTTP attributes of an attempt: its method, and
// its resend count when it is a retry.
func requestAttrs(req *http.Request) []attribute.KeyValue {
	n, err := strconv.Atoi(req.Header.Get(retryCountHeader))
	if err != nil || n <= 0 {
		switch req.Method {
		case http.MethodPost:
			return postAttrs
		case http.MethodGet:
			return getAttrs
		}
	}
	attrs := make([]attribute.KeyValue, 0, 2)
	attrs = append(attrs, httpconv.HTTPRequestMethodKey.String(req.Method))
	if err == nil && n > 0 {
		attrs = append(attrs, semconv.HTTPRequestResendCount(n))
	}
	return attrs
}

// requestOf reads the request's body for the llm.Request of its span. The
// body the client builds for a JSON request, io.NopCloser over a
// *bytes.Reader, is read in place (ReadAt), neither consumed nor replaced,
// into a pooled buffer when the span keeps nothing of it but copies; any
// other body is read and put back (see readRequestBody).
func requestOf(req *http.Request, content bool) llm.Request {
	if br := inMemoryBody(req.Body); br != nil {
		n := br.Len()
		if n == 0 {
			return llm.Request{}
		}
		off := br.Size() - int64(n)
		if content {
			// The request keeps raw JSON of the body (tool schemas,
			// tool inputs): a buffer of its own.
			body := make([]byte, n)
			k, _ := br.ReadAt(body, off)
			return safeRequest(body[:k], true)
		}
		bp := reqBufPool.Get().(*[]byte)
		body := *bp
		if cap(body) < n {
			body = make([]byte, n)
		}
		k, _ := br.ReadAt(body[:n], off)
		r := safeRequest(body[:k], false) // strings and numbers, copied out
		if cap(body) <= maxPooledRespBuf {
			*bp = body[:0]
		}
		reqBufPool.Put(bp)
		return r
	}
	body, ok := readRequestBody(req)
	if !ok {
		return llm.Request{}
	}
	return safeRequest(body, content)
}

// reqBufPool holds the buffers requestOf reads bodies into without content.
var reqBufPool = sync.Pool{New: func() any { b := make([]byte, 0, 2<<10); return &b }}

// inMemoryReader is a reader over bytes in memory that can be read at any
// offset without moving: *bytes.Reader and *strings.Reader.
type inMemoryReader interface {
	io.ReaderAt
	Len() int    // the bytes not yet read
	Size() int64 // all the bytes
}

// nopCloserWriterTo is the type of io.NopCloser(r) for a reader r with a
// WriteTo method, as *bytes.Reader and *strings.Reader have: a struct
// whose one field is r.
var nopCloserWriterTo = reflect.TypeOf(io.NopCloser(&bytes.Reader{}))

// inMemoryBody returns the reader of a body made by io.NopCloser over a
// *bytes.Reader or a *strings.Reader (the client makes the bodies of its
// JSON requests so, as http.NewRequest does for those readers), or nil
// for any other body. net/http looks into io.NopCloser the same way, to
// know a body in memory.
func inMemoryBody(body io.ReadCloser) inMemoryReader {
	if body == nil || reflect.TypeOf(body) != nopCloserWriterTo {
		return nil
	}
	v := reflect.ValueOf(body)
	if v.Kind() != reflect.Struct || v.NumField() != 1 || !v.Field(0).CanInterface() {
		return nil
	}
	r, _ := v.Field(0).Interface().(inMemoryReader)
	return r
}

// readRequestBody reads the request's body and puts back one that reads
// the same bytes. ok is false when there is none or it failed to read (the
// request then carries what was read followed by the same error, so the
// client sees the failure it would have seen).
func readRequestBody(req *http.Request) (body []byte, ok bool) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, false
	}
	var err error
	if n := req.ContentLength; n > 0 && n <= maxResponseBody {
		// The size is known: one allocation, then a read that must find the end.
		body = make([]byte, n)
		var k int
		k, err = io.ReadFull(req.Body, body)
		body = body[:k]
		if err == nil {
			var extra [1]byte
			m, rerr := req.Body.Read(extra[:])
			switch {
			case m > 0: // longer than announced: read the rest
				var rest bytes.Buffer
				rest.Write(extra[:m])
				_, err = rest.ReadFrom(req.Body)
				body = append(body, rest.Bytes()...)
			case rerr != nil && rerr != io.EOF:
				err = rerr
			}
		} else if err == io.ErrUnexpectedEOF {
			err = nil // shorter than announced: the transport reports it, as without us
		}
	} else {
		var buf bytes.Buffer
		_, err = buf.ReadFrom(req.Body)
		body = buf.Bytes()
	}
	_ = req.Body.Close()
	if err != nil {
		req.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{err}))
		return nil, false
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return body, true
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// safeRequest is request, made safe against a bug of this package: a panic
// while decoding is reported through otel.Handle, and the span keeps what
// was decoded before it.
func safeRequest(body []byte, content bool) (r llm.Request) {
	defer recoverTo("decoding the request")
	return request(body, content)
}

// recoverTo reports a panic of the tracing code through otel.Handle
// instead of letting it reach the application.
func recoverTo(what string) {
	if v := recover(); v != nil {
		otel.Handle(fmt.Errorf("noveum anthropic: %s: %v", what, v))
	}
}

// readAPIError reads (up to maxErrorBody of) an error response for its
// error type, and puts back a body that reads the same bytes, then the rest.
func readAPIError(res *http.Response) *apiError {
	e := &apiError{status: res.StatusCode}
	if res.Body == nil || res.Body == http.NoBody {
		return e
	}
	b, err := io.ReadAll(io.LimitReader(res.Body, maxErrorBody+1))
	if err == nil && len(b) <= maxErrorBody {
		_ = res.Body.Close() // read to its end: the connection is free
		res.Body = io.NopCloser(bytes.NewReader(b))
	} else {
		res.Body = &prefixedBody{r: io.MultiReader(bytes.NewReader(b), readerOrErr(res.Body, err)), c: res.Body}
	}
	var body apiErrorBody
	if decodeLenient(b, &body) {
		e.typ, e.message = body.Error.Type, body.Error.Message
	}
	return e
}

func readerOrErr(r io.Reader, err error) io.Reader {
	if err != nil {
		return errReader{err}
	}
	return r
}

// prefixedBody reads bytes already taken from a body, then the rest of it.
type prefixedBody struct {
	r io.Reader
	c io.Closer
}

func (b *prefixedBody) Read(p []byte) (int, error) { return b.r.Read(p) }
func (b *prefixedBody) Close() error               { return b.c.Close() }

// isEventStream reports whether a Content-Type is text/event-stream.
func isEventStream(ct string) bool {
	if strings.HasPrefix(ct, "text/event-stream") {
		return true
	}
	// Parse only what may be one, spelled otherwise ("Text/Event-Stream",
	// " text/event-stream"): a JSON response is told apart without
	// allocating.
	if !containsFold(ct, "event-stream") {
		return false
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "text/event-stream"
}

// containsFold reports whether s contains the lower-case ASCII substr,
// ignoring ASCII case.
func containsFold(s, substr string) bool {
	for i := 0; i+len(substr) <= len(s); i++ {
		j := 0
		for j < len(substr) && (s[i+j]|0x20) == substr[j] {
			j++
		}
		if j == len(substr) {
			return true
		}
	}
	return false
}
