package noveumopenai

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user and system) the process has used. On
// a shared machine it measures the work a benchmark does, where wall time
// also counts the time spent waiting for a CPU.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
