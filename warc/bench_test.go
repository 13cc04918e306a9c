package warc

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// benchExchange is a 256 KiB HTML response with moderately compressible text.
func benchExchange(b *testing.B) *Exchange {
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("mission stabilisation mali bamako gao timbuktu kidal peace security council resolution report civilians")
	var body strings.Builder
	for body.Len() < 256<<10 {
		fmt.Fprintf(&body, "<p id=\"p%d\">", rng.IntN(1e6))
		for range 12 {
			body.WriteString(words[rng.IntN(len(words))] + " ")
		}
		body.WriteString("</p>\n")
	}
	return synthExchange(b, "http://minusma.example/en/news", 200, []byte(body.String()), testEpoch)
}

func exchangeBytes(ex *Exchange) [][]byte {
	resp, _ := io.ReadAll(ex.Response.Reader(0))
	return [][]byte{ex.Request, resp}
}

// BenchmarkWriteExchange measures the Writer (digests, gowarc records, gzip, file I/O).
func BenchmarkWriteExchange(b *testing.B) {
	ex := benchExchange(b)
	w := newTestWriter(b, WriterConfig{Dir: b.TempDir()})
	b.SetBytes(int64(len(ex.Request)) + ex.Response.Size())
	for b.Loop() {
		if _, err := w.WriteExchange(ex); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlainGzip compresses the same bytes as two gzip members, as the floor for
// BenchmarkWriteExchange.
func BenchmarkPlainGzip(b *testing.B) {
	parts := exchangeBytes(benchExchange(b))
	b.SetBytes(int64(len(parts[0]) + len(parts[1])))
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
	for b.Loop() {
		for _, p := range parts {
			zw.Reset(io.Discard)
			_, _ = zw.Write(p)
			_ = zw.Close()
		}
	}
}
