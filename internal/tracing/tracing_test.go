package tracing

import (
	"context"
	"sync"
	"testing"

	"go.opentelemetry.io/otel"

	"github.com/Noveum/noveum-trace-go/config"
)

// handled collects what otel.Handle reports during a test.
func handled(t *testing.T) *[]string {
	t.Helper()
	var (
		mu   sync.Mutex
		errs []string
	)
	prev := otel.GetErrorHandler()
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		mu.Lock()
		defer mu.Unlock()
		errs = append(errs, err.Error())
	}))
	t.Cleanup(func() { otel.SetErrorHandler(prev) })
	return &errs
}

func TestSpanName(t *testing.T) {
	if got := SpanName("chat", "gpt-4o"); got != "chat gpt-4o" {
		t.Errorf("SpanName = %q", got)
	}
	if got := SpanName("invoke_workflow", ""); got != "invoke_workflow" {
		t.Errorf("SpanName without target = %q", got)
	}
}

// The option wins over the environment; without it the environment is
// read through config; a bad value of either records nothing and is
// reported under the package's name, never echoing the value.
func TestCapture(t *testing.T) {
	t.Setenv("NOVEUM_CAPTURE_CONTENT", "")
	t.Setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "true")
	errs := handled(t)
	for _, tc := range []struct {
		mode, want config.CaptureMode
	}{
		{"", config.CaptureSpanOnly},
		{config.CaptureEventOnly, config.CaptureEventOnly},
		{config.CaptureNone, config.CaptureNone},
		{"ALL", config.CaptureNone},
	} {
		if got := Capture(tc.mode, "noveum test"); got != tc.want {
			t.Errorf("Capture(%q) = %q, want %q", tc.mode, got, tc.want)
		}
	}
	t.Setenv("NOVEUM_CAPTURE_CONTENT", "sometimes")
	if got := Capture("", "noveum test"); got != config.CaptureNone {
		t.Errorf("a bad environment value gives %q", got)
	}
	want := []string{
		`noveum test: unknown capture mode "ALL": recording no content; use NO_CONTENT, SPAN_ONLY, EVENT_ONLY or SPAN_AND_EVENT`,
		"noveum test: NOVEUM_CAPTURE_CONTENT is not a capture mode: recording no content; use NO_CONTENT, SPAN_ONLY, EVENT_ONLY, SPAN_AND_EVENT, true or false",
	}
	if len(*errs) != len(want) || (*errs)[0] != want[0] || (*errs)[1] != want[1] {
		t.Errorf("reported %q, want %q", *errs, want)
	}
}

func TestContentLimit(t *testing.T) {
	errs := handled(t)
	t.Setenv("NOVEUM_MAX_CONTENT_BYTES", "")
	if got := ContentLimit(0, "noveum test"); got != config.DefaultMaxContentBytes {
		t.Errorf("default = %d", got)
	}
	t.Setenv("NOVEUM_MAX_CONTENT_BYTES", "2KiB")
	if got := ContentLimit(0, "noveum test"); got != 2048 {
		t.Errorf("from the environment = %d", got)
	}
	if got := ContentLimit(4096, "noveum test"); got != 4096 {
		t.Errorf("the option = %d", got)
	}
	t.Setenv("NOVEUM_MAX_CONTENT_BYTES", "lots")
	if got := ContentLimit(-1, "noveum test"); got != config.DefaultMaxContentBytes {
		t.Errorf("a bad value = %d", got)
	}
	if len(*errs) != 1 {
		t.Errorf("reported %q, want one error", *errs)
	}
}

// Concurrent first uses agree on one Default; Set replaces it and nil
// goes back to a new one.
func TestDefaultConcurrentSafe(t *testing.T) {
	type tracer struct{ n int }
	var (
		d     Default[tracer]
		mu    sync.Mutex
		made  int
		wg    sync.WaitGroup
		got   [8]*tracer
		newFn = func() *tracer { mu.Lock(); defer mu.Unlock(); made++; return &tracer{n: made} }
	)
	for i := range got {
		wg.Go(func() { got[i] = d.Get(newFn) })
	}
	wg.Wait()
	for _, g := range got {
		if g != got[0] {
			t.Fatal("concurrent first uses got different Defaults")
		}
	}
	mine := &tracer{}
	d.Set(mine)
	if d.Get(newFn) != mine {
		t.Error("Set did not replace the Default")
	}
	d.Set(nil)
	if g := d.Get(newFn); g == mine || g == nil {
		t.Error("Set(nil) did not go back to a new Default")
	}
}

func TestNonNil(t *testing.T) {
	//lint:ignore SA1012 a nil context is the mistake under test
	if NonNil(nil) == nil { //nolint:staticcheck
		t.Error("a nil context stays nil")
	}
	type key struct{}
	ctx := context.WithValue(context.Background(), key{}, 1)
	if NonNil(ctx) != ctx {
		t.Error("a context is replaced")
	}
}
