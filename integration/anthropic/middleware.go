package noveumanthropic

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

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
		body, ok := readRequestBody(req)
		if ok {
			capture = chat && t.CaptureContent() != noveumconfig.CaptureNone
			lreq = safeRequest(body, capture)
		}
		if !chat { // count_tokens: the model, nothing more
			lreq = llm.Request{Model: lreq.Model}
		}
	}
	lreq.Provider = semconv.ProviderAnthropic
	lreq.ServerAddress, lreq.ServerPort = server(req)
	attrs := make([]attribute.KeyValue, 0, 2)
	attrs = append(attrs, httpconv.HTTPRequestMethodKey.String(req.Method))
	if n, err := strconv.Atoi(req.Header.Get(retryCountHeader)); err == nil && n > 0 {
		attrs = append(attrs, semconv.HTTPRequestResendCount(n))
	}
	lreq.Attributes = attrs

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
	call.Span().SetAttributes(httpconv.HTTPResponseStatusCode(res.StatusCode))
	switch {
	case res.StatusCode >= 400:
		call.End(readAPIError(res))
	case !chat || res.Body == nil || res.Body == http.NoBody:
		call.End(nil)
	case isEventStream(res.Header.Get("Content-Type")):
		res.Body = newStreamBody(res.Body, call, capture && call.Span().IsRecording())
	default:
		res.Body = newMessageBody(res.Body, res.ContentLength, call, capture)
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
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		port = 443
		if u.Scheme == "http" {
			port = 80
		}
	}
	return u.Hostname(), port
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
	if ct == "" {
		return false
	}
	if strings.HasPrefix(ct, "text/event-stream") {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "text/event-stream"
}
