package warc

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// rawExchange builds an exchange without the network: a GET of url answered with the
// raw response bytes, as they crossed the wire.
func rawExchange(t testing.TB, url, response string, date time.Time) *Exchange {
	t.Helper()
	sp := NewSpool("")
	_, _ = sp.Write([]byte(response))
	t.Cleanup(func() { _ = sp.Close() })
	host := strings.SplitN(strings.SplitN(url, "//", 2)[1], "/", 2)[0]
	req := fmt.Sprintf("GET / HTTP/1.1\r\nHost: %s\r\nUser-Agent: salvage-test\r\n\r\n", host)
	return &Exchange{URL: url, Method: "GET", Request: []byte(req), Response: sp, IP: "127.0.0.1", Date: date}
}

// writeExchanges archives exchanges with a test Writer and returns the files and captures.
func writeExchanges(t testing.TB, cfg WriterConfig, exs ...*Exchange) ([]string, []Capture) {
	t.Helper()
	cfg.Dir = t.TempDir()
	w := newTestWriter(t, cfg)
	var caps []Capture
	for _, ex := range exs {
		c, err := w.WriteExchange(ex)
		if err != nil {
			t.Fatal(err)
		}
		caps = append(caps, c)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return warcFiles(t, cfg.Dir), caps
}

func redirectResponse(status int, location string) string {
	return fmt.Sprintf("HTTP/1.1 %d Moved\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n", status, location)
}

// TestIndexOfWriterFiles: the Index locates every capture the Writer reports, across
// rotated files, keeps every capture of a URL oldest first, and Best picks the latest
// usable one, resolving a revisit.
func TestIndexOfWriterFiles(t *testing.T) {
	clock := testClock()
	page := []byte("<html>the same page " + strings.Repeat("x", 4000) + "</html>")
	exs := []*Exchange{
		synthExchange(t, "https://example.org/a", 200, page, clock()),
		rawExchange(t, "https://example.org/old", redirectResponse(301, "/a?from=old"), clock()),
		synthExchange(t, "https://example.org/copy", 200, page, clock()), // a revisit of /a
		synthExchange(t, "https://example.org/a", 404, []byte("gone"), clock()),
		synthExchange(t, "https://example.org/gone", 404, []byte("gone"), clock()),
		synthExchange(t, "https://example.org/b", 200, randomBytes(6000), clock()),
	}
	files, caps := writeExchanges(t, WriterConfig{Index: NewMemoryIndex(), MaxSize: 8 << 10}, exs...)
	if len(files) < 2 {
		t.Fatalf("%d files, want rotation", len(files))
	}
	ix, err := BuildIndex(files)
	if err != nil {
		t.Fatal(err)
	}
	if ix.Len() != len(caps) {
		t.Errorf("Len %d, want %d", ix.Len(), len(caps))
	}
	want := []string{"https://example.org/a", "https://example.org/b", "https://example.org/copy", "https://example.org/gone", "https://example.org/old"}
	if got := ix.URLs(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("URLs %v, want %v", got, want)
	}
	for _, c := range caps {
		checkSnapshotOf(t, ix, c)
	}
	if a := ix.Lookup("HTTPS://EXAMPLE.org:443/a#top"); len(a) != 2 || a[0].Status != 200 || a[1].Status != 404 || !a[0].Date.Before(a[1].Date) {
		t.Errorf("Lookup /a = %+v", a)
	}
	checkBest(t, ix, "https://example.org/a", 200, "response")
	checkBest(t, ix, "https://example.org/copy", 200, "revisit")
	checkBest(t, ix, "https://example.org/gone", 0, "")
	checkBest(t, ix, "https://example.org/nowhere", 0, "")
	if s, _ := ix.Best("https://example.org/old"); s.Status != 301 || s.Location != "https://example.org/a?from=old" {
		t.Errorf("redirect: %+v", s)
	}
	if c := ix.Lookup("https://example.org/copy")[0]; c.RefersTo != caps[0].RecordID || c.Digest != caps[0].PayloadDigest || c.Mime != "text/html" {
		t.Errorf("revisit %+v does not refer to %+v", c, caps[0])
	}
}

// checkSnapshotOf: the Index holds the capture at the offset and length the Writer reported.
func checkSnapshotOf(t *testing.T, ix *Index, c Capture) {
	t.Helper()
	for _, s := range ix.Lookup(c.URL) {
		if filepath.Base(s.File) == c.File && s.Offset == c.Offset {
			if s.Length != c.Size || s.Status != c.Status || s.Digest != c.PayloadDigest || s.Type != map[bool]string{false: "response", true: "revisit"}[c.Revisit] {
				t.Errorf("snapshot %+v, capture %+v", s, c)
			}
			return
		}
	}
	t.Errorf("capture %s at %s:%d not indexed: %+v", c.URL, c.File, c.Offset, ix.Lookup(c.URL))
}

func checkBest(t *testing.T, ix *Index, url string, status int, typ string) {
	t.Helper()
	s, ok := ix.Best(url)
	if ok != (status != 0) || s.Status != status || s.Type != typ {
		t.Errorf("Best(%s) = %+v, %v; want status %d %s", url, s, ok, status, typ)
	}
}

// wgetRecord renders a WARC/1.0 record the way GNU wget writes them: target URIs in
// angle brackets, "application/http;msgtype=..." content types.
func wgetRecord(typ, id, uri, contentType, block string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "WARC/1.0\r\nWARC-Type: %s\r\n", typ)
	if uri != "" {
		fmt.Fprintf(&b, "WARC-Target-URI: <%s>\r\n", uri)
	}
	fmt.Fprintf(&b, "WARC-Date: 2024-05-06T07:08:09Z\r\nWARC-Record-ID: <urn:uuid:%s>\r\n", id)
	for _, e := range extra {
		b.WriteString(e + "\r\n")
	}
	fmt.Fprintf(&b, "Content-Type: %s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", contentType, len(block), block)
	return b.String()
}

const (
	wgetReq  = "application/http;msgtype=request"
	wgetResp = "application/http;msgtype=response"
)

// wgetStyleRecords are the records of a small wget crawl, plus a Heritrix-style revisit
// without a block and a resource record of an http URL.
func wgetStyleRecords() []string {
	page := "<html><a href=\"b.html\">b</a></html>"
	return []string{
		wgetRecord("warcinfo", "00000000-0000-4000-8000-000000000001", "", "application/warc-fields", "software: Wget/1.21.3 (linux-gnu)\r\nformat: WARC File Format 1.0\r\n"),
		wgetRecord("request", "00000000-0000-4000-8000-000000000002", "http://Example.ORG:80/", wgetReq, "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n"),
		wgetRecord("response", "00000000-0000-4000-8000-000000000003", "http://Example.ORG:80/", wgetResp,
			fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-type: text/html;charset=UTF-8\r\nContent-Length: %d\r\n\r\n%s", len(page), page),
			"WARC-Payload-Digest: sha1:PAGEDIGEST"),
		wgetRecord("response", "00000000-0000-4000-8000-000000000004", "http://example.org/old%7e#frag", wgetResp,
			"HTTP/1.0 302 Found\nLocation: b.html\n\n"),
		wgetRecord("response", "00000000-0000-4000-8000-000000000005", "http://example.org/b.html", wgetResp,
			"HTTP/1.1 500 Oops\r\nContent-Type: text/html\r\n\r\n"),
		wgetRecord("revisit", "00000000-0000-4000-8000-000000000006", "http://example.org/b.html", wgetResp, "",
			"WARC-Profile: http://netpreserve.org/warc/1.0/revisit/identical-payload-digest",
			"WARC-Refers-To-Target-URI: <http://example.org/>", "WARC-Refers-To-Date: 2024-05-06T07:08:09Z",
			"WARC-Payload-Digest: sha1:PAGEDIGEST"),
		wgetRecord("resource", "00000000-0000-4000-8000-000000000007", "https://example.org/file.txt", "text/plain", "hello"),
		wgetRecord("metadata", "00000000-0000-4000-8000-000000000008", "metadata://gnu.org/software/wget/warc/MANIFEST.txt", "text/plain", "<urn:uuid:00000000-0000-4000-8000-000000000001>\n"),
		wgetRecord("resource", "00000000-0000-4000-8000-000000000009", "metadata://gnu.org/software/wget/warc/wget.log", "text/plain", "FINISHED\n"),
	}
}

// writeWARC writes records to a file, each in its own gzip member when gz is set.
func writeWARC(t testing.TB, name string, gz bool, records []string) string {
	t.Helper()
	var buf bytes.Buffer
	for _, r := range records {
		if !gz {
			buf.WriteString(r)
			continue
		}
		zw := gzip.NewWriter(&buf)
		_, _ = zw.Write([]byte(r))
		_ = zw.Close()
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestIndexOfWgetStyleFile: WARC/1.0 records with bracketed target URIs, compressed or
// not; non-http records are left out; a revisit without headers is resolved by
// WARC-Refers-To-Target-URI and -Date.
func TestIndexOfWgetStyleFile(t *testing.T) {
	for _, gz := range []bool{false, true} {
		t.Run(fmt.Sprintf("gzip=%v", gz), func(t *testing.T) {
			path := writeWARC(t, "wget.warc.gz", gz, wgetStyleRecords())
			ix, err := BuildIndex([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			want := "http://example.org/ http://example.org/b.html http://example.org/old~ https://example.org/file.txt"
			if got := strings.Join(ix.URLs(), " "); got != want || ix.Len() != 5 {
				t.Errorf("URLs %s (Len %d), want %s", got, ix.Len(), want)
			}
			home := ix.Lookup("<http://example.org>")
			if len(home) != 1 || home[0].Status != 200 || home[0].Mime != "text/html" || home[0].Digest != "sha1:PAGEDIGEST" || home[0].File != path {
				t.Errorf("home: %+v", home)
			}
			old, _ := ix.Best("http://example.org/old%7e")
			if old.Status != 302 || old.Location != "http://example.org/b.html" {
				t.Errorf("redirect: %+v", old)
			}
			if b := ix.Lookup("http://example.org/b.html"); len(b) != 2 || b[1].Type != "revisit" || b[1].Status != 0 {
				t.Errorf("b.html: %+v", b)
			}
			checkBest(t, ix, "http://example.org/b.html", 200, "revisit")
			checkBest(t, ix, "https://example.org/file.txt", 200, "resource")
			checkOffsets(t, path, ix)
		})
	}
}

// checkOffsets: every snapshot's offset and length cover exactly one record of the file.
func checkOffsets(t *testing.T, path string, ix *Index) {
	t.Helper()
	var ends []int64
	for r, err := range ReadFile(path) {
		if err != nil {
			t.Fatal(err)
		}
		ends = append(ends, r.Offset+r.Size)
	}
	for _, u := range ix.URLs() {
		for _, s := range ix.Lookup(u) {
			blk, err := openBlock(path, s.Offset)
			if err != nil {
				t.Errorf("%s at %d: %v", u, s.Offset, err)
				continue
			}
			_ = blk.Close()
			found := false
			for _, e := range ends {
				found = found || e == s.Offset+s.Length
			}
			if !found {
				t.Errorf("%s: offset %d length %d ends no record", u, s.Offset, s.Length)
			}
		}
	}
}

// TestIndexKeepsWhatItRead: a compressed file cut inside a record is an error naming
// the file; the records before it are indexed, and the other files too. (In an
// uncompressed file the scan cannot tell a cut last block from a whole one.)
func TestIndexKeepsWhatItRead(t *testing.T) {
	recs := wgetStyleRecords()
	good := writeWARC(t, "good.warc", false, recs)
	cut := writeWARC(t, "cut.warc.gz", true, []string{recs[2], recs[3]})
	b, err := os.ReadFile(cut)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cut, b[:len(b)-30], 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err := BuildIndex([]string{cut, filepath.Join(t.TempDir(), "missing.warc.gz"), good})
	if err == nil || !strings.Contains(err.Error(), "cut.warc.gz") || !strings.Contains(err.Error(), "missing.warc.gz") {
		t.Errorf("error %v, want both bad files named", err)
	}
	if got := ix.Lookup("http://example.org/"); len(got) != 2 || got[0].File != cut || got[1].File != good {
		t.Errorf("home: %+v", got)
	}
}

func TestCanonicalKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<HTTPS://Example.ORG:443/a#x>", "https://example.org/a"},
		{"http://example.org:80", "http://example.org/"},
		{"http://example.org:8080/?q=1", "http://example.org:8080/?q=1"},
		{"https://example.org/a%c3%a9?b=%2f", "https://example.org/a%C3%A9?b=%2F"},
		{"https://example.org/r%C3%A9solution%202640%20%282022%29.pdf", "https://example.org/r%C3%A9solution%202640%20(2022).pdf"},
		{"https://example.org/%7euser/%41%2d%2F%25", "https://example.org/~user/A-%2F%25"},
		{"https://example.org/bad%zz", "https://example.org/bad%zz"},
		{"https://example.org/a b", "https://example.org/a%20b"},
		{"http://[::1]:80/x", "http://[::1]/x"},
		{"https://example.org/a?", "https://example.org/a?"},
		{"mailto:Someone@Example.org", "mailto:Someone@Example.org"},
		{"metadata://gnu.org/software/wget/warc/wget.log", "metadata://gnu.org/software/wget/warc/wget.log"},
		{" not a url ", "not a url"},
	} {
		if got := canonicalKey(tc.in); got != tc.want {
			t.Errorf("canonicalKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseHTTPHead(t *testing.T) {
	status, h := parseHTTPHead([]byte("HTTP/1.1 301 Moved\r\nlocation: /x\r\nX-Long: a\r\n  b\r\nbroken line\r\nSet-Cookie: 1\r\nSet-Cookie: 2\r\n\r\nbody: no\r\n"))
	if status != 301 || h.Get("Location") != "/x" || h.Get("X-Long") != "a b" || len(h.Values("Set-Cookie")) != 2 || h.Get("Body") != "" {
		t.Errorf("%d %v", status, h)
	}
	if status, _ := parseHTTPHead([]byte("ICY 200 OK\r\n\r\n")); status != 200 {
		t.Errorf("ICY status %d", status)
	}
}

func FuzzCanonicalKey(f *testing.F) {
	for _, s := range []string{"<http://a.org:80/x#y>", "https://[::1]:443", "http://a.org/%zz", "%41"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := canonicalKey(s)
		if canonicalKey(k) != k && strings.HasPrefix(k, "http") {
			t.Errorf("not idempotent: %q -> %q -> %q", s, k, canonicalKey(k))
		}
	})
}

// A 14-digit timestamp names its second: of two captures under a second
// apart, the one in that second is nearest, though the one before is a few
// milliseconds closer to the second's start.
func TestNearestOfASecond(t *testing.T) {
	at := time.Date(2026, 12, 5, 14, 34, 41, 631e6, time.UTC)
	exs := []*Exchange{
		synthExchange(t, "https://example.org/", 200, []byte("January"), at),
		synthExchange(t, "https://example.org/", 200, []byte("February"), at.Add(827*time.Millisecond)), // 14:34:42.458
	}
	files, _ := writeExchanges(t, WriterConfig{}, exs...)
	ix, err := BuildIndex(files)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		t    time.Time
		want time.Time
	}{
		{time.Date(2026, 12, 5, 14, 34, 42, 0, time.UTC), exs[1].Date},
		{time.Date(2026, 12, 5, 14, 34, 41, 0, time.UTC), exs[0].Date},
		{at.Add(100 * time.Millisecond), exs[0].Date}, // milliseconds: the nearest instant
	} {
		if c, _, ok := ix.Nearest("https://example.org/", tc.t); !ok || !c.Date.Equal(tc.want) {
			t.Errorf("Nearest(%s): %s, want %s", tc.t.Format(time.RFC3339Nano), c.Date.Format(time.RFC3339Nano), tc.want.Format(time.RFC3339Nano))
		}
	}
}
