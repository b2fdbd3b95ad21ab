package redact

// UseNaiveFinder makes p detect with the naive regexp implementation of
// scan_bench_test.go, to compare the scanner with what a user would write
// instead (one regexp per detector).
func UseNaiveFinder(p *Processor) { p.r.find = newNaiveFinder() }
