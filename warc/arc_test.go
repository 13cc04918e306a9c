package warc

import (
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"encoding/base32"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// arcVersionBlock is the first record of an ARC v1 file.
func arcVersionBlock(name string) string {
	spec := "1 0 salvage-test\nURL IP-address Archive-date Content-type Archive-length\n"
	return fmt.Sprintf("filedesc://%s 127.0.0.1 20260301120000 text/plain %d\n%s\n", name, len(spec), spec)
}

// arcRecord is one ARC v1 record of an HTTP response (head and body), with the
// newline that ends it.
func arcRecord(uri, date, mime, head, body string) string {
	block := head + body
	return fmt.Sprintf("%s 127.0.0.1 %s %s %d\n%s\n", uri, date, mime, len(block), block)
}

const (
	arcHTMLHead  = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 53\r\n\r\n"
	arcHTMLBody  = `<html><body><a href="/img/logo.png">x</a></body></html>`
	arcImageHead = "HTTP/1.0 200 OK\nContent-Type: image/png\n\n"
	arcImageBody = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
)

// arcRecords are the records of the test ARC files: version block, a page, an image.
func arcRecords() []string {
	return []string{
		arcVersionBlock("test.arc"),
		arcRecord("http://example.org/", "20260301120001", "text/html", arcHTMLHead, arcHTMLBody),
		arcRecord("http://example.org/img/logo.png", "20260301120002", "image/png", arcImageHead, arcImageBody),
	}
}

func writeTestFile(t *testing.T, name string, parts ...[]byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, bytes.Join(parts, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func gzipMember(s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, _ = io.WriteString(zw, s)
	_ = zw.Close()
	return b.Bytes()
}

func payloadSHA1(body string) string {
	d := sha1.Sum([]byte(body))
	return "sha1:" + base32.StdEncoding.EncodeToString(d[:])
}

// An ARC file, plain or one gzip member per record (an empty member among them), reads
// as a warcinfo record and two responses: offsets and lengths in the file (a plain
// record without the newline after it), status and header fields from the HTTP block,
// the payload digest computed, the date from the header line.
func TestEntriesOfARC(t *testing.T) {
	recs := arcRecords()
	plain := writeTestFile(t, "test.arc", []byte(strings.Join(recs, "")))
	members := [][]byte{gzipMember(recs[0]), gzipMember(""), gzipMember(recs[1]), gzipMember(recs[2])}
	gz := writeTestFile(t, "test.arc.gz", members...)
	plainOffsets := []int64{0, int64(len(recs[0])), int64(len(recs[0]) + len(recs[1]))}
	m := func(i int) int64 { return int64(len(members[i])) }
	gzOffsets := []int64{0, m(0) + m(1), m(0) + m(1) + m(2)}
	for _, c := range []struct {
		path             string
		offsets, lengths []int64
	}{
		{plain, plainOffsets, []int64{int64(len(recs[0]) - 1), int64(len(recs[1]) - 1), int64(len(recs[2]) - 1)}},
		{gz, gzOffsets, []int64{m(0), m(2), m(3)}},
	} {
		var got []Entry
		for e, err := range Entries(c.path) {
			if err != nil {
				t.Fatalf("%s: %v", c.path, err)
			}
			got = append(got, e)
		}
		if len(got) != 3 || got[0].Type != "warcinfo" || got[1].Type != "response" || got[2].Type != "response" {
			t.Fatalf("%s: %d records %+v", c.path, len(got), got)
		}
		for i, e := range got {
			if e.Offset != c.offsets[i] || e.Length != c.lengths[i] {
				t.Errorf("%s record %d: offset %d length %d, want %d %d", c.path, i, e.Offset, e.Length, c.offsets[i], c.lengths[i])
			}
		}
		page, img := got[1], got[2]
		if !page.HTTP || page.Status != 200 || page.Header.Get("Content-Type") != "text/html; charset=utf-8" ||
			page.Digest != payloadSHA1(arcHTMLBody) || page.URI != "http://example.org/" || page.Date.Format("20060102150405") != "20260301120001" {
			t.Errorf("%s page: %+v", c.path, page)
		}
		if !img.HTTP || img.Status != 200 || img.Header.Get("Content-Type") != "image/png" || img.Digest != payloadSHA1(arcImageBody) {
			t.Errorf("%s image: %+v", c.path, img)
		}
	}
}

// The body of an ARC response opens at the offset an Index gives, plain or gzip.
func TestOpenResponseInARC(t *testing.T) {
	recs := arcRecords()
	plain := writeTestFile(t, "test.arc", []byte(strings.Join(recs, "")))
	gz := writeTestFile(t, "test.arc.gz", gzipMember(recs[0]), gzipMember(recs[1]), gzipMember(recs[2]))
	for _, path := range []string{plain, gz} {
		ix, err := BuildIndex([]string{path})
		if err != nil {
			t.Fatal(err)
		}
		snaps := ix.Lookup("http://example.org/")
		if len(snaps) != 1 {
			t.Fatalf("%s: page in the index %d times", path, len(snaps))
		}
		resp, err := OpenResponse(path, snaps[0].Offset)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Close()
		if resp.Status != 200 || string(body) != arcHTMLBody {
			t.Errorf("%s: status %d body %q", path, resp.Status, body)
		}
	}
}

// Damage is a Fault naming the offset, and the reader goes on: a record cut short (the
// records before it read), two records in one gzip member (both read, the member
// reported as shared), a line that is no ARC header (skipped to the next ARC header
// line). An Archive-length that is not a number counts as 0 (the record is its header
// line), as warcio reads it.
func TestARCDamage(t *testing.T) {
	recs := arcRecords()
	whole := strings.Join(recs, "")
	for name, c := range map[string]struct {
		content []byte
		records int
		kind    FaultKind
		offset  int64
	}{
		"cut.arc":       {[]byte(whole[:len(whole)-10]), 2, FaultCut, int64(len(recs[0]) + len(recs[1]))},
		"onegz.arc.gz":  {gzipMember(whole), 3, FaultShared, 0},
		"junk.arc":      {[]byte(recs[0] + "<p>not a header line</p>\n" + recs[1]), 2, FaultSkipped, int64(len(recs[0]))},
		"broken.arc.gz": {brokenARC(recs), 2, FaultSkipped, int64(len(gzipMember(recs[0])))},
	} {
		path := writeTestFile(t, name, c.content)
		var faults []*Fault
		n := 0
		for _, err := range Entries(path) {
			var f *Fault
			switch {
			case errors.As(err, &f):
				faults = append(faults, f)
			case err != nil:
				t.Fatalf("%s: %v", name, err)
			default:
				n++
			}
		}
		if n != c.records || len(faults) != 1 || faults[0].Kind != c.kind || faults[0].Offset != c.offset {
			t.Errorf("%s: %d records, faults %v, want %d records and a %s fault at %d", name, n, faults, c.records, c.kind, c.offset)
		}
	}
	bad := writeTestFile(t, "bad.arc", []byte(recs[0]+"http://example.org/ 1.2.3.4 20260301120003 text/html abc\n\n"+recs[1]))
	var got []Entry
	for e, err := range Entries(bad) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, e)
	}
	if len(got) != 3 || got[1].Length != int64(len("http://example.org/ 1.2.3.4 20260301120003 text/html abc\n")) ||
		got[1].HTTP || got[1].Digest != payloadSHA1("") || got[2].Status != 200 {
		t.Errorf("bad length: %+v", got)
	}
}

// brokenARC is an .arc.gz whose second member (a page "http://a.example/", as Python's
// zlib compresses it) is damaged ten bytes into its deflate stream: the decoder gives
// the first 15 bytes of the header line, then fails. One fault names the member, not also its decoded start.
func brokenARC(recs []string) []byte {
	const bad = "H4sIAHndE2sC/8soKSmw0tdP1EtYWFhYyEnVVzA0MtczAEJDBSMDIzMDYwNDQyMDAwNDhZLUihL9jJLcHAVTSy6PkJAAfUOwIgMFf29eLuf8vJLUvBLdkMqCVCuEWl4uXi6bRIWMotQ02wq7Chv9RDsuAGK7bwd0AAAA"
	member, _ := base64.StdEncoding.DecodeString(bad)
	return bytes.Join([][]byte{gzipMember(recs[0]), member, gzipMember(recs[2])}, nil)
}

// Any input named .arc: no panic, and reading ends (every record consumes bytes).
func FuzzARCEntries(f *testing.F) {
	recs := arcRecords()
	f.Add([]byte(strings.Join(recs, "")))
	f.Add(bytes.Join([][]byte{gzipMember(recs[0]), gzipMember(""), gzipMember(recs[1])}, nil))
	f.Add([]byte(recs[0] + "http://x/ 1.2.3.4 2026 text/html -5\n\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.arc")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		n := 0
		for e, err := range Entries(path) {
			if err == nil && e.Length <= 0 && e.Type != "warcinfo" {
				t.Fatalf("record of length %d at %d", e.Length, e.Offset)
			}
			if n++; n > len(data)+1 {
				t.Fatal("more records than bytes")
			}
		}
	})
}
