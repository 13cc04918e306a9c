// Package sitetest records a small site into a WARC file for the tests of the
// packages that index, package and replay archives.
package sitetest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/warc"
)

// PNG is a 1x1 image.
var PNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x04\x00\x09\xfb\x03\xfd\xe3U\xf2\x9c\x00\x00\x00\x00IEND\xaeB`\x82")

// Home is the site's home page: a stylesheet, an image with a srcset, a link, an
// inline style, a script with a URL that must stay as it is, and an off-site link.
const Home = `<!doctype html><html><head><title>Home &amp; more</title>
<link rel="stylesheet" href="/style.css" integrity="sha256-x">
<style>body { background: url('/img.png') }</style></head>
<body><a href="/fr/">Français</a> <a href='/old?b=2&amp;a=1'>old</a> <a href="#top">top</a>
<img src="img.png" srcset="/img.png 1x, /copy.png 2x" alt="">
<div style="background-image:url(/copy.png)"></div>
<script>var u = "/not-rewritten.js";</script>
<a href="https://elsewhere.example/">away</a> <a href="mailto:x@example.org">mail</a>
</body></html>`

// Paths are the URLs fetched, in order.
var Paths = []string{"/", "/style.css", "/base.css", "/img.png", "/copy.png", "/fr/", "/old?b=2&a=1", "/missing"}

// Handler serves the site.
func Handler() http.Handler {
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, body)
		}
	}
	mux.HandleFunc("/{$}", page(Home))
	mux.HandleFunc("/fr/", page(`<html><head><title>Accueil</title><link rel=stylesheet href=../style.css></head><body><img src="/img.png"></body></html>`))
	mux.HandleFunc("/style.css", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		io.WriteString(w, `@import "base.css"; h1 { background: url(img.png) } p { background: url("data:image/png;base64,AA==") }`)
	})
	mux.HandleFunc("/base.css", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		io.WriteString(w, `body { font-family: sans-serif }`)
	})
	png := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(PNG)
	}
	mux.HandleFunc("/img.png", png)
	mux.HandleFunc("/copy.png", png) // same payload: a revisit
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/fr/", http.StatusMovedPermanently) })
	return mux
}

// Archive is a recorded site.
type Archive struct {
	Base     string // the site's origin as archived, "http://127.0.0.1:PORT"
	Files    []string
	Captures []warc.Capture
}

// Record fetches Paths from the site through a Recorder into a WARC file in dir.
func Record(t testing.TB, dir string) Archive {
	t.Helper()
	return RecordSite(t, dir, Handler(), Paths)
}

// RecordSite fetches paths (with their queries as written) from a server of h through
// a Recorder into a WARC file in dir, one second apart from 2024-05-01 12:00:01 UTC.
func RecordSite(t testing.TB, dir string, h http.Handler, paths []string) Archive {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	w, err := warc.NewWriter(warc.WriterConfig{Dir: dir, Prefix: "site", Software: "salvage/test", Index: warc.NewMemoryIndex()})
	if err != nil {
		t.Fatal(err)
	}
	a := Archive{Base: srv.URL}
	var mu sync.Mutex
	clock := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	rec, err := warc.NewRecorder(warc.RecorderConfig{Writer: w, Clock: func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(time.Second)
		return clock
	}, OnCapture: func(c warc.Capture) {
		mu.Lock()
		defer mu.Unlock()
		a.Captures = append(a.Captures, c)
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer rec.CloseIdleConnections()
	client := &http.Client{Transport: rec, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, p := range paths {
		resp, err := client.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	a.Files, _ = filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	return a
}
