//go:build race

package bench

// raceEnabled: the race detector changes allocation patterns, so heap
// figures taken under it are not the exporter's.
const raceEnabled = true
