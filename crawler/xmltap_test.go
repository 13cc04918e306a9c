package crawler

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/extract"
)

// sitemapStream writes a urlset of n URLs to w without holding it.
func sitemapStream(w io.Writer, n int) error {
	bw := &errWriter{w: w}
	bw.write(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for i := range n {
		bw.write("<url><loc>https://example.org/page/" + strconv.Itoa(i) + "</loc><lastmod>2023-12-01</lastmod></url>\n")
	}
	bw.write("</urlset>\n")
	return bw.err
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) write(s string) {
	if e.err == nil {
		_, e.err = io.WriteString(e.w, s)
	}
}

// sitemapServer serves /plain.xml and /big.xml.gz with n URLs each,
// generated as they are written.
func sitemapServer(t testing.TB, n int) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".gz") {
			w.Header().Set("Content-Type", "application/x-gzip")
			zw := gzip.NewWriter(w)
			_ = sitemapStream(zw, n)
			_ = zw.Close()
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		_ = sitemapStream(w, n)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// fetchThroughTap GETs u through an xmlTap over a plain transport, lets the
// caller read the body (as the recorder would), and closes it.
func fetchThroughTap(t testing.TB, u string, emit func(extract.Link), read func(io.Reader) error) {
	tap := &xmlTap{next: &http.Transport{DisableCompression: true}, want: extract.XMLSitemaps | extract.XMLFeeds}
	tap.begin(emit)
	defer tap.end()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	resp, err := tap.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	if err := read(resp.Body); err != nil {
		t.Fatal(err)
	}
	if err := resp.Body.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestXMLTapStreams: the tap hands on every byte unchanged, and the links of
// plain and gzipped sitemaps are all emitted by Close, whether the reader
// read the body or left it (colly aborts XML after the headers).
func TestXMLTapStreams(t *testing.T) {
	const n = 5000
	srv := sitemapServer(t, n)
	var want bytes.Buffer
	if err := sitemapStream(&want, n); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path     string
		readBody bool
	}{{"/plain.xml", true}, {"/plain.xml", false}, {"/big.xml.gz", true}, {"/big.xml.gz", false}} {
		t.Run(fmt.Sprintf("%s read=%v", tc.path, tc.readBody), func(t *testing.T) {
			var links []extract.Link
			var body []byte
			fetchThroughTap(t, srv.URL+tc.path, func(l extract.Link) { links = append(links, l) }, func(r io.Reader) (err error) {
				if tc.readBody {
					body, err = io.ReadAll(r)
				}
				return err
			})
			if len(links) != n || links[n-1].URL != "https://example.org/page/"+strconv.Itoa(n-1) || links[0].Lastmod != "2023-12-01" || links[0].Hop != 'S' {
				t.Fatalf("%d links, last %+v", len(links), links[len(links)-1])
			}
			if tc.readBody && tc.path == "/plain.xml" && !bytes.Equal(body, want.Bytes()) {
				t.Errorf("the tap changed the body: %d bytes, want %d", len(body), want.Len())
			}
			if tc.readBody && tc.path != "/plain.xml" && bytes.Equal(body, want.Bytes()) {
				t.Errorf("gzip body was decompressed on its way to the recorder")
			}
		})
	}
}

// BenchmarkSitemapMillion streams a 1,000,000-URL sitemap (about 80 MB of
// XML; gzipped too) from a loopback server through the tap and reports the
// peak Go heap in use while it does, and the process's peak RSS (VmHWM). The
// links go to a counter: the frontier's own memory is not measured here.
func BenchmarkSitemapMillion(b *testing.B) {
	const n = 1_000_000
	srv := sitemapServer(b, n)
	for _, path := range []string{"/plain.xml", "/big.xml.gz"} {
		b.Run(strings.TrimPrefix(path, "/"), func(b *testing.B) {
			var peak atomic.Uint64
			stop := sampleHeap(&peak)
			for b.Loop() {
				var count int
				fetchThroughTap(b, srv.URL+path, func(extract.Link) { count++ }, func(io.Reader) error { return nil })
				if count != n {
					b.Fatalf("%d URLs, want %d", count, n)
				}
			}
			stop()
			b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
			b.ReportMetric(peakRSSMB(), "peak-rss-MB")
			b.ReportMetric(n, "urls/op")
		})
	}
}

// sampleHeap records the largest HeapInuse seen every 5 ms until stopped.
func sampleHeap(peak *atomic.Uint64) func() {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// peakRSSMB is VmHWM from /proc/self/status, 0 where there is none.
func peakRSSMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
