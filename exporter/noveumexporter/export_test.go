package noveumexporter

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/exporter"

	noveum "github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/exporter/internal/handoff"
)

// NewFactoryWithSalt is NewFactory with the trace id salt fixed, so that
// tests compare bodies with an in-process exporter of the same salt.
func NewFactoryWithSalt(salt uint64) exporter.Factory {
	return exporter.NewFactory(componentType,
		func() component.Config { return createDefaultConfig() },
		exporter.WithTraces(func(ctx context.Context, set exporter.Settings, cfg component.Config) (exporter.Traces, error) {
			return newTracesExporter(ctx, set, cfg.(*Config), handoff.WithSalt(salt).(noveum.Option))
		}, component.StabilityLevelAlpha))
}
