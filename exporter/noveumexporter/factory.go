package noveumexporter

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/exporter"
)

// componentType is the exporter's name in Collector configuration.
var componentType = component.MustNewType("noveum")

// NewFactory returns the factory of the noveum exporter, for a Collector
// distribution's exporter list (see cmd/noveum-collector).
func NewFactory() exporter.Factory {
	return exporter.NewFactory(componentType,
		func() component.Config { return createDefaultConfig() },
		exporter.WithTraces(createTraces, component.StabilityLevelAlpha))
}

func createTraces(ctx context.Context, set exporter.Settings, cfg component.Config) (exporter.Traces, error) {
	return newTracesExporter(ctx, set, cfg.(*Config))
}
