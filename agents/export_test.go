package agents

import "time"

// WithRegistryClock makes a Registry read time from now, so tests can move
// time without sleeping.
func WithRegistryClock(now func() time.Time) RegistryOption { return withClock(now) }
