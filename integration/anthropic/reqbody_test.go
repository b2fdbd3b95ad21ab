package noveumanthropic

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"
)

// The request body is put back as it was read, whatever its announced
// length, and a read failure reaches the transport as it would have.
func TestReadRequestBody(t *testing.T) {
	boom := errors.New("boom")
	for _, tc := range []struct {
		name   string
		body   io.Reader
		length int64
		want   string
		ok     bool
	}{
		{"as announced", strings.NewReader(`{"model":"m"}`), 13, `{"model":"m"}`, true},
		{"unknown length", iotest.OneByteReader(strings.NewReader(`{"model":"m"}`)), -1, `{"model":"m"}`, true},
		{"longer than announced", strings.NewReader(`{"model":"m"}`), 5, `{"model":"m"}`, true},
		{"shorter than announced", strings.NewReader(`{"a"}`), 13, `{"a"}`, true},
		{"failing", io.MultiReader(strings.NewReader(`{"mo`), iotest.ErrReader(boom)), 13, `{"mo`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, "http://x/v1/messages", io.NopCloser(tc.body))
			req.ContentLength = tc.length
			body, ok := readRequestBody(req)
			if ok != tc.ok || (ok && string(body) != tc.want) {
				t.Errorf("read %q, %v; want %q, %v", body, ok, tc.want, tc.ok)
			}
			again, err := io.ReadAll(req.Body)
			if string(again) != tc.want || (tc.ok != (err == nil)) || (!tc.ok && !errors.Is(err, boom)) {
				t.Errorf("the request now reads %q, %v", again, err)
			}
		})
	}
}
