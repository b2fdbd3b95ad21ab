package exporter

import (
	"net/http"

	"go.opentelemetry.io/otel/metric"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter/internal/handoff"
)

// Option configures an Exporter.
type Option interface {
	apply(*settings)
}

type optionFunc func(*settings)

func (f optionFunc) apply(s *settings) { f(s) }

type settings struct {
	cfg        *config.Config  // a complete config from WithConfig; nil means load one
	cfgOpts    []config.Option // applied over file and environment
	client     *http.Client
	meter      metric.MeterProvider
	onError    func(error)
	clock      clock
	sentMemory int
	shards     int
	salt       *uint64      // the trace id salt; nil picks a random one
	sink       handoff.Sink // the Collector component's delivery (handoff.go); nil posts
}

// WithConfig makes the exporter use cfg as it is, instead of loading the
// configuration file and environment, so that one Config can be shared by
// the SDK's parts. Options given with WithConfigOptions still apply on top.
func WithConfig(cfg config.Config) Option {
	return optionFunc(func(s *settings) { s.cfg = &cfg })
}

// WithConfigOptions applies config options over the defaults, the
// configuration file and the environment, for settings without a shortcut
// here, for example config.WithQueueSize or config.WithRetryBudget.
func WithConfigOptions(opts ...config.Option) Option {
	return optionFunc(func(s *settings) { s.cfgOpts = append(s.cfgOpts, opts...) })
}

// WithAPIKey sets the API key, overriding NOVEUM_API_KEY and the file.
func WithAPIKey(key string) Option { return WithConfigOptions(config.WithAPIKey(key)) }

// WithProject sets the project, overriding NOVEUM_PROJECT and the file.
func WithProject(project string) Option { return WithConfigOptions(config.WithProject(project)) }

// WithEnvironment sets the environment, overriding NOVEUM_ENVIRONMENT and the file.
func WithEnvironment(env string) Option { return WithConfigOptions(config.WithEnvironment(env)) }

// WithEndpoint sets the API base URL (for example
// "http://127.0.0.1:4319/api" for noveum-local), overriding NOVEUM_ENDPOINT
// and the file.
func WithEndpoint(url string) Option { return WithConfigOptions(config.WithEndpoint(url)) }

// WithGzip turns on gzip request compression, overriding NOVEUM_COMPRESSION
// and the file. The official Noveum SDKs do not compress, so it is opt-in.
func WithGzip() Option { return WithConfigOptions(config.WithCompression(config.CompressionGzip)) }

// WithBlocking makes OnEnd wait for room, instead of dropping the span,
// when the queue or the memory budget is full, overriding NOVEUM_BLOCKING
// and the file: for batch jobs that must not lose a span. The wait lasts
// as long as the endpoint takes to accept what is held (it ends at
// Shutdown), so the application slows to the endpoint's pace; waits are
// counted in Stats.BlockedWaits. Without it OnEnd never blocks.
func WithBlocking() Option { return WithConfigOptions(config.WithBlocking(true)) }

// WithHTTPClient sends requests with client instead of a client of the
// exporter's own. The per-request timeout still comes from Config.Timeout.
// A client given here is not closed by Shutdown. The exporter uses a copy
// of it that never follows redirects (whatever client.CheckRedirect says);
// client itself is not changed.
func WithHTTPClient(client *http.Client) Option {
	return optionFunc(func(s *settings) { s.client = client })
}

// WithMeterProvider publishes the exporter's counters as OpenTelemetry
// metrics through mp (see the package documentation for their names).
func WithMeterProvider(mp metric.MeterProvider) Option {
	return optionFunc(func(s *settings) { s.meter = mp })
}

// WithErrorHandler receives the exporter's errors (failed requests, drops)
// instead of otel.Handle, which is the default.
func WithErrorHandler(handle func(error)) Option {
	return optionFunc(func(s *settings) { s.onError = handle })
}
