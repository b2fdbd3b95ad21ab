package noveumexporter_test

import (
	"context"
	"encoding/binary"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/config/configcompression"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/exportertest"
	"go.opentelemetry.io/collector/exporter/otlphttpexporter"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor/batchprocessor"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/Noveum/noveum-trace-go/exporter/noveumexporter"
)

// benchTraces is a batch as an agent's Collector receives it: 10 traces of
// 10 spans (an agent turn: model calls and tools with GenAI attributes).
func benchTraces() ptrace.Traces {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	rs.Resource().Attributes().PutStr("service.name", "agent-svc")
	rs.Resource().Attributes().PutStr("telemetry.sdk.language", "python")
	ss := rs.ScopeSpans().AppendEmpty()
	ss.Scope().SetName("opentelemetry.instrumentation.openai_v2")
	start := pcommon.NewTimestampFromTime(time.Unix(1760000000, 0))
	for t := range 10 {
		for s := range 10 {
			sp := ss.Spans().AppendEmpty()
			sp.SetTraceID(pcommon.TraceID{byte(t + 1)})
			sp.SetSpanID(pcommon.SpanID{byte(t + 1), byte(s + 1)})
			if s < 9 { // children end, and arrive, before their root
				sp.SetParentSpanID(pcommon.SpanID{byte(t + 1), 10})
			}
			sp.SetFlags(0x101)
			sp.SetStartTimestamp(start + pcommon.Timestamp(s))
			sp.SetEndTimestamp(start + pcommon.Timestamp(1e9-s))
			a := sp.Attributes()
			if s%2 == 1 {
				sp.SetName("chat gpt-4o")
				sp.SetKind(ptrace.SpanKindClient)
				a.PutStr("gen_ai.operation.name", "chat")
				a.PutStr("gen_ai.provider.name", "openai")
				a.PutStr("gen_ai.request.model", "gpt-4o")
				a.PutInt("gen_ai.usage.input_tokens", 812)
				a.PutInt("gen_ai.usage.output_tokens", 96)
				a.PutDouble("gen_ai.request.temperature", 0.2)
				a.PutEmptySlice("gen_ai.response.finish_reasons").AppendEmpty().SetStr("stop")
			} else {
				sp.SetName("execute_tool search")
				a.PutStr("gen_ai.operation.name", "execute_tool")
				a.PutStr("gen_ai.tool.name", "search")
				a.PutStr("gen_ai.tool.call.id", "call_8f2a9c")
			}
		}
	}
	return td
}

// loopbackSink accepts every POST and discards the body.
func loopbackSink(b *testing.B) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m, _ := io.Copy(io.Discard, r.Body)
		n.Add(m)
		w.WriteHeader(http.StatusOK)
	}))
	b.Cleanup(srv.Close)
	return srv, &n
}

// pipeline is batch -> exporter, as in the Collector's traces pipeline.
func pipeline(b *testing.B, f exporter.Factory, cfg component.Config) (consumer.Traces, func()) {
	ctx := context.Background()
	exp, err := f.CreateTraces(ctx, exportertest.NewNopSettings(f.Type()), cfg)
	require.NoError(b, err)
	bf := batchprocessor.NewFactory()
	bcfg := bf.CreateDefaultConfig().(*batchprocessor.Config)
	bcfg.Timeout = 10 * time.Millisecond
	proc, err := bf.CreateTraces(ctx, processortest.NewNopSettings(bf.Type()), bcfg, exp)
	require.NoError(b, err)
	host := componenttest.NewNopHost()
	require.NoError(b, exp.Start(ctx, host))
	require.NoError(b, proc.Start(ctx, host))
	return proc, func() {
		require.NoError(b, proc.Shutdown(ctx))
		require.NoError(b, exp.Shutdown(ctx))
	}
}

// cpuTime is the process's user and system CPU time: on a shared machine
// it measures the pipeline's work better than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// heapPeak samples the live heap until stop is called.
func heapPeak() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

// BenchmarkCollectorPipeline: spans/s through batch -> exporter into a
// loopback sink, the noveum exporter against the Collector's own otlphttp
// exporter, both with their sending_queue (in memory, 10 consumers) and
// gzip. Delivery of everything (Shutdown drains) is inside the timing.
func BenchmarkCollectorPipeline(b *testing.B) {
	tmpl := benchTraces()
	spansPer := tmpl.SpanCount()
	run := func(b *testing.B, f exporter.Factory, cfg component.Config) {
		srv, _ := loopbackSink(b)
		switch c := cfg.(type) {
		case *noveumexporter.Config:
			c.Endpoint = srv.URL + "/api"
		case *otlphttpexporter.Config:
			c.ClientConfig.Endpoint = srv.URL
		}
		stopPeak := heapPeak()
		next, shutdown := pipeline(b, f, cfg)
		ctx := context.Background()
		var seq uint64
		b.ReportAllocs()
		cpu0 := cpuTime()
		b.ResetTimer()
		for range b.N {
			td := ptrace.NewTraces()
			tmpl.CopyTo(td)
			seq++
			spans := td.ResourceSpans().At(0).ScopeSpans().At(0).Spans()
			for i := range spans.Len() {
				sp := spans.At(i)
				id := sp.TraceID()
				binary.LittleEndian.PutUint64(id[8:], seq)
				sp.SetTraceID(id)
			}
			if err := next.ConsumeTraces(ctx, td); err != nil {
				b.Fatal(err)
			}
		}
		shutdown()
		b.StopTimer()
		b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N*spansPer), "cpu-ns/span")
		b.ReportMetric(float64(b.N*spansPer)/b.Elapsed().Seconds(), "spans/s")
		b.ReportMetric(float64(stopPeak())/(1<<20), "peak-heap-MiB")
	}
	b.Run("noveum", func(b *testing.B) {
		f := noveumexporter.NewFactory()
		cfg := f.CreateDefaultConfig().(*noveumexporter.Config)
		cfg.Compression = "gzip"
		cfg.TraceGrace = 0
		cfg.BatchDelay = 100 * time.Millisecond
		cfg.MaxBufferBytes = 32 << 20
		run(b, f, cfg)
	})
	b.Run("otlphttp", func(b *testing.B) {
		f := otlphttpexporter.NewFactory()
		cfg := f.CreateDefaultConfig().(*otlphttpexporter.Config)
		cfg.ClientConfig.Compression = configcompression.TypeGzip
		run(b, f, cfg)
	})
}
