package crawler

import (
	"io"
	"net/http"
	"sync"

	"github.com/salvage-archive/salvage/crawler/extract"
)

// pdfTap is a worker's own RoundTripper layer: it streams PDF bodies through
// a link scanner while the recorder below archives them, so no PDF is held
// in memory. A worker fetches one URL at a time, so one slot suffices.
type pdfTap struct {
	next    http.RoundTripper
	mu      sync.Mutex
	scanner *extract.PDFScanner
}

func (t *pdfTap) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || !isPDF(resp.Header.Get("Content-Type")) {
		return resp, err
	}
	s := extract.NewPDFScanner(req.URL)
	t.mu.Lock()
	t.scanner = s
	t.mu.Unlock()
	resp.Body = &teeBody{r: io.TeeReader(resp.Body, s), c: resp.Body}
	return resp, nil
}

// take returns and forgets the scanner of the last PDF, if any.
func (t *pdfTap) take() *extract.PDFScanner {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.scanner
	t.scanner = nil
	return s
}

// put leaves s as the scanner of the last PDF: a 304's earlier PDF, scanned
// by the worker (reread).
func (t *pdfTap) put(s *extract.PDFScanner) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.scanner = s
}

// teeBody drains what the reader left unread through the tee on Close, so the
// scanner sees the whole PDF even when colly aborts after the headers.
type teeBody struct {
	r io.Reader
	c io.Closer
}

func (b *teeBody) Read(p []byte) (int, error) { return b.r.Read(p) }

func (b *teeBody) Close() error {
	_, _ = io.Copy(io.Discard, b.r)
	return b.c.Close()
}
