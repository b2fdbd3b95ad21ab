package semconv_test

import (
	"slices"
	"testing"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// The MCP duration histograms use the convention's own buckets, not the
// GenAI doubling ones, and each call returns a fresh slice.
func TestMCPOperationDurationBuckets(t *testing.T) {
	want := []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300}
	got := semconv.MCPOperationDurationBuckets()
	if !slices.Equal(got, want) {
		t.Fatalf("buckets = %v, want %v", got, want)
	}
	got[0] = 99
	if semconv.MCPOperationDurationBuckets()[0] != 0.01 {
		t.Error("MCPOperationDurationBuckets shares its slice")
	}
}

func TestMCPMetricNamesAndValues(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{semconv.MCPClientOperationDurationName, "mcp.client.operation.duration"},
		{semconv.MCPServerOperationDurationName, "mcp.server.operation.duration"},
		{semconv.MCPClientOperationDurationUnit, "s"},
		{semconv.MCPServerOperationDurationUnit, "s"},
		{semconv.NetworkTransportPipe, "pipe"},
		{semconv.NetworkTransportTCP, "tcp"},
		{semconv.ErrorTypeToolError, "tool_error"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
