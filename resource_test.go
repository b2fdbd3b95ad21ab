package noveumtrace_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/resource"

	noveumtrace "github.com/Noveum/noveum-trace-go"
	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/noveumtest"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// WithResource: the caller's resource attributes reach the payload, in
// the trace's attributes and its otel.resource, and win over the ones Init
// builds from the configuration.
func TestInitWithResource(t *testing.T) {
	cleanEnv(t)
	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	defer srv.Close()
	res := resource.NewSchemaless(attribute.String("k8s.pod.name", "checkout-7f9c"), semconv.ServiceVersion("9.9.9"))
	tp, err := noveumtrace.InitProvider(context.Background(), noveumtrace.WithoutGlobal(), noveumtrace.WithResource(res),
		noveumtrace.WithConfigOptions(config.WithEndpoint(srv.URL), config.WithProject("checkout"), config.WithServiceVersion("1.2.3")))
	require.NoError(t, err)
	_, s := tp.Tracer("t").Start(context.Background(), "work")
	s.End()
	require.NoError(t, tp.Shutdown(context.Background()))

	traces := srv.Traces()
	require.Len(t, traces, 1)
	tr := traces[0]
	assert.Equal(t, "checkout-7f9c", tr.OTel.Resource["k8s.pod.name"], "the caller's attribute is in the resource sent")
	assert.Equal(t, "checkout-7f9c", tr.Attributes["k8s.pod.name"], "and among the trace's attributes")
	assert.Equal(t, "9.9.9", tr.OTel.Resource["service.version"], "the caller's resource wins over the configuration")
	assert.Equal(t, "checkout", tr.OTel.Resource["service.name"], "what it does not set is kept")
}
