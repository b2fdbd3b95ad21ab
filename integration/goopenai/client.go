package goopenai

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	openai "github.com/sashabaranov/go-openai"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	httpconv "go.opentelemetry.io/otel/semconv/v1.41.0"

	noveumconfig "github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// Config returns cfg with its HTTP client traced: the one line that
// instruments a go-openai client.
//
//	client := openai.NewClientWithConfig(goopenai.Config(openai.DefaultConfig(key)))
//
// It is WrapClient(cfg.HTTPClient, opts...) set back into cfg.
func Config(cfg openai.ClientConfig, opts ...Option) openai.ClientConfig {
	cfg.HTTPClient = WrapClient(cfg.HTTPClient, opts...)
	return cfg
}

// WrapClient returns an HTTP client for openai.ClientConfig.HTTPClient that
// sends each request through next (http.DefaultClient when nil) and records
// it through the llm package: a chat span for Chat Completions (plain or
// streamed) and the Responses API, a text_completion span for the legacy
// Completions, an embeddings span for Embeddings, and for any other endpoint
// a span named after it with the HTTP outcome. Spans are children of the
// span in the request's context. The application gets next's response and
// error untouched; streams are observed as the application reads them.
//
// go-openai does not retry: each call the application makes is one HTTP
// request and one span, so an application's own retries are one span each.
// Wrapping a client WrapClient returned replaces its options rather than
// recording each call twice. The returned client is safe for concurrent
// use when next is.
func WrapClient(next openai.HTTPDoer, opts ...Option) openai.HTTPDoer {
	if next == nil {
		next = http.DefaultClient
	}
	if inner, ok := next.(*client); ok { // wrapped twice: one span a call, the new options
		next = inner.next
	}
	return &client{next: next, cfg: newConfig(opts)}
}

type client struct {
	next openai.HTTPDoer
	cfg  config
}

type endpoint int

const (
	endpointOther endpoint = iota
	endpointChat
	endpointCompletion // the legacy text completions
	endpointEmbeddings
	endpointResponses
)

// Do sends req through the wrapped client and records it.
func (c *client) Do(req *http.Request) (*http.Response, error) {
	if req == nil || req.URL == nil {
		return c.next.Do(req)
	}
	t := c.cfg.tracer
	if t == nil {
		t = llm.Default()
	}
	capture := t.CaptureContent() != noveumconfig.CaptureNone
	ep := endpointOf(req)
	r := llm.Request{Provider: c.cfg.provider}
	r.ServerAddress, r.ServerPort = server(req)
	if r.Provider == "" {
		r.Provider = ProviderForHost(r.ServerAddress)
		if r.ServerPort == ollamaPort && r.Provider == semconv.ProviderOpenAI {
			r.Provider = "ollama"
		}
	}

	ctx := req.Context()
	var call *llm.Call
	switch ep {
	case endpointChat:
		readRequest(req, &r, ep, capture)
		ctx, call = t.StartChat(ctx, r)
	case endpointCompletion:
		readRequest(req, &r, ep, capture)
		ctx, call = t.StartCompletion(ctx, r)
	case endpointEmbeddings:
		readRequest(req, &r, ep, capture)
		ctx, call = t.StartEmbeddings(ctx, r)
	case endpointResponses:
		readRequest(req, &r, ep, capture)
		ctx, call = t.StartChat(ctx, r)
	default:
		r.Attributes = []attribute.KeyValue{httpconv.HTTPRequestMethodKey.String(req.Method)}
		ctx, call = t.Start(ctx, semconv.Operation(route(req.URL.Path)), r)
	}

	resp, err := c.next.Do(req.WithContext(ctx))
	if err != nil {
		call.End(classify(ctx, err))
		return resp, err
	}
	if resp == nil {
		call.End(nil)
		return resp, err
	}
	call.SetAttributes(httpconv.HTTPResponseStatusCode(resp.StatusCode))
	if resp.StatusCode < http.StatusOK || resp.StatusCode >= http.StatusBadRequest {
		call.End(&statusError{code: resp.StatusCode, status: resp.Status})
		return resp, nil
	}
	if ep == endpointOther || resp.Body == nil || resp.Body == http.NoBody || !identity(resp) {
		call.End(nil)
		return resp, nil
	}
	if ep != endpointEmbeddings && eventStream(resp) {
		resp.Body = newStreamBody(ctx, resp.Body, call, capture, ep == endpointResponses)
	} else {
		resp.Body = newResponseBody(ctx, resp.Body, call, ep, capture)
	}
	return resp, nil
}

// readRequest reads the request's parameters (and content) into r. A
// panic here would be a bug of the reader: it is reported through
// otel.Handle, and the call goes on with what was read.
func readRequest(req *http.Request, r *llm.Request, ep endpoint, capture bool) {
	defer func() {
		if p := recover(); p != nil {
			otel.Handle(fmt.Errorf("goopenai: reading the request: %v", p))
		}
	}()
	bp := requestBody(req)
	if bp == nil {
		return
	}
	defer putBody(bp)
	switch ep {
	case endpointEmbeddings:
		readEmbeddingsRequest(*bp, r)
	case endpointResponses:
		readResponsesRequest(*bp, capture, r)
	default:
		readChatRequest(*bp, capture, r) // a completion request has the same parameters, and a prompt
	}
}

// endpointOf tells the operation from the request: POST .../chat/completions,
// .../completions (legacy), .../embeddings and .../responses (OpenAI,
// Azure deployments and compatible APIs alike), else another endpoint.
func endpointOf(req *http.Request) endpoint {
	if req.Method != http.MethodPost {
		return endpointOther
	}
	p := strings.TrimSuffix(req.URL.Path, "/")
	switch {
	case strings.HasSuffix(p, "/chat/completions"):
		return endpointChat
	case strings.HasSuffix(p, "/completions"):
		return endpointCompletion
	case strings.HasSuffix(p, "/embeddings"):
		return endpointEmbeddings
	case strings.HasSuffix(p, "/responses"):
		return endpointResponses
	}
	return endpointOther
}

// server returns the host and port called (the scheme's default port when
// the URL names none).
func server(req *http.Request) (string, int) {
	host := req.URL.Hostname()
	if p := req.URL.Port(); p != "" {
		if n, err := strconv.Atoi(p); err == nil {
			return host, n
		}
		return host, 0
	}
	switch req.URL.Scheme {
	case "https":
		return host, 443
	case "http":
		return host, 80
	}
	return host, 0
}

// route names the operation of another endpoint: its path after the API
// prefix (/v1/, Azure's /openai/deployments/{name}/), with the segments
// that hold ids, which carry digits, replaced by {id}, so that the name
// stays low in cardinality: "images/generations", "files/{id}/content".
func route(path string) string {
	for _, prefix := range [...]string{"/v1/", "/openai/deployments/", "/openai/"} {
		if i := strings.Index(path, prefix); i >= 0 {
			path = path[i+len(prefix):]
			if prefix == "/openai/deployments/" {
				if _, rest, ok := strings.Cut(path, "/"); ok {
					path = rest
				}
			}
			break
		}
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i, s := range segs {
		if strings.ContainsAny(s, "0123456789:.") || len(s) > 32 {
			segs[i] = "{id}"
		}
	}
	out := strings.Join(segs, "/")
	if out == "" {
		return "http"
	}
	return out
}

// eventStream reports whether resp is a server-sent event stream.
func eventStream(resp *http.Response) bool {
	ct := resp.Header.Get("Content-Type")
	const sse = "text/event-stream"
	if len(ct) >= len(sse) && strings.EqualFold(ct[:len(sse)], sse) {
		return len(ct) == len(sse) || ct[len(sse)] == ';' || ct[len(sse)] == ' '
	}
	return false
}

// identity reports whether resp's body is readable as it is (not
// compressed by the server without the transport decompressing it).
func identity(resp *http.Response) bool {
	ce := resp.Header.Get("Content-Encoding")
	return ce == "" || strings.EqualFold(ce, "identity")
}

// maxRequestBody bounds the request body read for its parameters; a
// larger one (inline images, long documents) is sent unread.
const maxRequestBody = 32 << 20

var bodyPool = sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}

func putBody(bp *[]byte) {
	if cap(*bp) <= maxPooledHead {
		*bp = (*bp)[:0]
		bodyPool.Put(bp)
	}
}

// requestBody returns a copy of req's body, leaving req able to send it:
// through GetBody when the request has one (go-openai's requests do), so
// that the body itself is not touched; else by reading the body and
// putting back a reader of the same bytes. It returns nil when the body
// cannot be read or is larger than maxRequestBody.
func requestBody(req *http.Request) *[]byte {
	if req.Body == nil || req.Body == http.NoBody || req.ContentLength > maxRequestBody {
		return nil
	}
	if req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			return nil
		}
		defer rc.Close()
		bp := bodyPool.Get().(*[]byte)
		b, err := readAll((*bp)[:0], rc, req.ContentLength)
		*bp = b
		if err != nil || len(b) > maxRequestBody {
			putBody(bp)
			return nil
		}
		return bp
	}
	orig := req.Body
	b, err := readAll(nil, io.LimitReader(orig, maxRequestBody+1), req.ContentLength)
	if err != nil || len(b) > maxRequestBody {
		// Give the request back what was read, then the rest of the body.
		req.Body = readCloser{io.MultiReader(bytes.NewReader(b), orig), orig}
		return nil
	}
	orig.Close()
	req.Body = io.NopCloser(bytes.NewReader(b))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	cp := append([]byte(nil), b...)
	return &cp
}

type readCloser struct {
	io.Reader
	io.Closer
}

// readAll appends r's content to b, growing it once when size is known.
func readAll(b []byte, r io.Reader, size int64) ([]byte, error) {
	if size > 0 && int64(cap(b)-len(b)) < size {
		b = append(b, make([]byte, size)...)[:len(b)]
	}
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}
