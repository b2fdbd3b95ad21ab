package noveumtrace

import (
	"fmt"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/redact"
)

// RedactOptions returns the redact.Processor options that cfg describes
// (RedactMode, RedactKey, RedactDetectors, RedactIdentity) and whether
// redaction is on
// (Redact, and the SDK not Disabled). Use it to build the redactor of an
// existing OpenTelemetry setup from the same configuration as the
// exporter:
//
//	opts, on, err := noveumtrace.RedactOptions(cfg)
//	...
//	var sp sdktrace.SpanProcessor = exp
//	if on {
//		sp, err = redact.NewProcessor(exp, opts...)
//		...
//	}
//
// It fails, naming the config field and never showing the key, when the
// configuration cannot make a processor: a pseudonym mode (RedactMode or
// RedactIdentity) without a key, a short key, an unknown mode or detector.
func RedactOptions(cfg config.Config) ([]redact.Option, bool, error) {
	on := cfg.Redact && !cfg.Disabled
	var opts []redact.Option
	switch cfg.RedactMode {
	case config.RedactModeLabel, "": // the zero Config means the default
		opts = append(opts, redact.WithMode(config.RedactModeLabel))
	case config.RedactModePseudonym:
		opts = append(opts, redact.WithMode(config.RedactModePseudonym))
	default:
		return nil, on, fmt.Errorf("noveumtrace: config RedactMode %q: use %q or %q", cfg.RedactMode, config.RedactModeLabel, config.RedactModePseudonym)
	}
	if cfg.RedactKey != "" {
		if len(cfg.RedactKey) < config.MinRedactKeyBytes {
			return nil, on, fmt.Errorf("noveumtrace: config RedactKey: %w", redact.ErrShortKey)
		}
		opts = append(opts, redact.WithKey([]byte(cfg.RedactKey)))
	} else if on && cfg.RedactMode == config.RedactModePseudonym {
		return nil, on, fmt.Errorf("noveumtrace: config RedactKey: %w", redact.ErrNoKey)
	}
	switch cfg.RedactIdentity {
	case config.RedactIdentityKeep, "": // the zero Config means the default
		opts = append(opts, redact.WithIdentity(config.RedactIdentityKeep))
	case config.RedactIdentityPseudonym:
		if cfg.RedactKey == "" && on {
			return nil, on, fmt.Errorf("noveumtrace: config RedactKey: RedactIdentity %q needs a key: %w", cfg.RedactIdentity, redact.ErrNoKey)
		}
		opts = append(opts, redact.WithIdentity(config.RedactIdentityPseudonym))
	default:
		return nil, on, fmt.Errorf("noveumtrace: config RedactIdentity %q: use %q or %q", cfg.RedactIdentity, config.RedactIdentityKeep, config.RedactIdentityPseudonym)
	}
	names, ok := config.ParseRedactDetectors(cfg.RedactDetectors)
	if !ok {
		return nil, on, fmt.Errorf("noveumtrace: config RedactDetectors %q names an unknown detector: use all, none or some of %v",
			cfg.RedactDetectors, config.RedactDetectorNames)
	}
	detectors := make([]redact.Detector, 0, len(names))
	for _, n := range names {
		d, err := redact.ParseDetector(n)
		if err != nil {
			return nil, on, fmt.Errorf("noveumtrace: config RedactDetectors: %w", err)
		}
		detectors = append(detectors, d)
	}
	opts = append(opts, redact.WithDetectors(detectors...))
	return opts, on, nil
}
