package exporter

import "io"

// piecesReader reads a sequence of byte slices as one stream. WriteTo lets
// io.Copy hand each piece straight to the destination, so a request body
// is never assembled into one buffer.
type piecesReader struct {
	pieces [][]byte
	i, off int
}

// size is the total length of the stream.
func (r *piecesReader) size() int {
	n := 0
	for _, p := range r.pieces {
		n += len(p)
	}
	return n
}

func (r *piecesReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) && r.i < len(r.pieces) {
		c := copy(p[n:], r.pieces[r.i][r.off:])
		n += c
		r.off += c
		if r.off == len(r.pieces[r.i]) {
			r.i, r.off = r.i+1, 0
		}
	}
	if n == 0 && r.i >= len(r.pieces) {
		return 0, io.EOF
	}
	return n, nil
}

func (r *piecesReader) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for ; r.i < len(r.pieces); r.i, r.off = r.i+1, 0 {
		n, err := w.Write(r.pieces[r.i][r.off:])
		total += int64(n)
		if err != nil {
			r.off += n
			return total, err
		}
	}
	return total, nil
}
