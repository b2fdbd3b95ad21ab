package noveumtrace

import (
	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/config"
)

// AgentsOptions returns the agents.Tracer options that cfg describes:
// whether tool arguments and results are recorded on tool spans
// (CaptureContent SPAN_ONLY or SPAN_AND_EVENT) and their byte budget
// (MaxContentBytes, yielding to a smaller MaxAttributeBytes).
func AgentsOptions(cfg config.Config) []agents.Option {
	return []agents.Option{
		agents.WithCaptureContent(cfg.CaptureContent),
		agents.WithContentLimit(min(cfg.MaxContentBytes, cfg.MaxAttributeBytes)),
	}
}
