package crawltest

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// response is everything one request gets back. Every response is written
// with an explicit Content-Length, never chunked: archive checkers hash the
// stored bytes.
type response struct {
	status   int
	ctype    string
	body     []byte
	compress bool      // gzip when the request accepts it (HTML, CSS, JS)
	modified time.Time // Last-Modified, if set
	header   http.Header
}

// write sends resp; a HEAD request gets the headers of the GET.
func (resp response) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, vs := range resp.header {
		h[k] = vs
	}
	h.Set("Content-Type", resp.ctype)
	if !resp.modified.IsZero() {
		h.Set("Last-Modified", resp.modified.UTC().Format(http.TimeFormat))
	}
	if resp.notModified(r) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := resp.body
	if resp.compress {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			body = gzipBytes(body)
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(resp.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// notModified reports a 200 with Last-Modified that a GET or HEAD asks for
// If-Modified-Since a time not before it: answered 304, as Drupal's page
// cache and net/http's file server do.
func (resp response) notModified(r *http.Request) bool {
	if resp.status != http.StatusOK || resp.modified.IsZero() || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return false
	}
	since, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	return err == nil && !resp.modified.Truncate(time.Second).After(since)
}

// acceptsGzip reports whether an Accept-Encoding value allows gzip.
func acceptsGzip(v string) bool {
	for _, part := range strings.Split(v, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "x-gzip" && coding != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.ToLower(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// gzipBytes compresses b deterministically (no name, no timestamp).
func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// htmlResponse is an HTML page with Drupal 7's page-cache headers.
func htmlResponse(status int, body string, lang, canonicalURL string, modified time.Time) response {
	h := http.Header{}
	h.Set("X-Generator", "Drupal 7 (http://drupal.org)")
	h.Set("X-Drupal-Cache", "HIT")
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("Expires", "Sun, 19 Nov 1978 05:00:00 GMT")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	if lang != "" {
		h.Set("Content-Language", lang)
	}
	if canonicalURL != "" && status == http.StatusOK {
		h.Set("Link", "<"+canonicalURL+">; rel=\"canonical\"")
	}
	return response{status: status, ctype: "text/html; charset=utf-8", body: []byte(body), compress: true, modified: modified, header: h}
}

// redirectResponse is a 3xx with Apache's small HTML body.
func redirectResponse(status int, location string) response {
	text := http.StatusText(status)
	body := "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>" + strconv.Itoa(status) + " " + text +
		"</title>\n</head><body>\n<h1>" + text + "</h1>\n<p>The document has moved <a href=\"" + htmlEscape(location) + "\">here</a>.</p>\n</body></html>\n"
	h := http.Header{}
	h.Set("Location", location)
	h.Set("Cache-Control", "max-age=3600")
	return response{status: status, ctype: "text/html; charset=iso-8859-1", body: []byte(body), header: h}
}

// textResponse is a plain response of the given type, never compressed.
func textResponse(status int, ctype, body string) response {
	return response{status: status, ctype: ctype, body: []byte(body)}
}
