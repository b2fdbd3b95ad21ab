package goopenai

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the CPU time (user and system) the process has used.
// The benchmarks report it next to the wall time because on a shared,
// overloaded machine the wall time mostly measures the wait for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per op since start, divided by per (1
// for per-op figures), under unit.
func reportCPU(b *testing.B, start time.Duration, per float64, unit string) {
	b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N)/per, unit)
}
