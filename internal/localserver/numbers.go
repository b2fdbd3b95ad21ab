package localserver

import "math"

// The server adds up numbers it receives (costs, tokens, durations), and
// JSON cannot encode +Inf or NaN: one answer holding such a value would fail
// for as long as the trace is stored, also after a restart. Every number it
// computes goes through these helpers, which saturate instead.

// addFinite returns a+b, saturated at ±math.MaxFloat64; a non-finite b is
// ignored.
func addFinite(a, b float64) float64 {
	if math.IsNaN(b) || math.IsInf(b, 0) {
		return a
	}
	return finite(a + b)
}

// finite returns f, with ±Inf saturated at ±math.MaxFloat64 and NaN as 0.
func finite(f float64) float64 {
	switch {
	case math.IsNaN(f):
		return 0
	case math.IsInf(f, 1):
		return math.MaxFloat64
	case math.IsInf(f, -1):
		return -math.MaxFloat64
	}
	return f
}

// toInt64 converts f toward zero, saturating where int64 ends (Go leaves an
// out-of-range conversion implementation-defined); NaN is 0.
func toInt64(f float64) int64 {
	switch {
	case math.IsNaN(f):
		return 0
	case f >= math.MaxInt64: // 2^63, the first float64 out of range
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}

// addInt64 returns a+b, saturated at the ends of int64.
func addInt64(a, b int64) int64 {
	s := a + b
	switch {
	case a > 0 && b > 0 && s < 0:
		return math.MaxInt64
	case a < 0 && b < 0 && s >= 0:
		return math.MinInt64
	}
	return s
}
