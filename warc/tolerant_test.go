package warc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/warc/warcfix"
)

// writeFixture writes a fixture file into dir.
func writeFixture(t *testing.T, dir string, fx warcfix.Fixture) string {
	t.Helper()
	p := filepath.Join(dir, fx.Name)
	if err := os.WriteFile(p, fx.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Every layout and damage of the fixtures: the readable records are read in order,
// each located so that it can be opened again at its offset, and the damage is
// reported with the kinds expected.
func TestTolerantReader(t *testing.T) {
	dir := t.TempDir()
	want := warcfix.Records()
	for _, fx := range warcfix.Fixtures() {
		t.Run(fx.Name, func(t *testing.T) {
			p := writeFixture(t, dir, fx)
			var got []Entry
			var kinds []string
			for e, err := range Entries(p) {
				var f *Fault
				switch {
				case errors.As(err, &f):
					kinds = append(kinds, f.Kind.String())
					if f.File != p {
						t.Errorf("fault names %q", f.File)
					}
					t.Logf("fault: %v", f)
				case err != nil:
					t.Fatal(err)
				default:
					got = append(got, e)
				}
			}
			if len(got) != fx.Records {
				t.Fatalf("%d records, want %d (faults %v)", len(got), fx.Records, kinds)
			}
			for _, k := range fx.Faults {
				if !slices.Contains(kinds, k) {
					t.Errorf("faults %v, want %v", kinds, fx.Faults)
				}
			}
			for _, k := range kinds {
				if !slices.Contains(fx.Faults, k) {
					t.Errorf("faults %v, want only %v", kinds, fx.Faults)
				}
			}
			rep, err := Verify(p)
			if err != nil || rep.Records != fx.Records || len(rep.Faults) != len(kinds) {
				t.Errorf("Verify: err %v, %d records, faults %v", err, rep.Records, rep.Faults)
			}
			if fx.Records > 0 && len(rep.DigestFailures) > 0 {
				t.Errorf("Verify: digests %v", rep.DigestFailures)
			}
			for i, e := range got {
				if typ := recordType(want[i%len(want)]); e.Type != typ && len(got)%len(want) == 0 {
					t.Errorf("record %d is a %s, want %s", i, e.Type, typ)
				}
				checkOpens(t, p, e)
			}
		})
	}
}

func recordType(rec []byte) string {
	_, rest, _ := bytes.Cut(rec, []byte("WARC-Type: "))
	typ, _, _ := bytes.Cut(rest, []byte("\r\n"))
	return string(typ)
}

// checkOpens opens the block of e at its offset: the record found there must be e (or,
// in a shared member, the member's first record).
func checkOpens(t *testing.T, path string, e Entry) {
	t.Helper()
	rc, err := openBlock(path, e.Offset)
	if err != nil {
		t.Errorf("%s at %d: %v", e.Type, e.Offset, err)
		return
	}
	defer rc.Close()
	if _, err := io.Copy(io.Discard, rc); err != nil {
		t.Errorf("%s at %d: block: %v", e.Type, e.Offset, err)
	}
}

// Plain records are as long as their header and block: the two CRLFs after a record
// are not part of it (warcio.js's and pywb's length).
func TestPlainLengths(t *testing.T) {
	recs := warcfix.Records()
	p := writeFixture(t, t.TempDir(), warcfix.Fixture{Name: "plain.warc", Data: warcfix.Plain(recs)})
	off := int64(0)
	i := 0
	for e, err := range Entries(p) {
		if err != nil {
			t.Fatal(err)
		}
		if e.Offset != off || e.Length != int64(len(recs[i])-4) {
			t.Errorf("record %d: offset %d length %d, want %d %d", i, e.Offset, e.Length, off, len(recs[i])-4)
		}
		off += int64(len(recs[i]))
		i++
	}
}

// Gzip lengths are the member: offset and length cut the file into its records.
func TestMemberLengths(t *testing.T) {
	recs := warcfix.Records()
	p := writeFixture(t, t.TempDir(), warcfix.Fixture{Name: "x.warc.gz", Data: warcfix.PerRecord(recs, map[int][]byte{2: warcfix.Empty()})})
	off, i := int64(0), 0
	for e, err := range Entries(p) {
		if err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			off += int64(len(warcfix.Empty()))
		}
		if n := int64(len(warcfix.Gzip(recs[i]))); e.Offset != off || e.Length != n {
			t.Errorf("record %d: offset %d length %d, want %d %d", i, e.Offset, e.Length, off, n)
		}
		off += e.Length
		i++
	}
}

// The odd HTTP heads of the fixtures are read: CR CR LF line ends, an "HTTPX/1.1"
// status line (status and type as warcio.js gives them).
func TestOddHTTPHeads(t *testing.T) {
	p := writeFixture(t, t.TempDir(), warcfix.Fixture{Name: "x.warc.gz", Data: warcfix.PerRecord(warcfix.Records(), nil)})
	got := map[string]Entry{}
	for e, err := range Entries(p) {
		if err != nil {
			t.Fatal(err)
		}
		if e.Type == "response" {
			got[e.URI] = e
		}
	}
	for uri, mime := range map[string]string{"http://example.com/crcr": "text/html; charset=utf-8", "http://example.com/httpx": "text/plain"} {
		if e := got[uri]; !e.HTTP || e.Status != 200 || e.Header.Get("Content-Type") != mime {
			t.Errorf("%s: http %v status %d type %q", uri, e.HTTP, e.Status, e.Header.Get("Content-Type"))
		}
	}
}

// A page whose header says chunked over a body stored de-chunked gives its body as
// stored, noted, so its links can be read; in every layout the reader frames.
func TestChunkedHeaderOverPlainBody(t *testing.T) {
	dir := t.TempDir()
	for _, fx := range warcfix.Fixtures() {
		if fx.Records == 0 || strings.HasPrefix(fx.Name, "cut") {
			continue
		}
		p := writeFixture(t, dir, fx)
		found := false
		for doc, err := range ArchivedDocuments([]string{p}, 0) {
			var f *Fault
			if err != nil && !errors.As(err, &f) {
				t.Fatal(err)
			}
			if doc.URL == "http://example.com/" {
				found = true
				if string(doc.Body) != warcfix.Page || !doc.AsStored || !strings.Contains(doc.Note, "chunked") {
					t.Errorf("%s: body %q, as stored %v, note %q", fx.Name, doc.Body, doc.AsStored, doc.Note)
				}
			}
		}
		if !found {
			t.Errorf("%s: home page not read", fx.Name)
		}
	}
}

// A Content-Encoding that does not decode (a body stored decoded) is read as stored.
func TestContentEncodingStoredDecoded(t *testing.T) {
	block := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n" + warcfix.Page
	rec := warcfix.Record("response", "00000000-0000-4000-8000-000000000001", "http://example.com/", "application/http;msgtype=response", block)
	p := writeFixture(t, t.TempDir(), warcfix.Fixture{Name: "x.warc", Data: rec})
	for doc, err := range ArchivedDocuments([]string{p}, 0) {
		if err != nil {
			t.Fatal(err)
		}
		if string(doc.Body) != warcfix.Page || !doc.AsStored {
			t.Errorf("body %q, as stored %v, note %q", doc.Body, doc.AsStored, doc.Note)
		}
	}
	resp, err := OpenResponse(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Close()
	if b, _ := io.ReadAll(resp.Body); string(b) != warcfix.Page || resp.Decoded {
		t.Errorf("OpenResponse: %q decoded %v", b, resp.Decoded)
	}
}

// A header line with no end is damage, not a record read into memory: the reader
// holds at most maxHead bytes of it.
func TestEndlessHeaderLine(t *testing.T) {
	data := append([]byte("WARC/1.1\r\nX-Long: "), bytes.Repeat([]byte("a"), 16<<20)...)
	p := writeFixture(t, t.TempDir(), warcfix.Fixture{Name: "x.warc", Data: data})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var kinds []string
	for _, err := range Entries(p) {
		var f *Fault
		if errors.As(err, &f) {
			kinds = append(kinds, f.Kind.String())
		}
	}
	runtime.ReadMemStats(&after)
	if !slices.Contains(kinds, "skipped") {
		t.Errorf("faults %v", kinds)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("reading allocated %d bytes", alloc)
	}
}

// Records sharing one gzip member are opened by their member's offset and their
// place in it.
func TestOpenSharedMember(t *testing.T) {
	p := writeFixture(t, t.TempDir(), warcfix.Fixture{Name: "x.warc.gz", Data: warcfix.Gzip(warcfix.Plain(warcfix.Records()))})
	ix, err := BuildIndex([]string{p})
	var read *FilesRead
	if !errors.As(err, &read) || len(read.Faults) != 1 || read.Faults[0].Kind != FaultShared {
		t.Fatalf("BuildIndex: %v", err)
	}
	s, ok := ix.Best("http://example.com/httpx")
	if !ok || s.Offset != 0 || s.Nth == 0 {
		t.Fatalf("snapshot %+v", s)
	}
	resp, err := OpenResponseAt(s.File, s.Offset, s.Nth)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Close()
	if b, _ := io.ReadAll(resp.Body); string(b) != "hello" || resp.Status != 200 {
		t.Errorf("status %d body %q", resp.Status, b)
	}
}

// An empty body is not read as stored, whatever its headers.
func TestEmptyBodyNotAsStored(t *testing.T) {
	var recs [][]byte
	for i, h := range []string{"Transfer-Encoding: chunked", "Content-Encoding: gzip"} {
		block := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + h + "\r\n\r\n"
		recs = append(recs, warcfix.Record("response", fmt.Sprintf("00000000-0000-4000-8000-00000000000%d", i), fmt.Sprintf("http://example.com/%d", i), "application/http;msgtype=response", block))
	}
	p := writeFixture(t, t.TempDir(), warcfix.Fixture{Name: "x.warc", Data: warcfix.Plain(recs)})
	n := 0
	for doc, err := range ArchivedDocuments([]string{p}, 0) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if doc.AsStored || len(doc.Body) != 0 || doc.Note != "" {
			t.Errorf("%s: as stored %v, body %q, note %q", doc.URL, doc.AsStored, doc.Body, doc.Note)
		}
	}
	if n != 2 {
		t.Errorf("%d documents", n)
	}
}
