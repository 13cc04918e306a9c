package wacz

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestExtractWARCsStaysInDir: entry names that climb out of the folder
// (zip-slip) are reduced to their base name; nothing lands outside dir.
func TestExtractWARCsStaysInDir(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"archive/../../escape.warc.gz", "archive/ok.warc.gz", "/archive/abs.warc"} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("WARC/1.1\r\n"))
	}
	zw.Close()
	root := t.TempDir()
	src := filepath.Join(root, "evil.wacz")
	os.WriteFile(src, buf.Bytes(), 0o644)
	dir := filepath.Join(root, "a", "b")
	os.MkdirAll(dir, 0o755)
	files, err := ExtractWARCs(src, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if filepath.Dir(f) != dir {
			t.Errorf("extracted %s outside %s", f, dir)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "escape.warc.gz")); err == nil {
		t.Error("zip-slip: escape.warc.gz written outside the extraction folder")
	}
}

// FuzzCheck: any bytes as a WACZ (zip directory, datapackage JSON, CDXJ index
// lines, pages.jsonl) give faults or an error, never a panic.
func FuzzCheck(f *testing.F) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"datapackage.json":   `{"profile":"data-package","wacz_version":"1.1.1","resources":[{"name":"index.cdxj","path":"indexes/index.cdxj","hash":"sha256:00","bytes":3}]}`,
		"indexes/index.cdxj": "org,example)/ 20240101000000 {\"url\":\"https://example.org/\",\"offset\":0,\"length\":10,\"filename\":\"a.warc.gz\"}\n",
		"pages/pages.jsonl":  "{\"format\":\"json-pages-1.0\"}\n{\"url\":\"https://example.org/\",\"ts\":\"2024-01-01T00:00:00Z\"}\n",
	} {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		w.Write([]byte(body))
	}
	zw.Close()
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.wacz")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, _ = Check(p)
	})
}
