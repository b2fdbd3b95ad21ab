package noveumanthropic_test

import (
	"slices"
	"syscall"
	"testing"
	"time"
)

// cpuNow returns the CPU time the process has used (user + system, every
// thread). On a machine shared with other work, wall time varies with the
// load by more than the middleware costs; CPU time does not.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// pair runs base and traced once each per iteration, alternating their order, and
// reports their mean wall and CPU times per operation, and the ratios
// traced / base. per divides the reported times (per chunk); after, when
// not nil, runs at the end of each iteration, outside the timing.
//
// It also reports the median wall time of each and their ratio
// (wall-ratio-p50): on a shared machine a few operations stalled by other
// work (descheduled, or waiting for a busy core) move the means by more
// than the middleware costs, and the medians not. CPU time has no median:
// getrusage is too coarse for one operation.
func pair(b *testing.B, per float64, base, traced, after func()) {
	var wallB, wallT, cpuB, cpuT time.Duration
	var eachB, eachT []time.Duration
	b.ReportAllocs()
	odd := false
	for b.Loop() {
		// Alternate which goes first, so that neither pays for the other
		// systematically (a GC cycle, the after hook, a cold connection).
		if odd {
			c0, t0 := cpuNow(), time.Now()
			traced()
			t1, c1 := time.Now(), cpuNow()
			base()
			t2, c2 := time.Now(), cpuNow()
			wallT += t1.Sub(t0)
			wallB += t2.Sub(t1)
			cpuT += c1 - c0
			cpuB += c2 - c1
			eachT, eachB = append(eachT, t1.Sub(t0)), append(eachB, t2.Sub(t1))
		} else {
			c0, t0 := cpuNow(), time.Now()
			base()
			t1, c1 := time.Now(), cpuNow()
			traced()
			t2, c2 := time.Now(), cpuNow()
			wallB += t1.Sub(t0)
			wallT += t2.Sub(t1)
			cpuB += c1 - c0
			cpuT += c2 - c1
			eachB, eachT = append(eachB, t1.Sub(t0)), append(eachT, t2.Sub(t1))
		}
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
	if medB, medT := median(eachB), median(eachT); medB > 0 {
		b.ReportMetric(float64(medB.Nanoseconds())/per, "wall-ns-untraced-p50")
		b.ReportMetric(float64(medT.Nanoseconds())/per, "wall-ns-traced-p50")
		b.ReportMetric(float64(medT)/float64(medB), "wall-ratio-p50")
	}
}

// median returns the median of d (sorting it), 0 for none.
func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	if n := len(d); n%2 == 0 {
		return (d[n/2-1] + d[n/2]) / 2
	}
	return d[len(d)/2]
}
