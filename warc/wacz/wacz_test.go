package wacz_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/warc/cdxj"
	"github.com/salvage-archive/salvage/warc/internal/sitetest"
	"github.com/salvage-archive/salvage/warc/wacz"
)

func key(u string) string { return strings.ToLower(u) }

// pack writes a WACZ of the recorded test site.
func pack(t *testing.T, zipnum bool) (string, sitetest.Archive) {
	t.Helper()
	dir := t.TempDir()
	a := sitetest.Record(t, dir)
	lines, err := cdxj.Build(a.Files, key, cdxj.CDXJ)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := wacz.FindPages(a.Files, []string{a.Base + "/old?b=2&a=1"})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "site.wacz")
	err = wacz.Write(out, wacz.Config{WARCs: a.Files, Index: lines, Pages: pages, Title: "t", ZipNum: zipnum,
		ZipNumIndex: func(l [][]byte) ([]byte, []byte, error) { return cdxj.ZipNum(l, 3, "index.cdx.gz") }})
	if err != nil {
		t.Fatal(err)
	}
	return out, a
}

func TestPages(t *testing.T) {
	a := sitetest.Record(t, t.TempDir())
	pages, err := wacz.FindPages(a.Files, []string{a.Base + "/old?b=2&a=1"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range pages {
		got = append(got, strings.TrimPrefix(p.URL, a.Base)+"|"+p.Title)
	}
	want := "/old?b=2&a=1||/|Home & more|/fr/|Accueil"
	if strings.Join(got, "|") != want {
		t.Errorf("pages %q, want the seed (a redirect) first then the HTML pages with titles: %q", strings.Join(got, "|"), want)
	}
}

func TestWriteThenCheckPasses(t *testing.T) {
	for _, zipnum := range []bool{false, true} {
		path, _ := pack(t, zipnum)
		faults, err := wacz.Check(path)
		if err != nil || len(faults) > 0 {
			t.Fatalf("zipnum=%v: faults %v, err %v", zipnum, faults, err)
		}
		zr, _ := zip.OpenReader(path)
		for _, f := range zr.File {
			if strings.HasPrefix(f.Name, "archive/") && f.Method != zip.Store {
				t.Errorf("%s deflated", f.Name)
			}
		}
		zr.Close()
	}
}

// A corrupted copy fails, and the fault names what is wrong.
func TestCheckNamesFaults(t *testing.T) {
	src, _ := pack(t, false)
	tests := []struct {
		name, want string
		edit       func(name string, data []byte, method uint16) ([]byte, uint16)
	}{
		{"deflated archive", "archive/site-", func(n string, d []byte, m uint16) ([]byte, uint16) {
			if strings.HasPrefix(n, "archive/") {
				return d, zip.Deflate
			}
			return d, m
		}},
		{"flipped WARC byte", "hash mismatch", func(n string, d []byte, m uint16) ([]byte, uint16) {
			if strings.HasPrefix(n, "archive/") {
				d = bytes.Clone(d)
				d[len(d)/2] ^= 0xff
			}
			return d, m
		}},
		{"index offset moved", "indexes/index.cdxj line", func(n string, d []byte, m uint16) ([]byte, uint16) {
			if n == "indexes/index.cdxj" {
				d = bytes.Replace(d, []byte(`"offset":"`), []byte(`"offset":"1`), 1)
			}
			return d, m
		}},
		{"datapackage edited", "datapackage-digest.json", func(n string, d []byte, m uint16) ([]byte, uint16) {
			if n == "datapackage.json" {
				d = bytes.Replace(d, []byte(`"title": "t"`), []byte(`"title": "u"`), 1)
			}
			return d, m
		}},
		{"pages without ts", "pages/pages.jsonl line 2", func(n string, d []byte, m uint16) ([]byte, uint16) {
			if n == "pages/pages.jsonl" {
				d = bytes.Replace(d, []byte(`"ts":`), []byte(`"tz":`), 1)
			}
			return d, m
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := filepath.Join(t.TempDir(), "bad.wacz")
			rewriteZip(t, src, dst, tt.edit)
			faults, err := wacz.Check(dst)
			if err != nil {
				t.Fatal(err)
			}
			var all []string
			for _, f := range faults {
				all = append(all, f.String())
			}
			if !strings.Contains(strings.Join(all, "\n"), tt.want) {
				t.Errorf("faults %q do not name %q", all, tt.want)
			}
		})
	}
}

func rewriteZip(t *testing.T, src, dst string, edit func(string, []byte, uint16) ([]byte, uint16)) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		data, method := edit(f.Name, data, f.Method)
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: method})
		w.Write(data)
	}
	zw.Close()
	os.WriteFile(dst, buf.Bytes(), 0o644)
}

func TestExtractWARCs(t *testing.T) {
	src, a := pack(t, false)
	got, err := wacz.ExtractWARCs(src, t.TempDir())
	if err != nil || len(got) != len(a.Files) {
		t.Fatalf("%v %v", got, err)
	}
	x, _ := os.ReadFile(got[0])
	y, _ := os.ReadFile(a.Files[0])
	if !bytes.Equal(x, y) {
		t.Error("extracted WARC differs")
	}
}
