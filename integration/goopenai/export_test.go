package goopenai

// CPUTime and ReportCPU serve the benchmarks of package goopenai_test.
var (
	CPUTime   = cpuTime
	ReportCPU = reportCPU
)
