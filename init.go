package noveumtrace

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/agents/agentsdk"
	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/internal/progname"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/redact"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// Option configures Init and InitProvider. A nil Option is ignored.
// Options are made by the With functions of this package.
type Option interface {
	apply(*initSettings)
}

// optionFunc makes a function an Option.
type optionFunc func(*initSettings)

func (f optionFunc) apply(s *initSettings) { f(s) }

type initSettings struct {
	config   []config.Option
	noGlobal bool
	resource *resource.Resource
	existing *sdktrace.TracerProvider
	logs     log.LoggerProvider
}

// WithConfigOptions applies config options on top of the configuration
// file and the environment (config.Load), for example config.WithProject,
// as exporter.WithConfigOptions does for an exporter alone.
func WithConfigOptions(opts ...config.Option) Option {
	return optionFunc(func(s *initSettings) { s.config = append(s.config, opts...) })
}

// WithoutGlobal keeps Init from registering its TracerProvider and the W3C
// propagators as the OpenTelemetry globals, and from making its llm and
// agents Tracers the packages' defaults: use InitProvider to get the
// provider and pass it on yourself.
func WithoutGlobal() Option { return optionFunc(func(s *initSettings) { s.noGlobal = true }) }

// WithTracerProvider plugs Noveum into a TracerProvider you already have,
// instead of making one: Init registers the identity processor and the
// exporter (behind the redactor when Redact is on) on tp, and points the
// llm and agents helpers at it. tp keeps its resource and sampler, and Init
// leaves the global provider and propagators as they are. The returned
// shutdown flushes the whole of tp (tp.ForceFlush: the application's own
// processors and exporters deliver their spans too), then shuts down and
// removes only what Init added. It never shuts tp down: tp goes on running
// and stays the caller's to shut down.
func WithTracerProvider(tp *sdktrace.TracerProvider) Option {
	return optionFunc(func(s *initSettings) { s.existing = tp })
}

// WithLoggerProvider emits the GenAI content event
// (gen_ai.client.inference.operation.details, with capture modes EVENT_ONLY
// and SPAN_AND_EVENT) as log records through lp, as the convention defines
// it. Without it, Init uses the global LoggerProvider when the application
// registered one (otel.SetLoggerProvider), and span events otherwise.
func WithLoggerProvider(lp log.LoggerProvider) Option {
	return optionFunc(func(s *initSettings) { s.logs = lp })
}

// WithResource merges res into the resource Init builds, res winning.
func WithResource(res *resource.Resource) Option {
	return optionFunc(func(s *initSettings) { s.resource = res })
}

// Init sets the SDK up in one call: it loads the configuration (defaults,
// file, environment, then opts), builds the resource (service.name from
// the project, or the program's name without one, unless
// OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES set it;
// service.version, deployment.environment.name), the Noveum exporter, the
// redactor in front of it when Redact is on, the identity processor, head
// sampling by SampleRate (parent-based), and a TracerProvider; it
// registers the provider and the W3C trace-context and baggage
// propagators globally and makes the llm and agents helpers use the
// provider and the configuration, unless WithoutGlobal. With
// WithTracerProvider it adds the processors to a provider the application
// already has instead.
//
// The returned function flushes and shuts down within its context's
// deadline; call it before the program exits. It may be called more than
// once. On the provider Init made, it shuts the provider down (every ended
// span is delivered or counted as dropped). With WithTracerProvider, it
// flushes the whole provider (tp.ForceFlush, the application's processors
// included), then shuts down and unregisters only what Init added: tp is
// never shut down, it stays the caller's. With Disabled
// (NOVEUM_DISABLED=true) Init does nothing and returns a shutdown that does
// nothing.
//
// Init fails, before changing anything global, when the configuration is
// invalid; the error names each bad field and its fix.
func Init(ctx context.Context, opts ...Option) (shutdown func(context.Context) error, err error) {
	s := settingsOf(opts)
	tp, added, err := setup(ctx, s)
	if err != nil || tp == nil {
		return func(context.Context) error { return nil }, err
	}
	var once sync.Once
	var shutdownErr error
	return func(ctx context.Context) error {
		once.Do(func() {
			if s.existing == nil {
				shutdownErr = tp.Shutdown(ctx)
			} else {
				// Flush the whole provider, the application's own
				// processors too (what the user expects of "flush"); then
				// stop what Init added within ctx and take it off the
				// provider (which shuts it down again, at once). tp itself
				// stays the caller's.
				shutdownErr = tp.ForceFlush(ctx)
				for _, sp := range added {
					shutdownErr = errors.Join(shutdownErr, sp.Shutdown(ctx))
				}
				for _, sp := range added {
					tp.UnregisterSpanProcessor(sp)
				}
			}
			if !s.noGlobal {
				llm.SetDefault(nil)
				agents.SetDefault(nil)
			}
		})
		return shutdownErr
	}, nil
}

func settingsOf(opts []Option) initSettings {
	var s initSettings
	for _, opt := range opts {
		if opt != nil {
			opt.apply(&s)
		}
	}
	return s
}

// InitProvider does what Init does and returns the TracerProvider, for
// callers that manage its lifetime themselves (tp.Shutdown flushes and
// stops it). It returns a nil provider and no error when the SDK is
// disabled.
func InitProvider(ctx context.Context, opts ...Option) (*sdktrace.TracerProvider, error) {
	tp, _, err := setup(ctx, settingsOf(opts))
	return tp, err
}

// setup does the work of Init and InitProvider; added lists the span
// processors it registered (on the provider given by WithTracerProvider,
// or on the one it made).
func setup(ctx context.Context, s initSettings) (tp *sdktrace.TracerProvider, added []sdktrace.SpanProcessor, err error) {
	// Content capture is on under Init (Noveum evaluates prompts and
	// answers), unless a file, the environment or an option says otherwise.
	cfg, err := config.Load(append([]config.Option{config.WithDefaultCaptureContent(config.CaptureSpanOnly)}, s.config...)...)
	if err != nil {
		return nil, nil, err // "noveum config: ...": every problem, its source and its fix
	}
	if cfg.Disabled {
		return nil, nil, nil
	}
	llmOpts, err := LLMOptions(cfg)
	if err != nil {
		return nil, nil, err
	}
	redactOpts, redactOn, err := RedactOptions(cfg)
	if err != nil {
		return nil, nil, err
	}
	var res *resource.Resource
	if s.existing == nil {
		if res, err = buildResource(ctx, cfg, s.resource); err != nil {
			return nil, nil, err
		}
	}
	exp, err := exporter.New(ctx, exporter.WithConfig(cfg))
	if err != nil {
		return nil, nil, err
	}
	var sp sdktrace.SpanProcessor = exp
	if redactOn {
		if sp, err = redact.NewProcessor(exp, redactOpts...); err != nil {
			return nil, nil, errors.Join(err, exp.Shutdown(ctx))
		}
	}
	added = []sdktrace.SpanProcessor{agentsdk.NewIdentityProcessor(), sp}
	if tp = s.existing; tp != nil {
		for _, p := range added {
			tp.RegisterSpanProcessor(p)
		}
	} else {
		tp = sdktrace.NewTracerProvider(
			sdktrace.WithResource(res),
			sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(cfg.SampleRate))),
			sdktrace.WithSpanProcessor(added[0]),
			sdktrace.WithSpanProcessor(added[1]),
		)
	}
	if !s.noGlobal {
		if s.existing == nil {
			otel.SetTracerProvider(tp)
			otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
		}
		if lp := loggerProvider(s); lp != nil {
			llmOpts = append(llmOpts, llm.WithLoggerProvider(lp))
		}
		llm.SetDefault(llm.NewTracer(append(llmOpts, llm.WithTracerProvider(tp))...))
		agents.SetDefault(agents.NewTracer(append(AgentsOptions(cfg), agents.WithTracerProvider(tp))...))
	}
	return tp, added, nil
}

// buildResource makes the service's resource: the configuration's values
// first, then what the environment (OTEL_SERVICE_NAME,
// OTEL_RESOURCE_ATTRIBUTES) and the caller say, which win.
func buildResource(ctx context.Context, cfg config.Config, extra *resource.Resource) (*resource.Resource, error) {
	base := []resource.Option{resource.WithTelemetrySDK()}
	// service.name: the project, else the program's name (which the
	// exporter then also uses as the project); OTEL_SERVICE_NAME wins.
	service := cfg.Project
	if service == "" {
		service = progname.Name()
	}
	base = append(base, resource.WithAttributes(semconv.ServiceName(service)))
	if cfg.ServiceVersion != "" {
		base = append(base, resource.WithAttributes(semconv.ServiceVersion(cfg.ServiceVersion)))
	}
	base = append(base, resource.WithAttributes(semconv.DeploymentEnvironmentName(cfg.Environment)), resource.WithFromEnv())
	res, err := resource.New(ctx, base...)
	if err != nil {
		return nil, fmt.Errorf("noveumtrace: building the resource: %w", err)
	}
	if extra != nil {
		if res, err = resource.Merge(res, extra); err != nil {
			return nil, fmt.Errorf("noveumtrace: merging the resource: %w", err)
		}
	}
	return res, nil
}

// loggerProvider returns the LoggerProvider the llm helpers emit content
// events through: WithLoggerProvider's, else the global one when the
// application registered one, else nil (span events). Before
// otel.SetLoggerProvider, the global is the API's own delegating
// placeholder, which drops records until a provider is set: Init does not
// send events there.
func loggerProvider(s initSettings) log.LoggerProvider {
	if s.logs != nil {
		return s.logs
	}
	lp := otel.GetLoggerProvider()
	if fmt.Sprintf("%T", lp) == "*global.loggerProvider" {
		return nil
	}
	return lp
}
