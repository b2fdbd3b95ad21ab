package jsontext

import (
	"strings"
	"testing"
)

func BenchmarkAppendString(b *testing.B) {
	s := strings.Repeat("Plain prose with the odd \"quote\", an accent (é) and a newline.\n", 16)
	buf := AppendString(nil, s)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendString(buf[:0], s)
	}
}

func BenchmarkAppendValue(b *testing.B) {
	raw := []byte(`{"city": "Paris", "days": 7, "units": "metric", "include": ["hourly", "alerts"], "note": "` + strings.Repeat("x", 200) + `"}`)
	buf := AppendValue(nil, raw)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendValue(buf[:0], raw)
	}
}

func BenchmarkTruncate(b *testing.B) {
	raw := []byte(`{"results":[` + strings.Repeat(`{"title":"Annual report","snippet":"`+strings.Repeat("revenue grew, costs fell; ", 40)+`","score":0.8},`, 50) + `{}]}`)
	buf := make([]byte, 0, 8192)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = Truncate(buf[:0], raw, 4096)
	}
}
