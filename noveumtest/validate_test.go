package noveumtest_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/Noveum/noveum-trace-go/noveumtest"
)

type invalidBody struct {
	name string
	body []byte
	want []string // substrings of the error: the failing path first
}

// invalidBodies are the fixture broken in one place each.
func invalidBodies(t testing.TB) []invalidBody {
	valid := validBody(t)
	e := func(f func(map[string]any)) []byte { return edit(t, valid, f) }
	return []invalidBody{
		{
			name: "missing field",
			body: e(func(d map[string]any) { delete(firstTrace(d), "project") }),
			want: []string{"/traces/0:", "project"},
		},
		{
			name: "bad uuid",
			body: e(func(d map[string]any) { span(d, 0)["span_id"] = "53995c3f42cd8ad8" }),
			want: []string{"/traces/0/spans/0/span_id:"},
		},
		{
			name: "uppercase uuid",
			body: e(func(d map[string]any) { firstTrace(d)["trace_id"] = "4BF92F35-77B3-4DA6-A3CE-929D0E0E4736" }),
			want: []string{"/traces/0/trace_id:"},
		},
		{
			name: "bad parent uuid",
			body: e(func(d map[string]any) { span(d, 1)["parent_span_id"] = "53995c3f42cd8ad8" }),
			want: []string{"/traces/0/spans/1/parent_span_id:"},
		},
		{
			name: "timestamp with Z",
			body: e(func(d map[string]any) { firstTrace(d)["start_time"] = "2026-11-26T21:15:03.217626Z" }),
			want: []string{"/traces/0/start_time:"},
		},
		{
			name: "timestamp in milliseconds",
			body: e(func(d map[string]any) { span(d, 1)["end_time"] = "2026-11-26T21:15:03.800+00:00" }),
			want: []string{"/traces/0/spans/1/end_time:"},
		},
		{
			name: "wrong status enum",
			body: e(func(d map[string]any) { span(d, 1)["status"] = "failed" }),
			want: []string{"/traces/0/spans/1/status:", "ok"},
		},
		{
			name: "wrong otel kind",
			body: e(func(d map[string]any) { span(d, 1)["otel"].(map[string]any)["kind"] = "client" }),
			want: []string{"/traces/0/spans/1/otel/kind:"},
		},
		{
			name: "unknown field",
			body: e(func(d map[string]any) { span(d, 0)["type"] = "agent" }),
			want: []string{"/traces/0/spans/0:", "type"},
		},
		{
			name: "empty name",
			body: e(func(d map[string]any) { firstTrace(d)["name"] = "" }),
			want: []string{"/traces/0/name:"},
		},
		{
			name: "no traces",
			body: e(func(d map[string]any) { d["traces"] = []any{} }),
			want: []string{"/traces:"},
		},
		{
			name: "send timestamp as string",
			body: e(func(d map[string]any) { d["timestamp"] = "1795727703.31913" }),
			want: []string{"/timestamp:"},
		},
		{
			name: "not JSON",
			body: []byte(`{"traces": [`),
			want: []string{"not valid JSON"},
		},
		{
			name: "trailing garbage",
			body: append(bytes.Clone(valid), []byte("{}")...),
			want: []string{"not valid JSON"},
		},
	}
}

func TestValidateBatch(t *testing.T) {
	require.NoError(t, noveumtest.ValidateBatch(validBody(t)))
	for _, tc := range invalidBodies(t) {
		t.Run(tc.name, func(t *testing.T) {
			err := noveumtest.ValidateBatch(tc.body)
			require.Error(t, err)
			for _, want := range tc.want {
				assert.Contains(t, err.Error(), want)
			}
		})
	}
}

func TestValidateBatchListsEveryViolation(t *testing.T) {
	body := edit(t, validBody(t), func(d map[string]any) {
		span(d, 0)["status"] = "bad"
		span(d, 1)["status"] = "bad"
	})
	err := noveumtest.ValidateBatch(body)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/traces/0/spans/0/status:")
	assert.Contains(t, err.Error(), "/traces/0/spans/1/status:")
}

// The project keeps its own copies of the shared spec's schemas and of the
// Python SDK's fixture, so that it stands alone; when the workspace's
// shared folder is beside the checkout, the copies must match it.
func TestEmbeddedSchemaMatchesSpec(t *testing.T) {
	for _, c := range []struct {
		shared string
		copy   []byte
		where  string
	}{
		{"../../shared/spec/noveum-batch.schema.json", noveumtest.EmbeddedSchema, "schema/noveum-batch.schema.json"},
		{"../../shared/spec/noveum-batch.go-profile.schema.json", noveumtest.EmbeddedGoProfile, "schema/noveum-batch.go-profile.schema.json"},
		{"../../shared/fixtures/python-sdk-1.5.17-batch.json", readFile(t, "testdata/python-sdk-1.5.17-batch.json"), "testdata/python-sdk-1.5.17-batch.json"},
	} {
		spec, err := os.ReadFile(c.shared)
		if errors.Is(err, fs.ErrNotExist) {
			t.Logf("%s is absent (not a full workspace checkout): nothing to compare with", c.shared)
			continue
		}
		require.NoError(t, err)
		assert.True(t, bytes.Equal(spec, c.copy), "%s differs from %s: copy it again", c.where, c.shared)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

// The body the real Python SDK (1.5.17) sent is what the API accepts:
// ValidateBatch passes it, and the Go profile, stricter, does not (its ids
// are uuid4 too, but its sdk.name is the Python SDK's).
func TestValidatePythonSDKBody(t *testing.T) {
	body := readFile(t, "testdata/python-sdk-1.5.17-batch.json")
	require.NoError(t, noveumtest.ValidateBatch(body))
	err := noveumtest.ValidateGoProfile(body)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/traces/0/sdk/name")
}

// A status the API accepts but this SDK never sends fails the profile only.
func TestGoProfileIsStricter(t *testing.T) {
	body := edit(t, validBody(t), func(d map[string]any) { span(d, 0)["status"] = "timeout" })
	require.NoError(t, noveumtest.ValidateBatch(body))
	err := noveumtest.ValidateGoProfile(body)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/traces/0/spans/0/status")
}
