package warc_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/salvage-archive/salvage/warc"
)

// An Index answers "is this URL archived, where, and how did it answer?"; the
// documents of the same files are read back with their bodies decoded.
func ExampleBuildIndex() {
	dir, _ := os.MkdirTemp("", "index-example")
	defer os.RemoveAll(dir)
	w, err := warc.NewWriter(warc.WriterConfig{Dir: dir, Prefix: "example"})
	if err != nil {
		panic(err)
	}
	date := time.Date(2023, 12, 31, 12, 0, 0, 0, time.UTC)
	for _, ex := range []struct{ url, response string }{
		{"https://example.org/", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 29\r\n\r\n<a href=\"/old\">old report</a>"},
		{"https://example.org/old", "HTTP/1.1 301 Moved Permanently\r\nLocation: /new\r\nContent-Length: 0\r\n\r\n"},
	} {
		sp := warc.NewSpool("")
		_, _ = io.WriteString(sp, ex.response)
		req := []byte("GET / HTTP/1.1\r\nHost: example.org\r\n\r\n")
		if _, err := w.WriteExchange(&warc.Exchange{URL: ex.url, Method: "GET", Request: req, Response: sp, Date: date}); err != nil {
			panic(err)
		}
		_ = sp.Close()
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))

	ix, err := warc.BuildIndex(files)
	if err != nil {
		panic(err)
	}
	best, ok := ix.Best("HTTPS://Example.org:443#top")
	fmt.Println(ix.Len(), ok, best.URL, best.Status, best.Mime)
	old, _ := ix.Best("https://example.org/old")
	fmt.Println(old.Status, old.Location)

	for doc, err := range warc.ArchivedDocuments(files, 0) {
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s %d %q\n", doc.URL, doc.Status, doc.Body)
	}
	// Output:
	// 2 true https://example.org/ 200 text/html
	// 301 https://example.org/new
	// https://example.org/ 200 "<a href=\"/old\">old report</a>"
	// https://example.org/old 301 ""
}
