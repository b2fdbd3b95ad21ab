package bench

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	noveumtrace "github.com/Noveum/noveum-trace-go"
	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
)

// The end-to-end benchmark: the pipeline a user runs (Init with its
// defaults, the llm and agents helpers) against the same spans written
// with plain OTel attributes through sdktrace.WithBatcher(otlptracehttp),
// both into a sink in another process that counts the spans arriving.
// See docs/performance.md, "End-to-end pipeline (issue 10)".
var (
	e2eOn          = flag.Bool("e2e", false, "run the end-to-end benchmark TestEndToEnd (or BENCH_E2E=1)")
	e2eDuration    = flag.Duration("e2e.duration", 4*time.Second, "paced mode: how long each arm runs at each rate (or BENCH_E2E_DURATION)")
	e2eRates       = flag.String("e2e.rates", "500,1000,2000,3000,6000,12000", "paced mode: offered rates, traces/s (or BENCH_E2E_RATES)")
	e2eReps        = flag.Int("e2e.reps", 3, "repetitions, interleaved (or BENCH_E2E_REPS)")
	e2eCompression = flag.String("e2e.compression", "none,gzip", "compressions to compare: none, gzip or both (or BENCH_E2E_COMPRESSION)")
	e2eFlatOut     = flag.Bool("e2e.flatout", true, "also search each arm's highest zero-loss rate (or BENCH_E2E_FLATOUT=0 to skip)")
	e2eArms        = flag.String("e2e.arms", "noveum,otel", "arms to run, for profiling one alone (or BENCH_E2E_ARMS)")
	e2eFlatDur     = flag.Duration("e2e.flatout.duration", 4*time.Second, "flat-out mode: how long each trial runs; shorter trials end before the Noveum exporter holds its steady-state memory (or BENCH_E2E_FLATOUT_DURATION)")
)

// e2eWorkers goroutines make the turns, as the measurement did.
const e2eWorkers = 4

func envOr[T any](name string, flagValue T, parse func(string) (T, error)) T {
	if v := os.Getenv(name); v != "" {
		if p, err := parse(v); err == nil {
			return p
		}
	}
	return flagValue
}

type e2eArm string

const (
	armNoveum e2eArm = "noveum"
	armOTel   e2eArm = "otel"
)

// armResult is one run of one arm at one offered rate.
type armResult struct {
	arm          e2eArm
	gzip         bool
	rate         int // offered, traces/s
	dur          time.Duration
	turns        int64 // traces offered (made by the application)
	spansOffered int64
	delivered    int64 // spans the sink decoded
	traceObjects int64 // Noveum trace objects received (continuations count again)
	drops        map[string]int64
	otherErrors  int64
	firstError   string
	cpu          time.Duration // this process's user+system CPU, setup to shutdown
	peakHeap     uint64        // live heap objects, sampled every 20 ms
	shutdownErr  error
	wireBytes    int64
}

func (r armResult) lost() int64 { return r.spansOffered - r.delivered }

func (r armResult) lostPct() float64 {
	if r.spansOffered == 0 {
		return 0
	}
	return 100 * float64(r.lost()) / float64(r.spansOffered)
}

// cpuPerK is CPU per 1,000 delivered traces, in ms.
func (r armResult) cpuPerK() float64 {
	if r.delivered == 0 {
		return 0
	}
	return r.cpu.Seconds() * 1000 / (float64(r.delivered) / spansPerTurn) * 1000
}

func (r armResult) achieved() float64 { return float64(r.turns) / r.dur.Seconds() }

// sustained: nothing lost, and the application made at least 95% of the
// offered turns (on a saturated machine it cannot).
func (r armResult) sustained() bool {
	return r.lost() == 0 && r.achieved() >= 0.95*float64(r.rate) && r.shutdownErr == nil
}

func (r armResult) dropText() string {
	var parts []string
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range r.drops {
			if !yield(k) {
				return
			}
		}
	}) {
		parts = append(parts, fmt.Sprintf("%s=%d", k, r.drops[k]))
	}
	if r.otherErrors > 0 {
		parts = append(parts, fmt.Sprintf("errors=%d", r.otherErrors))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, " ")
}

func compName(gz bool) string {
	if gz {
		return "gzip"
	}
	return "none"
}

// errorCollector receives what the exporter reports through otel.Handle
// during one arm's run: its drops by reason (exporter.DropError) and any
// other error.
type errorCollector struct {
	mu    sync.Mutex
	drops map[string]int64
	other int64
	first string
}

func (c *errorCollector) handle(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var de *exporter.DropError
	if errors.As(err, &de) {
		c.drops[de.Reason.String()] += de.Spans
	} else {
		c.other++
	}
	if c.first == "" {
		c.first = err.Error()
	}
}

var currentErrors atomic.Pointer[errorCollector]

// routeErrors sends otel.Handle's errors to the current run's collector for
// the test's duration.
func routeErrors(tb testing.TB) {
	prev := otel.GetErrorHandler()
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		if c := currentErrors.Load(); c != nil {
			c.handle(err)
		}
	}))
	tb.Cleanup(func() { otel.SetErrorHandler(prev); currentErrors.Store(nil) })
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// heapSampler records the peak of the live heap objects while it runs.
func heapSampler() (stop func() uint64) {
	done := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var max uint64
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > max {
				max = v
			}
			select {
			case <-done:
				peak <- max
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 { close(done); return <-peak }
}

// pace calls turn from e2eWorkers goroutines at rate traces/s in total for
// dur, each worker keeping its own schedule; a worker that falls behind
// catches up without sleeping, and every worker stops at dur. It returns
// how many turns were made.
func pace(rate int, dur time.Duration, turn func(i int)) int64 {
	var made atomic.Int64
	start := time.Now()
	end := start.Add(dur)
	interval := float64(time.Second) / float64(rate)
	var wg sync.WaitGroup
	for w := range e2eWorkers {
		wg.Go(func() {
			for k := 0; ; k++ {
				i := k*e2eWorkers + w
				due := start.Add(time.Duration(float64(i) * interval))
				if !due.Before(end) {
					return
				}
				if d := time.Until(due); d > 0 {
					time.Sleep(d)
				} else if time.Now().After(end) {
					return
				}
				turn(i)
				made.Add(1)
			}
		})
	}
	wg.Wait()
	return made.Load()
}

var otelResource = resource.NewSchemaless(
	attribute.String("service.name", "support-bot"),
	attribute.String("deployment.environment.name", "development"),
	attribute.String("telemetry.sdk.language", "go"),
	attribute.String("telemetry.sdk.name", "opentelemetry"),
)

// runArm runs one arm at one rate for dur and counts what arrived, after
// the pipeline has shut down (which flushes it).
func runArm(tb testing.TB, sink *sinkProcess, arm e2eArm, gz bool, rate int, dur time.Duration) armResult {
	tb.Helper()
	runtime.GC()
	before := sink.counts(tb)
	coll := &errorCollector{drops: map[string]int64{}}
	currentErrors.Store(coll)
	fixture := turnFixture()
	res := armResult{arm: arm, gzip: gz, rate: rate, dur: dur}

	stopHeap := heapSampler()
	cpu0 := cpuTime()
	ctx := context.Background()
	switch arm {
	case armNoveum:
		comp := config.CompressionNone
		if gz {
			comp = config.CompressionGzip
		}
		// Disabled and SampleRate are held at their defaults so that an
		// environment that changes them cannot hollow the comparison out;
		// every other NOVEUM_* variable applies.
		shutdown, err := noveumtrace.Init(ctx, noveumtrace.WithConfigOptions(
			config.WithEndpoint(sink.NoveumURL), config.WithProject("support-bot"),
			config.WithAPIKey("e2e-bench-key"), config.WithCompression(comp),
			config.WithDisabled(false), config.WithSampleRate(1)))
		if err != nil {
			tb.Fatalf("noveumtrace.Init: %v", err)
		}
		res.turns = pace(rate, dur, func(i int) { noveumTurn(ctx, &fixture[i%len(fixture)]) })
		sctx, cancel := context.WithTimeout(ctx, time.Minute)
		res.shutdownErr = shutdown(sctx)
		cancel()
	case armOTel:
		opts := []otlptracehttp.Option{otlptracehttp.WithEndpointURL(sink.OTLPURL + "/v1/traces")}
		if gz {
			opts = append(opts, otlptracehttp.WithCompression(otlptracehttp.GzipCompression))
		}
		exp, err := otlptracehttp.New(ctx, opts...)
		if err != nil {
			tb.Fatalf("otlptracehttp.New: %v", err)
		}
		tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(otelResource))
		tr := tp.Tracer("github.com/acme/support-bot")
		res.turns = pace(rate, dur, func(i int) { otelTurn(ctx, tr, &fixture[i%len(fixture)]) })
		sctx, cancel := context.WithTimeout(ctx, time.Minute)
		res.shutdownErr = tp.Shutdown(sctx)
		cancel()
	}
	res.cpu = cpuTime() - cpu0
	res.peakHeap = stopHeap()
	currentErrors.Store(nil)

	got := sink.counts(tb).sub(before)
	if got.DecodeErrors > 0 {
		tb.Errorf("%s: the sink could not decode %d requests: %s", arm, got.DecodeErrors, got.LastDecodeError)
	}
	res.spansOffered = res.turns * spansPerTurn
	if arm == armNoveum {
		res.delivered, res.traceObjects, res.wireBytes = got.NoveumSpans, got.NoveumTraces, got.NoveumBytes
	} else {
		res.delivered, res.wireBytes = got.OTLPSpans, got.OTLPBytes
	}
	coll.mu.Lock()
	res.drops, res.otherErrors, res.firstError = coll.drops, coll.other, coll.first
	coll.mu.Unlock()
	return res
}

func (r armResult) line() string {
	cont := ""
	if r.arm == armNoveum && r.traceObjects != r.turns && r.turns > 0 {
		cont = fmt.Sprintf(" trace-objects=%d", r.traceObjects)
	}
	return fmt.Sprintf("%-6s %-4s rate=%5d achieved=%7.0f/s offered=%7d delivered=%7d lost=%6d (%5.1f%%) cpu=%6.1f ms/1k traces peak-heap=%5.1f MiB wire=%5.0f B/span drops: %s%s",
		r.arm, compName(r.gzip), r.rate, r.achieved(), r.spansOffered, r.delivered, r.lost(), r.lostPct(),
		r.cpuPerK(), float64(r.peakHeap)/(1<<20), float64(r.wireBytes)/max(float64(r.delivered), 1), r.dropText(), cont) + r.firstReport()
}

// firstReport quotes the first error the exporter reported in the run.
func (r armResult) firstReport() string {
	if r.firstError == "" {
		return ""
	}
	msg := r.firstError
	if len(msg) > 240 {
		msg = msg[:240] + "..."
	}
	return fmt.Sprintf(" first report: %q", msg)
}

// TestEndToEndSmoke runs both arms at a light load, with and without gzip:
// everything offered must arrive, nothing may be dropped, and the sink must
// decode every request. It runs in make test. At most 100 turns (600
// spans) per run fit in either pipeline's queue (8,192 and 2,048 spans) and
// far within the Noveum memory budget, so a slow machine delays them but
// cannot make either drop.
func TestEndToEndSmoke(t *testing.T) {
	sink := startSinkProcess(t)
	routeErrors(t)
	for _, gz := range []bool{false, true} {
		for _, arm := range []e2eArm{armNoveum, armOTel} {
			r := runArm(t, sink, arm, gz, 200, 500*time.Millisecond)
			t.Log(r.line())
			if r.turns == 0 {
				t.Errorf("%s/%s: no turn made in 0.5 s at 200/s", arm, compName(gz))
			}
			if r.lost() != 0 || r.delivered != r.spansOffered {
				t.Errorf("%s/%s: offered %d spans, %d arrived", arm, compName(gz), r.spansOffered, r.delivered)
			}
			if len(r.drops) > 0 || r.otherErrors > 0 || r.shutdownErr != nil {
				t.Errorf("%s/%s: drops %v, errors %d (%s), shutdown %v", arm, compName(gz), r.drops, r.otherErrors, r.firstError, r.shutdownErr)
			}
			if arm == armNoveum && r.traceObjects != r.turns {
				t.Errorf("noveum/%s: %d turns arrived as %d trace objects (continuations at a light load)", compName(gz), r.turns, r.traceObjects)
			}
		}
	}
}

func e2eConfig() (rates []int, dur time.Duration, reps int, comps []bool, flat bool, flatDur time.Duration, err error) {
	dur = envOr("BENCH_E2E_DURATION", *e2eDuration, time.ParseDuration)
	reps = envOr("BENCH_E2E_REPS", *e2eReps, strconv.Atoi)
	flat = envOr("BENCH_E2E_FLATOUT", *e2eFlatOut, strconv.ParseBool)
	flatDur = envOr("BENCH_E2E_FLATOUT_DURATION", *e2eFlatDur, time.ParseDuration)
	for _, s := range strings.Split(envOr("BENCH_E2E_RATES", *e2eRates, func(s string) (string, error) { return s, nil }), ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return nil, 0, 0, nil, false, 0, fmt.Errorf("-e2e.rates: %q is not a positive number of traces/s", s)
		}
		rates = append(rates, n)
	}
	for _, s := range strings.Split(envOr("BENCH_E2E_COMPRESSION", *e2eCompression, func(s string) (string, error) { return s, nil }), ",") {
		switch strings.TrimSpace(s) {
		case "none":
			comps = append(comps, false)
		case "gzip":
			comps = append(comps, true)
		default:
			return nil, 0, 0, nil, false, 0, fmt.Errorf("-e2e.compression: %q is neither none nor gzip", s)
		}
	}
	if reps < 1 || dur <= 0 || flatDur <= 0 {
		return nil, 0, 0, nil, false, 0, errors.New("-e2e.reps, -e2e.duration and -e2e.flatout.duration must be positive")
	}
	return rates, dur, reps, comps, flat, flatDur, nil
}

// TestEndToEnd is the end-to-end benchmark; it runs only when asked:
//
//	cd bench && go test -run '^TestEndToEnd$' -v -e2e -timeout 60m
func TestEndToEnd(t *testing.T) {
	if !*e2eOn && os.Getenv("BENCH_E2E") != "1" {
		t.Skip("the end-to-end benchmark runs with -e2e (or BENCH_E2E=1): make bench-e2e")
	}
	if raceEnabled {
		t.Skip("the race detector changes the CPU figures: run without -race")
	}
	rates, dur, reps, comps, flat, flatDur, err := e2eConfig()
	if err != nil {
		t.Fatal(err)
	}
	var arms []e2eArm
	for _, a := range strings.Split(envOr("BENCH_E2E_ARMS", *e2eArms, func(s string) (string, error) { return s, nil }), ",") {
		switch a := e2eArm(strings.TrimSpace(a)); a {
		case armNoveum, armOTel:
			arms = append(arms, a)
		default:
			t.Fatalf("-e2e.arms: %q is neither noveum nor otel", a)
		}
	}
	sink := startSinkProcess(t)
	routeErrors(t)
	t.Logf("GOMAXPROCS=%d NumCPU=%d %s; %d workers; rates %v; %v per arm and rate; %d repetitions",
		runtime.GOMAXPROCS(0), runtime.NumCPU(), runtime.Version(), e2eWorkers, rates, dur, reps)

	type key struct {
		gz   bool
		rate int
	}
	paced := map[key][][2]armResult{} // per key, one (noveum, otel) pair per repetition
	type flatKey struct {
		gz  bool
		arm e2eArm
	}
	flatRates := map[flatKey][]int{}
	for rep := range reps {
		for _, gz := range comps {
			for _, rate := range rates {
				// Interleaved: the arms alternate which goes first.
				order := []e2eArm{armNoveum, armOTel}
				if (rep+rate/500)%2 == 1 {
					order = []e2eArm{armOTel, armNoveum}
				}
				var pair [2]armResult
				for _, arm := range order {
					if !slices.Contains(arms, arm) {
						continue
					}
					r := runArm(t, sink, arm, gz, rate, dur)
					t.Logf("rep %d %s", rep+1, r.line())
					if arm == armNoveum {
						pair[0] = r
					} else {
						pair[1] = r
					}
				}
				paced[key{gz, rate}] = append(paced[key{gz, rate}], pair)
			}
		}
		if flat {
			for _, gz := range comps {
				for _, arm := range arms {
					best := flatOut(t, sink, arm, gz, flatDur)
					t.Logf("rep %d flat out %s/%s: highest zero-loss rate %d traces/s", rep+1, arm, compName(gz), best)
					flatRates[flatKey{gz, arm}] = append(flatRates[flatKey{gz, arm}], best)
				}
			}
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "\nEnd-to-end, paced: %d repetitions of %v per arm and rate; median [range]\n\n", reps, dur)
	fmt.Fprintf(&b, "| comp | offered/s | Noveum achieved/s | Noveum lost | Noveum drops (sum over runs) | OTel lost | Noveum CPU ms/1k traces | OTel CPU ms/1k traces | CPU ratio N/O | same, pairs where neither lost a span (n) | Noveum peak heap MiB | OTel peak heap MiB |\n")
	fmt.Fprintf(&b, "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, gz := range comps {
		for _, rate := range rates {
			pairs := paced[key{gz, rate}]
			var nAch, nLost, oLost, nCPU, oCPU, ratio, cleanRatio, nHeap, oHeap []float64
			drops := map[string]int64{}
			for _, p := range pairs {
				nAch = append(nAch, p[0].achieved())
				nLost, oLost = append(nLost, p[0].lostPct()), append(oLost, p[1].lostPct())
				nCPU, oCPU = append(nCPU, p[0].cpuPerK()), append(oCPU, p[1].cpuPerK())
				if p[1].cpuPerK() > 0 {
					ratio = append(ratio, p[0].cpuPerK()/p[1].cpuPerK())
					if p[0].lost() == 0 && p[1].lost() == 0 {
						cleanRatio = append(cleanRatio, p[0].cpuPerK()/p[1].cpuPerK())
					}
				}
				nHeap, oHeap = append(nHeap, float64(p[0].peakHeap)/(1<<20)), append(oHeap, float64(p[1].peakHeap)/(1<<20))
				for k, v := range p[0].drops {
					drops[k] += v
				}
			}
			dr := armResult{drops: drops}.dropText()
			fmt.Fprintf(&b, "| %s | %d | %s | %s%% | %s | %s%% | %s | %s | %s | %s (%d) | %s | %s |\n", compName(gz), rate,
				medRange(nAch, "%.0f"), medRange(nLost, "%.1f"), dr, medRange(oLost, "%.1f"),
				medRange(nCPU, "%.0f"), medRange(oCPU, "%.0f"), medRange(ratio, "%.2fx"), medRange(cleanRatio, "%.2fx"), len(cleanRatio),
				medRange(nHeap, "%.0f"), medRange(oHeap, "%.0f"))
		}
	}
	if flat {
		fmt.Fprintf(&b, "\nEnd-to-end, flat out: highest offered rate with nothing lost (%v trials), traces/s, median [range]\n\n", flatDur)
		fmt.Fprintf(&b, "| comp | Noveum | OTel | ratio N/O |\n|---|---:|---:|---:|\n")
		for _, gz := range comps {
			n, o := flatRates[flatKey{gz, armNoveum}], flatRates[flatKey{gz, armOTel}]
			var nf, of, ratio []float64
			for i := range n {
				nf, of = append(nf, float64(n[i])), append(of, float64(o[i]))
				if o[i] > 0 {
					ratio = append(ratio, float64(n[i])/float64(o[i]))
				}
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", compName(gz), medRange(nf, "%.0f"), medRange(of, "%.0f"), medRange(ratio, "%.2fx"))
		}
	}
	t.Log(b.String())
}

// flatOut finds the highest rate arm sustains with nothing lost: doubling
// from 500 traces/s until a trial loses spans (or the application cannot
// make the turns), then three bisection steps, rounded to 100 traces/s.
func flatOut(tb testing.TB, sink *sinkProcess, arm e2eArm, gz bool, dur time.Duration) int {
	const maxRate = 64000
	good, bad := 0, 0
	for rate := 500; rate <= maxRate; rate *= 2 {
		r := runArm(tb, sink, arm, gz, rate, dur)
		tb.Logf("  flat out trial %s", r.line())
		if !r.sustained() {
			bad = rate
			break
		}
		good = rate
	}
	if bad == 0 {
		return good
	}
	for range 3 {
		mid := (good + bad) / 2 / 100 * 100
		if mid <= good || mid >= bad {
			break
		}
		r := runArm(tb, sink, arm, gz, mid, dur)
		tb.Logf("  flat out trial %s", r.line())
		if r.sustained() {
			good = mid
		} else {
			bad = mid
		}
	}
	return good
}

// medRange formats the median and the range of vs.
func medRange(vs []float64, f string) string {
	if len(vs) == 0 {
		return "-"
	}
	s := slices.Clone(vs)
	sort.Float64s(s)
	var med float64
	if n := len(s); n%2 == 1 {
		med = s[n/2]
	} else {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	if len(s) == 1 {
		return fmt.Sprintf(f, med)
	}
	return fmt.Sprintf(f+" ["+f+"-"+f+"]", med, s[0], s[len(s)-1])
}
