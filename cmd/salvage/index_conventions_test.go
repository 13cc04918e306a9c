package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/crawltest"
	"github.com/salvage-archive/salvage/warc"
)

// exchangeFixture is one request and its response, as the recorder would archive them.
type exchangeFixture struct {
	method, url, reqType, reqBody string
	status                        int
	respType, respBody            string
}

// conventionFixtures are the exchanges whose index lines differ between tools: POST
// with a form body and with a JSON body, PUT, beside a page and an image fetched with
// GET.
var conventionFixtures = []exchangeFixture{
	{"GET", "https://example.org/", "", "", 200, "text/html; charset=utf-8", `<html><body><form method=post action=/search></form><img src=/logo.png></body></html>`},
	{"GET", "https://example.org/logo.png", "", "", 200, "image/png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"},
	{"POST", "https://example.org/search", "application/x-www-form-urlencoded", "q=caf%C3%A9+au+lait&lang=fr&page=2", 200, "text/html", "<html><body>results</body></html>"},
	{"POST", "https://example.org/api/search?v=1", "application/json", `{"query":"Zürich","filters":{"type":["page","pdf"],"year":2024},"draft":false,"note":null}`, 200, "application/json", `{"hits":[]}`},
	{"PUT", "https://example.org/api/doc/7", "application/json; charset=utf-8", `{"title":"Ünïcode title","tags":["a","b"]}`, 204, "", ""},
}

// writeConventionWARC archives the fixtures with the project's Writer (one gzip member
// per record) and returns the file.
func writeConventionWARC(t *testing.T, dir string) string {
	t.Helper()
	clock := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	n := 0
	w, err := warc.NewWriter(warc.WriterConfig{
		Dir: dir, Prefix: "conventions", Hostname: "testhost",
		Clock:    func() time.Time { return clock },
		RecordID: func() string { n++; return fmt.Sprintf("<urn:uuid:00000000-0000-4000-8000-%012d>", n) },
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range conventionFixtures {
		if _, err := w.WriteExchange(x.exchange(t, clock.Add(time.Duration(i)*time.Second))); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.Files()[0]
}

func (x exchangeFixture) exchange(t *testing.T, date time.Time) *warc.Exchange {
	path := strings.TrimPrefix(x.url, "https://example.org")
	req := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: example.org\r\nUser-Agent: salvage-test\r\n", x.method, path)
	if x.reqType != "" {
		req += fmt.Sprintf("Content-Type: %s\r\nContent-Length: %d\r\n", x.reqType, len(x.reqBody))
	}
	req += "\r\n" + x.reqBody
	sp := warc.NewSpool("")
	t.Cleanup(func() { _ = sp.Close() })
	fmt.Fprintf(sp, "HTTP/1.1 %d Status\r\n", x.status)
	if x.respType != "" {
		fmt.Fprintf(sp, "Content-Type: %s\r\n", x.respType)
	}
	fmt.Fprintf(sp, "Content-Length: %d\r\n\r\n%s", len(x.respBody), x.respBody)
	return &warc.Exchange{URL: x.url, Method: x.method, Request: []byte(req), Response: sp, IP: "127.0.0.1", Date: date, Status: x.status}
}

// salvage index writes warcio.js's CDXJ line for line on a WARC holding POST (form and
// JSON bodies) and PUT captures: the __wb_method=...& key, method and requestBody
// fields included. warcio.js 2.4.11 (testdata/replay/warc-check --cdxj-only) makes
// the reference; warc-check first finds the fixture itself valid.
func TestIndexNonGetMatchesWarcioJS(t *testing.T) {
	dir := t.TempDir()
	file := writeConventionWARC(t, dir)
	res := salvage(context.Background(), "index", file)
	if res.code != 0 {
		t.Fatalf("index exit %d: %s", res.code, res.stderr)
	}
	for _, want := range []string{`?__wb_method=post&`, `?__wb_method=put&`, `"method":"POST"`, `"requestBody":"q=caf%C3%A9+au+lait&lang=fr&page=2"`} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("index lacks %s:\n%s", want, res.stdout)
		}
	}
	node, modules := crawltest.BrowserTools(t, "../..", false, "warcio")
	checker := filepath.Join(filepath.Dir(modules), "warc-check")
	if b, err := exec.Command(node, checker, file).CombinedOutput(); err != nil || !strings.Contains(string(b), "0 failure(s), 0 warning(s)") {
		t.Errorf("warc-check of the fixture: %v\n%s", err, b)
	}
	ref := filepath.Join(dir, "warcio.cdxj")
	if b, err := exec.Command(node, checker, "--cdxj-only", ref, file).CombinedOutput(); err != nil {
		t.Fatalf("warc-check: %v\n%s", err, b)
	}
	if want := readFileString(t, ref); res.stdout != want {
		t.Errorf("salvage index differs from warcio.js:\n--- salvage\n%s--- warcio.js\n%s", res.stdout, want)
	}
}

// CDX11 lines of the same WARC have 11 fields each, the method keys included.
func TestIndexCDX11ElevenFields(t *testing.T) {
	file := writeConventionWARC(t, t.TempDir())
	res := salvage(context.Background(), "index", "--format", "cdx11", file)
	if res.code != 0 {
		t.Fatalf("index exit %d: %s", res.code, res.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(res.stdout, "\n"), "\n")
	if len(lines) != len(conventionFixtures)+1 {
		t.Fatalf("%d lines:\n%s", len(lines), res.stdout)
	}
	for _, l := range lines[1:] {
		if n := len(strings.Fields(l)); n != 11 {
			t.Errorf("%d fields: %q", n, l)
		}
	}
	if !strings.Contains(res.stdout, "org,example)/search?__wb_method=post&lang=fr&page=2&q=caf%C3%A9+au+lait 20260301120002 https://example.org/search text/html 200 ") {
		t.Errorf("POST line:\n%s", res.stdout)
	}
}

// ARC v1 fixtures, written by hand: the version block, a page, an image.
const (
	arcPageHead  = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 104\r\n\r\n"
	arcPageBody  = `<html><body><a href="/about">About</a> <img src="/logo.png"> <a href="/gone">Gone</a></body></html>` + "\n\n\n\n\n"
	arcImageHead = "HTTP/1.0 200 OK\nContent-Type: image/png\n\n"
	arcImageBody = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
)

func arcFixtureRecords(name string) []string {
	spec := "1 0 salvage-test\nURL IP-address Archive-date Content-type Archive-length\n"
	rec := func(uri, date, mime, block string) string {
		return fmt.Sprintf("%s 127.0.0.1 %s %s %d\n%s\n", uri, date, mime, len(block), block)
	}
	return []string{
		fmt.Sprintf("filedesc://%s 127.0.0.1 20260301120000 text/plain %d\n%s\n", name, len(spec), spec),
		rec("http://example.org/", "20260301120001", "text/html", arcPageHead+arcPageBody),
		rec("http://example.org/logo.png", "20260301120002", "image/png", arcImageHead+arcImageBody),
	}
}

// writeARCFixtures writes site.arc (plain) and site.arc.gz (one gzip member per
// record) into dir and returns the sizes of the gzip members.
func writeARCFixtures(t *testing.T, dir string) (plain, gz string, members []int) {
	t.Helper()
	plain, gz = filepath.Join(dir, "site.arc"), filepath.Join(dir, "site.arc.gz")
	var all bytes.Buffer
	for _, r := range arcFixtureRecords("site.arc.gz") {
		start := all.Len()
		zw, _ := gzip.NewWriterLevel(&all, gzip.BestCompression)
		_, _ = io.WriteString(zw, r)
		_ = zw.Close()
		members = append(members, all.Len()-start)
	}
	if err := os.WriteFile(plain, []byte(strings.Join(arcFixtureRecords("site.arc"), "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(gz, all.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return plain, gz, members
}

// salvage index reads ARC files as cdxj-indexer (and pywb) index them: the version
// block is not indexed; each capture is a response line whose mime and status come
// from its HTTP header block, whose digest is the SHA-1 (base32) of the payload, whose
// length is, in a plain file, its header line and block without the newline after it
// and, in a gzip file, its gzip member. The expected lines follow cdxj-indexer's test
// of pywb's example.arc (webrecorder/cdxj-indexer test/test_indexer.py,
// test_arc_cdxj: `com,example)/ 20140216050221 {"url": "http://example.com/",
// "mime": "text/html", "status": "200", "digest": "B2LTWWPUOYAH7UIPQ7ZUPQ4VMBSVC36A",
// "length": "1656", "offset": "151", "filename": "example.arc"}`), which salvage
// index reproduces on that file, written with warcio.js's JSON spacing.
func TestIndexARCAsCdxjIndexer(t *testing.T) {
	dir := t.TempDir()
	_, _, m := writeARCFixtures(t, dir)
	res := salvage(context.Background(), "index", dir)
	if res.code != 0 {
		t.Fatalf("index exit %d: %s", res.code, res.stderr)
	}
	// Plain file: the version block takes bytes 0-132 and its newline; the page's
	// header line and block 133-375, a newline; the image's 377-507. Digests: SHA-1 of
	// the bytes after each HTTP header block.
	want := fmt.Sprintf(`org,example)/ 20260301120001 {"url":"http://example.org/","mime":"text/html","status":"200","digest":"BB7ZNCTVMLDZZMM535G3Q6DAERBPJOLG","length":"%d","offset":"%d","filename":"site.arc.gz"}
org,example)/ 20260301120001 {"url":"http://example.org/","mime":"text/html","status":"200","digest":"BB7ZNCTVMLDZZMM535G3Q6DAERBPJOLG","length":"243","offset":"133","filename":"site.arc"}
org,example)/logo.png 20260301120002 {"url":"http://example.org/logo.png","mime":"image/png","status":"200","digest":"K7DHLXMMPLXLPBXCTXLCDS4LIKVWR6ST","length":"131","offset":"377","filename":"site.arc"}
org,example)/logo.png 20260301120002 {"url":"http://example.org/logo.png","mime":"image/png","status":"200","digest":"K7DHLXMMPLXLPBXCTXLCDS4LIKVWR6ST","length":"%d","offset":"%d","filename":"site.arc.gz"}
`, m[1], m[0], m[2], m[0]+m[1])
	if got := sortedLines(res.stdout); got != sortedLines(want) {
		t.Errorf("index of ARC files:\n%s\nwant\n%s", res.stdout, want)
	}
}

// sortedLines sorts the lines of s (the gzip member sizes decide the order of lines
// that differ only there).
func sortedLines(s string) string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// salvage verify reads the links of a page archived in an ARC file: the image is in
// the archive, the missing page is listed.
func TestVerifyARC(t *testing.T) {
	dir := t.TempDir()
	_, gz, _ := writeARCFixtures(t, dir)
	out := t.TempDir()
	res := salvage(context.Background(), "verify", "--offline", "--out", out, gz)
	missing := readFileString(t, filepath.Join(out, "missing.txt"))
	if res.code > 1 || !strings.Contains(missing, "http://example.org/gone") || !strings.Contains(missing, "http://example.org/about") ||
		strings.Contains(missing, "logo.png") {
		t.Errorf("verify exit %d\n%s\n%s\nmissing.txt:\n%s", res.code, res.stdout, res.stderr, missing)
	}
}

// A folder of WARC and ARC files is indexed whole, each file once ("*.arc" also
// matches x.warc).
func TestIndexFolderOfWARCAndARC(t *testing.T) {
	dir := t.TempDir()
	gz := writeConventionWARC(t, dir)
	raw, err := os.ReadFile(gz)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if err := os.WriteFile(filepath.Join(dir, "plain.warc"), plain, 0o644); err != nil {
		t.Fatal(err)
	}
	writeARCFixtures(t, dir)
	res := salvage(context.Background(), "index", dir)
	if res.code != 0 {
		t.Fatalf("index exit %d: %s", res.code, res.stderr)
	}
	count := map[string]int{}
	for _, l := range strings.Split(strings.TrimSuffix(res.stdout, "\n"), "\n") {
		_, f, _ := strings.Cut(l, `"filename":"`)
		f, _, _ = strings.Cut(f, `"`)
		count[f]++
	}
	want := map[string]int{filepath.Base(gz): len(conventionFixtures), "plain.warc": len(conventionFixtures), "site.arc": 2, "site.arc.gz": 2}
	if fmt.Sprint(count) != fmt.Sprint(want) {
		t.Errorf("lines by file %v, want %v", count, want)
	}
}
