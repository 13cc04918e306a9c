package cdxj_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/warc/cdxj"
	"github.com/salvage-archive/salvage/warc/internal/sitetest"
)

func key(u string) string { return strings.ToLower(u) }

// The lines written while crawling (from the recorder's captures) are the lines
// Build reads back from the WARC file: same offsets, lengths (gzip members), digests.
func TestCaptureLinesEqualBuild(t *testing.T) {
	dir := t.TempDir()
	a := sitetest.Record(t, dir)
	path := filepath.Join(dir, "index.cdxj")
	w, err := cdxj.Create(path, key)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range slices.Backward(a.Captures) { // out of order: Close sorts
		w.Add(cdxj.FromCapture(c))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	lines, err := cdxj.Build(a.Files, key, cdxj.CDXJ)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	cdxj.WriteLines(&want, lines)
	if got := string(got); got != want.String() {
		t.Fatalf("crawl index differs from Build:\n%s\nwant\n%s", got, want.String())
	}
	if len(lines) != len(sitetest.Paths) {
		t.Fatalf("%d lines, want %d", len(lines), len(sitetest.Paths))
	}
	checkFields(t, lines, a.Base)
}

// checkFields looks at the JSON of a few lines.
func checkFields(t *testing.T, lines [][]byte, base string) {
	t.Helper()
	byURL := map[string]map[string]string{}
	for _, l := range lines {
		parts := strings.SplitN(string(l), " ", 3)
		if len(parts[1]) != 14 {
			t.Errorf("timestamp %q", parts[1])
		}
		var f map[string]string // every value is a string, as in warcio.js
		if err := json.Unmarshal([]byte(parts[2]), &f); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		byURL[f["url"]] = f
		if parts[0] != key(f["url"]) {
			t.Errorf("key %q for %q", parts[0], f["url"])
		}
	}
	tests := []struct{ path, mime, status string }{
		{"/", "text/html", "200"}, {"/copy.png", "warc/revisit", "200"}, {"/old?b=2&a=1", "text/html", "301"}, {"/missing", "text/plain", "404"},
	}
	for _, tt := range tests {
		f := byURL[base+tt.path]
		if f == nil || f["mime"] != tt.mime || f["status"] != tt.status || strings.Contains(f["digest"], ":") || f["filename"] == "" {
			t.Errorf("%s: %v, want mime %s status %s and a bare digest", tt.path, f, tt.mime, tt.status)
		}
	}
}

func TestCDX11(t *testing.T) {
	a := sitetest.Record(t, t.TempDir())
	lines, err := cdxj.Build(a.Files, key, cdxj.CDX11)
	if err != nil {
		t.Fatal(err)
	}
	if string(lines[0]) != cdxj.CDX11Header {
		t.Fatalf("header %q", lines[0])
	}
	for _, l := range lines[1:] {
		if f := strings.Fields(string(l)); len(f) != 11 {
			t.Errorf("%d fields: %s", len(f), l)
		}
	}
}

// Every ZipNum block is found at the offset and length its .idx line gives, holds the
// lines it should and has the digest said.
func TestZipNum(t *testing.T) {
	var lines [][]byte
	for i := range 25 {
		lines = append(lines, []byte("org,example)/"+strconv.Itoa(100+i)+` 20240101000000 {"url":"x"}`))
	}
	gz, idx, err := cdxj.ZipNum(lines, 10, "index.cdx.gz")
	if err != nil {
		t.Fatal(err)
	}
	idxLines := strings.Split(strings.TrimSpace(string(idx)), "\n")
	if len(idxLines) != 4 || !strings.HasPrefix(idxLines[0], `!meta 0 {"filename":"index.cdx.gz","format":"cdxj-gzip-1.0"}`) {
		t.Fatalf("idx:\n%s", idx)
	}
	var all [][]byte
	for i, l := range idxLines[1:] {
		var loc struct{ Offset, Length int }
		json.Unmarshal([]byte(l[strings.Index(l, "{"):]), &loc)
		zr, err := gzip.NewReader(bytes.NewReader(gz[loc.Offset : loc.Offset+loc.Length]))
		if err != nil {
			t.Fatal(err)
		}
		zr.Multistream(false)
		b, _ := io.ReadAll(zr)
		block := bytes.Split(bytes.TrimSpace(b), []byte("\n"))
		if !strings.HasPrefix(l, string(block[0][:bytes.Index(block[0], []byte(" {"))])) {
			t.Errorf("block %d starts with %s, idx says %s", i, block[0], l)
		}
		all = append(all, block...)
	}
	if !slices.EqualFunc(all, lines, bytes.Equal) {
		t.Errorf("blocks hold %d lines, want the %d given", len(all), len(lines))
	}
}

func TestSortFileBytewise(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.cdxj")
	os.WriteFile(path, []byte("b 1\n\nB 1\na 2\na 1\n"), 0o644)
	if err := cdxj.SortFile(path); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "B 1\na 1\na 2\nb 1\n" {
		t.Errorf("sorted %q", got)
	}
}

func FuzzLine(f *testing.F) {
	f.Add("http://example.org/a b\"<>", "text/html", 200)
	f.Fuzz(func(t *testing.T, u, mime string, status int) {
		l := cdxj.Record{URL: u, Mime: mime, Status: status}.Line(func(string) string { return "k" })
		var m map[string]string
		if err := json.Unmarshal([]byte(strings.SplitN(l, " ", 3)[2]), &m); err != nil || strings.Contains(l, "\n") {
			t.Fatalf("%q: %v", l, err)
		}
	})
}
