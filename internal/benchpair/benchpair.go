// Package benchpair measures an instrumented operation against the same
// operation without the instrumentation, in one benchmark: the two run in
// turn, their order alternating, so that load on a shared machine, GC
// cycles and warm or cold caches fall on both alike. The provider
// integration modules use it for their "at most 1.10x" figures.
package benchpair

import (
	"slices"
	"syscall"
	"testing"
	"time"
)

// CPUNow returns the CPU time the process has used (user + system, every
// thread). On a machine shared with other work, wall time varies with the
// load by more than an instrumentation costs; CPU time does not.
func CPUNow() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Run runs base and traced once each per iteration, alternating their
// order, and reports their mean wall and CPU times per operation and the
// ratios traced / base (wall-ratio, cpu-ratio). per divides the reported
// times (per chunk, say); after, when not nil, runs at the end of each
// iteration, outside the timing.
//
// It also reports the median wall time of each and their ratio
// (wall-ratio-p50): on a shared machine a few operations stalled by other
// work move the means by more than the instrumentation costs, and the
// medians not. CPU time has no median: getrusage is too coarse for one
// operation.
func Run(b *testing.B, per float64, base, traced, after func()) {
	var wallB, wallT, cpuB, cpuT time.Duration
	var eachB, eachT []time.Duration
	b.ReportAllocs()
	odd := false
	for b.Loop() {
		first, second := base, traced
		if odd {
			first, second = traced, base
		}
		c0, t0 := CPUNow(), time.Now()
		first()
		t1, c1 := time.Now(), CPUNow()
		second()
		t2, c2 := time.Now(), CPUNow()
		dB, dT, cB, cT := t1.Sub(t0), t2.Sub(t1), c1-c0, c2-c1
		if odd {
			dB, dT, cB, cT = dT, dB, cT, cB
		}
		wallB, wallT, cpuB, cpuT = wallB+dB, wallT+dT, cpuB+cB, cpuT+cT
		eachB, eachT = append(eachB, dB), append(eachT, dT)
		odd = !odd
		if after != nil {
			after()
		}
	}
	n := float64(b.N) * per
	b.ReportMetric(float64(wallB.Nanoseconds())/n, "wall-ns-untraced")
	b.ReportMetric(float64(wallT.Nanoseconds())/n, "wall-ns-traced")
	b.ReportMetric(float64((wallT-wallB).Nanoseconds())/n, "wall-ns-added")
	b.ReportMetric(float64((cpuT-cpuB).Nanoseconds())/n, "cpu-ns-added")
	if wallB > 0 && cpuB > 0 {
		b.ReportMetric(float64(wallT)/float64(wallB), "wall-ratio")
		b.ReportMetric(float64(cpuT)/float64(cpuB), "cpu-ratio")
	}
	if medB, medT := Median(eachB), Median(eachT); medB > 0 {
		b.ReportMetric(float64(medB.Nanoseconds())/per, "wall-ns-untraced-p50")
		b.ReportMetric(float64(medT.Nanoseconds())/per, "wall-ns-traced-p50")
		b.ReportMetric(float64(medT)/float64(medB), "wall-ratio-p50")
	}
}

// Median returns the median of d, sorting it; 0 for none.
func Median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	if n := len(d); n%2 == 0 {
		return (d[n/2-1] + d[n/2]) / 2
	}
	return d[len(d)/2]
}
