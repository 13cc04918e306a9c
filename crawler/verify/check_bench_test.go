package verify

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"
)

// BenchmarkCheck checks 1000 distinct HTML pages spread over 4 host names
// (one loopback server) with the per-host limits on: PerHost 4, Overall 16,
// a rate too high to matter. Each link is a HEAD and a GET (the body is read
// for markers); each host's /en/ directory is probed once per checker.
func BenchmarkCheck(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, ProbePrefix) {
			http.NotFound(w, r)
			return
		}
		page(w, 200, "News", news)
	}))
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	m := hosts{}
	for i := range 4 {
		m[fmt.Sprintf("h%d.example:80", i)] = addr
	}
	c := newChecker(b, CheckerConfig{Dial: m.dial, PerHost: 4, Overall: 16, RatePerHost: 1e6})
	urls := make([]string, 1000)
	for i := range urls {
		urls[i] = fmt.Sprintf("http://h%d.example/en/page-%d", i%4, i)
	}
	links := 0
	start := time.Now()
	for b.Loop() {
		var g errgroup.Group
		g.SetLimit(64)
		for _, u := range urls {
			g.Go(func() error {
				if r := c.Check(b.Context(), u); r.Status != 200 {
					return fmt.Errorf("%s: %s %q (%s)", u, r.Class, r.Evidence, r.Error)
				}
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			b.Fatal(err)
		}
		links += len(urls)
	}
	b.ReportMetric(float64(links)/time.Since(start).Seconds(), "links/s")
}
