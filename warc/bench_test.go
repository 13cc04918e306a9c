package warc

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// benchSizes are the response bodies measured: a typical page of the
// replica and a large one.
var benchSizes = []struct {
	name string
	size int
}{{"8KiB", 8 << 10}, {"256KiB", 256 << 10}}

// benchExchange is an HTML response of about size bytes with moderately compressible text.
func benchExchange(b *testing.B, size int) *Exchange {
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("mission stabilisation mali bamako gao timbuktu kidal peace security council resolution report civilians")
	var body strings.Builder
	for body.Len() < size {
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
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			ex := benchExchange(b, sz.size)
			w := newTestWriter(b, WriterConfig{Dir: b.TempDir()})
			b.SetBytes(int64(len(ex.Request)) + ex.Response.Size())
			for b.Loop() {
				if _, err := w.WriteExchange(ex); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPlainGzip compresses the same bytes as two gzip members at the
// Writer's level, as the floor for BenchmarkWriteExchange.
func BenchmarkPlainGzip(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			parts := exchangeBytes(benchExchange(b, sz.size))
			b.SetBytes(int64(len(parts[0]) + len(parts[1])))
			zw, _ := gzip.NewWriterLevel(io.Discard, gzipLevel)
			for b.Loop() {
				for _, p := range parts {
					zw.Reset(io.Discard)
					_, _ = zw.Write(p)
					_ = zw.Close()
				}
			}
		})
	}
}

// BenchmarkBuildIndex indexes a WARC file of 500 8 KiB pages (MB/s of WARC
// file read). This branch has no CDXJ writer; this is the in-memory index
// salvage verify builds from the same records.
func BenchmarkBuildIndex(b *testing.B) {
	ex := benchExchange(b, 8<<10)
	w := newTestWriter(b, WriterConfig{Dir: b.TempDir()})
	for range 500 {
		if _, err := w.WriteExchange(ex); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	files := w.Files()
	var size int64
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			b.Fatal(err)
		}
		size += st.Size()
	}
	b.SetBytes(size)
	for b.Loop() {
		ix, err := BuildIndex(files)
		if err != nil || ix.Len() == 0 {
			b.Fatalf("index: %v, %d entries", err, ix.Len())
		}
	}
}

// recordBytes writes ex with a Writer and returns the uncompressed bytes of
// its request and response records, WARC headers included, as the Writer
// put them in the file.
func recordBytes(b *testing.B, ex *Exchange) [][]byte {
	w := newTestWriter(b, WriterConfig{Dir: b.TempDir()})
	if _, err := w.WriteExchange(ex); err != nil {
		b.Fatal(err)
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(w.Files()[0])
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	zr, err := gzip.NewReader(br)
	if err != nil {
		b.Fatal(err)
	}
	var members [][]byte
	for {
		zr.Multistream(false)
		m, err := io.ReadAll(zr)
		if err != nil {
			b.Fatal(err)
		}
		members = append(members, m)
		if err := zr.Reset(br); err == io.EOF {
			break
		} else if err != nil {
			b.Fatal(err)
		}
	}
	if len(members) != 3 { // warcinfo, request, response
		b.Fatalf("%d records in the file, want 3", len(members))
	}
	return members[1:]
}

// BenchmarkPlainGzipRecords is a second floor for BenchmarkWriteExchange:
// the exact record bytes the Writer writes (WARC headers included), one gzip
// member each at the Writer's level, into a buffered file flushed once per
// pair, as the Writer does; no digests, no record building. BenchmarkPlainGzip
// compresses only the HTTP bytes, into io.Discard.
func BenchmarkPlainGzipRecords(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			recs := recordBytes(b, benchExchange(b, sz.size))
			ex := benchExchange(b, sz.size)
			b.SetBytes(int64(len(ex.Request)) + ex.Response.Size()) // MB/s of the same HTTP bytes as WriteExchange
			f, err := os.Create(filepath.Join(b.TempDir(), "floor.warc.gz"))
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			bw := bufio.NewWriterSize(f, 64<<10)
			zw, _ := gzip.NewWriterLevel(bw, gzipLevel)
			for b.Loop() {
				for _, r := range recs {
					zw.Reset(bw)
					_, _ = zw.Write(r)
					_ = zw.Close()
				}
				if err := bw.Flush(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
