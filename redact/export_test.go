package redact

// UseNaiveFinder makes p detect with the naive regexp implementation of
// scan_bench_test.go, for the comparison the issue asks for.
func UseNaiveFinder(p *Processor) { p.r.find = newNaiveFinder() }
