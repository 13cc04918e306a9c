package crawler

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"
)

// gunzip is the RoundTripper layer between colly and the recorder that
// inflates gzip bodies under a limit. colly inflates gzip itself, with no
// bound on the inflated size (its MaxBodySize counts compressed bytes), so a
// gzip bomb of a few kilobytes would fill memory. gunzip hands colly the
// inflated body, cut at limit bytes, with Content-Encoding and
// Content-Length removed and Uncompressed set, so colly leaves it alone. The
// recorder below still archives the raw wire bytes: Close closes the raw
// body, which the recorder drains into the WARC.
type gunzip struct {
	next  http.RoundTripper
	limit int64
}

func (g *gunzip) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := g.next.RoundTrip(req)
	if err != nil || resp.Uncompressed || !gzipped(req.URL.Path, resp.Header) {
		return resp, err
	}
	resp.Body = &inflater{raw: resp.Body, limit: g.limit}
	resp.Header.Del("Content-Encoding")
	resp.Header.Del("Content-Length")
	resp.ContentLength = -1
	resp.Uncompressed = true
	return resp, nil
}

// gzipped says whether a body is gzip on the wire: a gzip Content-Encoding,
// a gzip Content-Type without encoding, or a .gz path (.xml.gz sitemaps).
// It covers every case colly would inflate, and the sitemap tap uses it too.
func gzipped(path string, h http.Header) bool {
	enc := strings.ToLower(h.Get("Content-Encoding"))
	ctype := strings.ToLower(h.Get("Content-Type"))
	return strings.Contains(enc, "gzip") || (enc == "" && strings.Contains(ctype, "gzip")) ||
		strings.HasSuffix(strings.ToLower(path), ".gz")
}

// errInflateLimit is never returned to readers: hitting the limit reads as EOF.
var errInflateLimit = errors.New("inflate limit")

// gzipReaders recycles gzip readers: a new one allocates its window and
// tables (about 5% of a crawl's CPU when every page comes gzipped).
var gzipReaders sync.Pool

// inflater reads the raw body through gzip, at most limit inflated bytes.
// The gzip reader is taken on the first Read, so a body colly never reads
// (aborted after headers) is never inflated.
type inflater struct {
	raw   io.ReadCloser
	limit int64
	zr    *gzip.Reader
	n     int64
	err   error
}

func (b *inflater) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.readErr()
	}
	if b.zr == nil {
		zr, _ := gzipReaders.Get().(*gzip.Reader)
		if zr == nil {
			zr = new(gzip.Reader)
		}
		if b.err = zr.Reset(b.raw); b.err != nil {
			gzipReaders.Put(zr)
			return 0, b.err
		}
		b.zr = zr
	}
	if rest := b.limit - b.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	if len(p) == 0 {
		b.err = errInflateLimit
		return 0, io.EOF
	}
	n, err := b.zr.Read(p)
	b.n += int64(n)
	b.err = err
	if err != nil {
		return n, b.readErr()
	}
	return n, nil
}

func (b *inflater) readErr() error {
	if errors.Is(b.err, errInflateLimit) {
		return io.EOF
	}
	return b.err
}

// Close closes the raw body (the recorder then drains what is left of it
// into the WARC); nothing more is inflated.
func (b *inflater) Close() error {
	if b.zr != nil {
		b.zr.Close()
		gzipReaders.Put(b.zr)
		b.zr = nil
		if b.err == nil {
			b.err = io.ErrClosedPipe // read after close
		}
	}
	return b.raw.Close()
}
