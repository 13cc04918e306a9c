package warc

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

func zlibbed(b []byte) []byte {
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

func deflated(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := flate.NewWriter(&buf, flate.DefaultCompression)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

// chunked frames b in chunks of n bytes.
func chunked(b []byte, n int) string {
	var s strings.Builder
	for len(b) > 0 {
		k := min(n, len(b))
		fmt.Fprintf(&s, "%x\r\n%s\r\n", k, b[:k])
		b = b[k:]
	}
	return s.String() + "0\r\n\r\n"
}

// response renders a response with the given header lines and a Content-Length body.
func response(status string, body []byte, header ...string) string {
	return fmt.Sprintf("HTTP/1.1 %s\r\n%s\r\nContent-Length: %d\r\n\r\n%s", status, strings.Join(header, "\r\n"), len(body), body)
}

// TestArchivedDocuments: chunked and gzip, deflate (zlib and raw) bodies come out
// decoded; br is a note; only 2xx documents and redirects are yielded; a revisit gets
// its original's body; maxBody and WARC-Truncated mark Truncated.
func TestArchivedDocuments(t *testing.T) {
	html := []byte("<!DOCTYPE html><html><body>" + strings.Repeat(`<a href="/page">link</a>`, 400) + "</body></html>")
	css := []byte("body { background: url(/bg.png) } " + strings.Repeat("p{}", 100))
	pdf := []byte("%PDF-1.4\n/URI (https://example.org/x)\n%%EOF\n")
	big := bytes.Repeat([]byte("<p>big</p>"), 20000)
	chunkedGzip := "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" +
		chunked(gzipped(t, html), 1000)
	cutGzip := gzipped(t, big)
	clock := testClock()
	truncated := rawExchange(t, "https://example.org/cut", response("200 OK", cutGzip[:len(cutGzip)/2], "Content-Type: text/html", "Content-Encoding: gzip"), clock())
	truncated.Truncated = TruncatedLength
	files, _ := writeExchanges(t, WriterConfig{Index: NewMemoryIndex(), MaxSize: 64 << 10},
		rawExchange(t, "https://example.org/", chunkedGzip, clock()),
		rawExchange(t, "https://example.org/copy", chunkedGzip, clock()), // a revisit
		rawExchange(t, "https://example.org/style.css", response("200 OK", zlibbed(css), "Content-Type: text/css", "Content-Encoding: deflate"), clock()),
		rawExchange(t, "https://example.org/raw.css", response("200 OK", deflated(css), "Content-Type: text/css", "Content-Encoding: deflate"), clock()),
		rawExchange(t, "https://example.org/br", response("200 OK", []byte("\x1b\x03brotli"), "Content-Type: text/html", "Content-Encoding: br"), clock()),
		rawExchange(t, "https://example.org/doc.pdf", response("200 OK", pdf, "Content-Type: application/pdf"), clock()),
		rawExchange(t, "https://example.org/x.xhtml", response("200 OK", html, "Content-Type: application/xhtml+xml"), clock()),
		rawExchange(t, "https://example.org/img.png", response("200 OK", randomBytes(100), "Content-Type: image/png"), clock()),
		rawExchange(t, "https://example.org/missing", response("404 Not Found", html, "Content-Type: text/html"), clock()),
		rawExchange(t, "https://example.org/old", response("301 Moved Permanently", html, "Content-Type: text/html", "Location: /"), clock()),
		rawExchange(t, "https://example.org/img-old", redirectResponse(302, "/img.png"), clock()),
		rawExchange(t, "https://example.org/big", response("200 OK", gzipped(t, big), "Content-Type: text/html", "Content-Encoding: gzip"), clock()),
		truncated,
	)
	if ix, err := BuildIndex(files); err != nil || ix.Lookup("https://example.org/copy")[0].Type != "revisit" {
		t.Fatalf("https://example.org/copy is not a revisit: %v", err)
	}
	docs := map[string]Document{}
	var order []string
	for doc, err := range ArchivedDocuments(files, 100_000) {
		if err != nil {
			t.Fatal(err)
		}
		docs[doc.URL] = doc
		order = append(order, doc.URL)
	}
	want := []string{"https://example.org/", "https://example.org/copy", "https://example.org/style.css", "https://example.org/raw.css",
		"https://example.org/br", "https://example.org/doc.pdf", "https://example.org/x.xhtml", "https://example.org/old",
		"https://example.org/img-old", "https://example.org/big", "https://example.org/cut"}
	if strings.Join(order, " ") != strings.Join(want, " ") {
		t.Errorf("documents\n%v\nwant\n%v", order, want)
	}
	for _, tc := range []struct {
		url, ctype string
		body       []byte
		truncated  bool
		note       string
	}{
		{"https://example.org/", "text/html", html, false, ""},
		{"https://example.org/copy", "text/html", html, false, ""},
		{"https://example.org/style.css", "text/css", css, false, ""},
		{"https://example.org/raw.css", "text/css", css, false, ""},
		{"https://example.org/br", "text/html", nil, false, "content-encoding br is not decoded"},
		{"https://example.org/doc.pdf", "application/pdf", pdf, false, ""},
		{"https://example.org/x.xhtml", "application/xhtml+xml", html, false, ""},
		{"https://example.org/old", "text/html", nil, false, ""},
		{"https://example.org/img-old", "", nil, false, ""},
		{"https://example.org/big", "text/html", big[:100_000], true, "body cut at 100000 bytes"},
		{"https://example.org/cut", "text/html", nil, true, "record truncated (length) body ends early"},
	} {
		d := docs[tc.url]
		bodyOK := bytes.Equal(d.Body, tc.body) || (tc.url == "https://example.org/cut" && len(d.Body) > 1000 && bytes.HasPrefix(big, d.Body))
		if d.ContentType != tc.ctype || !bodyOK || d.Truncated != tc.truncated || !strings.HasPrefix(d.Note, tc.note) {
			t.Errorf("%s: %s, %d bytes, truncated %v, note %q", tc.url, d.ContentType, len(d.Body), d.Truncated, d.Note)
		}
	}
	if d := docs["https://example.org/old"]; d.Status != 301 || d.Header.Get("Location") != "/" {
		t.Errorf("redirect: %d %v", d.Status, d.Header)
	}
	if d := docs["https://example.org/copy"]; d.Status != 200 || d.Header.Get("Transfer-Encoding") != "chunked" || d.Date.IsZero() {
		t.Errorf("revisit: %d %v %v", d.Status, d.Header, d.Date)
	}
}

// TestArchivedDocumentsOfWgetStyleFile: bracketed URIs, and a revisit without headers
// that takes its original's status, headers and body (found by payload digest).
func TestArchivedDocumentsOfWgetStyleFile(t *testing.T) {
	path := writeWARC(t, "wget.warc.gz", true, wgetStyleRecords())
	missing := filepath.Join(t.TempDir(), "missing.warc")
	var got []string
	var errs int
	for doc, err := range ArchivedDocuments([]string{missing, path}, 0) {
		if err != nil {
			errs++
			continue
		}
		got = append(got, fmt.Sprintf("%s %d %s %q", doc.URL, doc.Status, doc.ContentType, doc.Body))
	}
	page := `"<html><a href=\"b.html\">b</a></html>"`
	want := []string{
		"http://example.org/ 200 text/html " + page,
		`http://example.org/old~ 302  ""`,
		"http://example.org/b.html 200 text/html " + page,
	}
	if errs != 1 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%d errors, documents:\n%s\nwant\n%s", errs, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestArchivedDocumentsStops: breaking out of the loop stops reading.
func TestArchivedDocumentsStops(t *testing.T) {
	path := writeWARC(t, "wget.warc", false, wgetStyleRecords())
	n := 0
	for range ArchivedDocuments([]string{path, path}, 0) {
		n++
		break
	}
	if n != 1 {
		t.Errorf("%d documents after break", n)
	}
}

func TestDecodeContent(t *testing.T) {
	body := []byte("hello, world")
	for _, tc := range []struct {
		enc  []string
		data []byte
		note string
	}{
		{nil, body, ""},
		{[]string{"identity"}, body, ""},
		{[]string{"GZIP"}, gzipped(t, body), ""},
		{[]string{"deflate, gzip"}, gzipped(t, zlibbed(body)), ""},
		{[]string{"deflate", "x-gzip"}, gzipped(t, deflated(body)), ""},
		{[]string{"gzip, br"}, []byte("x"), "content-encoding br is not decoded"},
		{[]string{"compress"}, []byte("x"), "content-encoding compress is not decoded"},
		{[]string{"gzip"}, []byte("this is certainly not gzip data"), "content-encoding gzip: gzip: invalid header"},
	} {
		r, note, _ := decodeContent(bytes.NewReader(tc.data), tc.enc)
		if tc.note != "" {
			if r != nil || !strings.HasPrefix(note, tc.note) {
				t.Errorf("%v: note %q, want %q", tc.enc, note, tc.note)
			}
			continue
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, body) {
			t.Errorf("%v: %q, %v", tc.enc, got, err)
		}
	}
}
