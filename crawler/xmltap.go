package crawler

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/url"
	"sync"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/policy"
)

// maxXMLInflated bounds the decompressed bytes of a gzip sitemap read for
// links (the WARC keeps the compressed body whatever its size).
const maxXMLInflated = 1 << 30

// xmlTap is a worker's RoundTripper layer for sitemaps and feeds: it streams
// XML bodies (gzip ones decompressed on the fly) through extract.ScanXML
// while the recorder below archives them, and hands each link to the
// worker's emit function as soon as it is read. Nothing is held whole, so a
// sitemap of millions of URLs costs the frontier's memory, not the body's.
type xmlTap struct {
	next http.RoundTripper
	want extract.XMLWant

	mu   sync.Mutex
	emit func(extract.Link) // for the fetch in flight; nil: do not scan
}

// begin sets where the next fetch's links go; end forgets it.
func (t *xmlTap) begin(emit func(extract.Link)) { t.mu.Lock(); t.emit = emit; t.mu.Unlock() }
func (t *xmlTap) end()                          { t.begin(nil) }

func (t *xmlTap) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	t.mu.Lock()
	emit := t.emit
	t.mu.Unlock()
	if err != nil || emit == nil || t.want == 0 || resp.StatusCode/100 != 2 || !policy.DiscoveryResource(req.URL.Path, resp.Header.Get("Content-Type")) {
		return resp, err
	}
	resp.Body = newXMLBody(resp.Body, gzipped(req.URL.Path, resp.Header), req.URL, t.want, emit)
	return resp, nil
}

// xmlBody tees the body into a pipe read by one scanning goroutine. Close
// reads what the consumer left (so the recorder below archives it and the
// scanner sees it), then waits for the scanner.
type xmlBody struct {
	body io.ReadCloser
	pw   *io.PipeWriter
	done chan struct{}
}

func newXMLBody(body io.ReadCloser, gz bool, base *url.URL, want extract.XMLWant, emit func(extract.Link)) *xmlBody {
	pr, pw := io.Pipe()
	b := &xmlBody{body: body, pw: pw, done: make(chan struct{})}
	go func() {
		defer close(b.done)
		scanXML(pr, gz, base, want, emit)
		_, _ = io.Copy(io.Discard, pr) // never leave the writer blocked
	}()
	return b
}

func scanXML(r io.Reader, gz bool, base *url.URL, want extract.XMLWant, emit func(extract.Link)) {
	if gz {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return
		}
		defer zr.Close()
		r = io.LimitReader(zr, maxXMLInflated)
	}
	_, _ = extract.ScanXML(r, base, want, emit)
}

func (b *xmlBody) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	if n > 0 {
		_, _ = b.pw.Write(p[:n])
	}
	return n, err
}

func (b *xmlBody) Close() error {
	_, _ = io.Copy(io.Discard, b) // through Read: the scanner sees the rest
	_ = b.pw.Close()
	<-b.done
	return b.body.Close()
}
