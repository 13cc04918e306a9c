package warc_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/salvage-archive/salvage/warc"
)

// A Recorder archives through a Writer whatever passes through it as an
// http.RoundTripper; Verify checks the files.
func Example() {
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(rw, "<html>hello</html>")
	}))
	defer srv.Close()
	dir, _ := os.MkdirTemp("", "warc-example")
	defer os.RemoveAll(dir)

	w, err := warc.NewWriter(warc.WriterConfig{Dir: dir, Prefix: "example", Software: "salvage/example"})
	if err != nil {
		panic(err)
	}
	rec, err := warc.NewRecorder(warc.RecorderConfig{
		Writer:    w,
		OnCapture: func(c warc.Capture) { fmt.Println(c.Status, c.PayloadLength, c.PayloadDigest) },
	})
	if err != nil {
		panic(err)
	}
	defer rec.CloseIdleConnections()
	client := &http.Client{Transport: rec}
	resp, err := client.Get(srv.URL + "/")
	if err != nil {
		panic(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if err := w.Close(); err != nil {
		panic(err)
	}

	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	rep, err := warc.Verify(files[0])
	fmt.Println(rep.Records, rep.ByType["response"], rep.OK(), err)
	// Output:
	// 200 18 sha1:O57NSEYVH37NN5YSIJIQGZF2VAMOK4GK
	// 3 1 true <nil>
}
