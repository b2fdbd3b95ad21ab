package noveumtest_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// accept gets each valid body decoded; its error becomes a 500 naming it,
// and nothing else is answered for a body it refused.
func TestHandlerAccept(t *testing.T) {
	var mu sync.Mutex
	var got []noveumtest.Batch
	fail := false
	hs := startHandler(t, func(b noveumtest.Batch) error {
		mu.Lock()
		defer mu.Unlock()
		if fail {
			return errors.New("disk full")
		}
		got = append(got, b)
		return nil
	})
	c := newClient(t)
	body := validBody(t)

	r := send(t, c, newRequest(t, context.Background(), hs.URL+"/api/v1/traces", body))
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.JSONEq(t, `{"success":true,"traces_received":1}`, r.body)
	require.Len(t, got, 1)
	assert.Equal(t, "4bf92f35-77b3-4da6-a3ce-929d0e0e4736", got[0].Traces[0].TraceID)

	// No duplicate detection: accept sees the trace again.
	r = send(t, c, newRequest(t, context.Background(), hs.URL+"/api/v1/traces", body))
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Len(t, got, 2)

	mu.Lock()
	fail = true
	mu.Unlock()
	r = send(t, c, newRequest(t, context.Background(), hs.URL+"/api/v1/traces", body))
	assert.Equal(t, http.StatusInternalServerError, r.status)
	assert.Equal(t, "disk full", errorMessage(t, r))

	// A refused body never reaches accept.
	r = send(t, c, newRequest(t, context.Background(), hs.URL+"/api/v1/traces", []byte(`{"traces":[]}`)))
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Len(t, got, 2)
}

// A nil accept takes valid bodies and keeps nothing; the real Python SDK's
// body passes, with its User-Agent.
func TestHandlerNilAcceptPythonBody(t *testing.T) {
	hs := startHandler(t, nil)
	body, err := os.ReadFile("testdata/python-sdk-1.5.17-batch.json")
	require.NoError(t, err)
	req := newRequest(t, context.Background(), hs.URL+"/api/v1/traces", body)
	req.Header.Set("User-Agent", "noveum-trace-sdk/1.5.17")
	r := send(t, newClient(t), req)
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.JSONEq(t, `{"success":true,"traces_received":1}`, r.body)
}
