package exporter

import (
	"time"

	"github.com/klauspost/compress/flate"
)

// chunk is a run of sealed traces from one shard that travel together: the
// unit the sender puts into requests. With gzip, a shard compresses its
// chunk's traces as they are sealed, on its own goroutine, into one raw
// deflate segment ending in a sync flush. Segments concatenate into a valid
// deflate stream, so the sender frames a request from them without
// compressing anything, and compression runs on every shard in parallel.
type chunk struct {
	traces  []*pendingTrace
	reserve int64 // budget the traces kept for z
	spans   int
	raw     int       // uncompressed length: the traces with commas between them
	z       []byte    // with gzip: the deflate segment
	held    int64     // budget held by z
	opened  time.Time // when its first trace was added (zero for a split's)
}

// chunkMax bounds a chunk's uncompressed size. Every chunk starts the
// compressor afresh, without the previous 32 KiB to match against; at 1 MiB
// that costs about 1% in bytes on the bench fixture (256 KiB cost 4%), while
// a 4 MiB request still splits into chunks on a 413.
const chunkMax = 1 << 20

// pieces calls f with the chunk's uncompressed pieces, in order.
func (c *chunk) pieces(f func([]byte)) {
	for i, t := range c.traces {
		if i > 0 {
			f(comma)
		}
		t.pieces(f)
	}
}

// deflater writes deflate segments into growing byte slices.
type deflater struct {
	level int // 1 (fastest) to 9 (smallest), from Config.CompressionLevel
	fw    *flate.Writer
	zw    appendWriter
}

// appendWriter collects written bytes in b.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

// begin starts a segment written into buf.
func (d *deflater) begin(buf []byte) {
	if d.fw == nil {
		d.fw, _ = flate.NewWriter(&d.zw, d.level) // config validated the level
	}
	d.zw.b = buf[:0]
	d.fw.Reset(&d.zw)
}

// write compresses p into the segment; appendWriter never fails.
func (d *deflater) write(p []byte) { _, _ = d.fw.Write(p) }

// end finishes the segment: with a sync flush, so another segment may
// follow, or as the final block of the stream.
func (d *deflater) end(final bool) []byte {
	if final {
		_ = d.fw.Close()
	} else {
		_ = d.fw.Flush()
	}
	b := d.zw.b
	d.zw.b = nil
	return b
}

// segment compresses p as a segment of its own.
func (d *deflater) segment(p []byte, final bool) []byte {
	d.begin(nil)
	d.write(p)
	return d.end(final)
}

// chunker gathers a shard's sealed traces into chunks.
type chunker struct {
	e    *Exporter
	open *chunk
	d    deflater
}

// add appends a sealed trace to the open chunk, first closing the chunk
// when the trace would overflow it. Closed chunks go to emit.
func (k *chunker) add(t *pendingTrace, emit func(*chunk)) {
	limit := min(chunkMax, k.e.cfg.BatchMaxBytes-batchFrameMax)
	if k.open != nil && k.open.raw+1+t.size() > limit {
		emit(k.close())
	}
	c := k.open
	if c == nil {
		c = &chunk{opened: k.e.clock.Now()}
		k.open = c
		if k.e.gzip {
			k.d.begin(k.e.bufs.get(4<<10, false)) // grows with the output; its capacity is what counts
		}
	}
	if len(c.traces) > 0 {
		c.raw++
		if k.e.gzip {
			k.d.write(comma)
		}
	}
	c.traces = append(c.traces, t)
	c.reserve += t.zReserve // moves from the trace to the chunk
	t.accounted -= t.zReserve
	t.zReserve = 0
	c.spans += len(t.spans)
	c.raw += t.size()
	if k.e.gzip {
		t.pieces(k.d.write)
	}
	if len(c.traces) >= k.e.cfg.BatchSize || c.raw >= limit {
		emit(k.close()) // a trace larger than the limit goes alone
	}
}

// close ends the open chunk, if any.
func (k *chunker) close() *chunk {
	c := k.open
	if c == nil {
		return nil
	}
	k.open = nil
	if k.e.gzip {
		c.z = k.d.end(false)
		c.held = int64(cap(c.z))
		k.e.mem.settle(c.reserve, c.held) // on its way out: never dropped for memory
		c.reserve = 0
	}
	return c
}

// releaseChunk returns a chunk's memory once its request is over.
func (e *Exporter) releaseChunk(c *chunk) {
	for _, t := range c.traces {
		e.releaseTrace(t)
	}
	e.mem.release(c.held)
	if c.z != nil {
		e.bufs.put(c.z)
	}
	c.traces, c.z, c.held = nil, nil, 0
}
