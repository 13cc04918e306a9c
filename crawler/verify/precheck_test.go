package verify

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/policy"
)

// precheckEnv is a Checker with a cache dialing every test host to one
// server, and a Prechecker running on it until the test ends.
type precheckEnv struct {
	chk  *Checker
	pre  *Prechecker
	stop context.CancelFunc
	done chan struct{}
}

func startPrecheck(t *testing.T, srv *httptest.Server, cfg CheckerConfig, pcfg PrecheckConfig, names ...string) *precheckEnv {
	t.Helper()
	h := hosts{}
	for _, n := range names {
		h[n+":80"] = srv.Listener.Addr().String()
	}
	cfg.Dial = h.dial
	cfg.Cache = openCache(t, filepath.Join(t.TempDir(), "cache"))
	chk := newChecker(t, cfg)
	pre, err := NewPrechecker(chk, pcfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &precheckEnv{chk: chk, pre: pre, stop: cancel, done: make(chan struct{})}
	go func() {
		defer close(e.done)
		pre.Run(ctx)
	}()
	t.Cleanup(e.end)
	return e
}

// end cancels what is in flight and waits for Run.
func (e *precheckEnv) end() {
	e.stop()
	<-e.done
}

// links are L links (or E for names ending in .js) to each URL.
func links(urls ...string) []extract.Link {
	out := make([]extract.Link, len(urls))
	for i, u := range urls {
		out[i] = extract.Link{URL: u, Hop: policy.HopLink, Element: "a", Attr: "href"}
		if strings.HasSuffix(u, ".js") {
			out[i].Hop, out[i].Element, out[i].Attr = policy.HopEmbed, "script", "src"
		}
	}
	return out
}

// waitFor polls cond until it holds (the test's own deadline bounds it).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		if d, ok := t.Deadline(); ok && time.Until(d) < time.Second {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func hostIs(name string) func(*url.URL) bool {
	return func(u *url.URL) bool { return u.Hostname() == name }
}

// TestPrecheckerChecksExternalLinksOnce: every external link is checked once,
// however often it is added; internal links never; an embed the crawl may
// fetch, and every later link to its host, is left to the report, which
// then checks it; the report asks nothing again of what was prechecked.
func TestPrecheckerChecksExternalLinksOnce(t *testing.T) {
	h := &hits{}
	srv := pdfServer(t, &gauge{}, h, 20*time.Millisecond)
	e := startPrecheck(t, srv, CheckerConfig{}, PrecheckConfig{
		Internal:      hostIs("site.test"),
		CrawlMayFetch: func(_ *url.URL, hopPath string) bool { return strings.HasSuffix(hopPath, "E") },
	}, "a.test", "b.test", "site.test", "cdn.test")
	external := []string{"http://a.test/1", "http://a.test/2", "http://a.test/3", "http://b.test/1", "http://b.test/2"}
	page := links(append(external, "http://site.test/x", "http://cdn.test/lib.js", "http://cdn.test/page")...)
	col := NewCollector(nil, hostIs("site.test"))
	for _, p := range []string{"http://site.test/", "http://site.test/x"} {
		col.AddPage(p, page)
		e.pre.Add("", page)
	}
	waitFor(t, "the prechecks", func() bool { return h.total() >= len(external) })
	e.pre.Stop()
	<-e.done
	if n := e.pre.Started(); n != len(external) {
		t.Errorf("%d prechecks started, want %d", n, len(external))
	}
	for _, p := range []string{"site.test/x", "cdn.test/lib.js", "cdn.test/page"} {
		if n := h.get("GET "+p) + h.get("HEAD "+p); n != 0 {
			t.Errorf("%s requested %d times by the prechecks, want none", p, n)
		}
	}
	col.Know("http://site.test/x", Known{Status: 200, ContentType: "text/html"})
	rep := col.Report(context.Background(), Options{Checker: e.chk})
	for _, l := range rep.Links {
		if l.Internal {
			continue
		}
		p := strings.TrimPrefix(l.URL, "http://")
		if n := h.get("GET "+p) + h.get("HEAD "+p); n != 1 {
			t.Errorf("%s requested %d times, want once (class %s)", p, n, l.Class)
		}
	}
}

// TestPrecheckerSlowHostHoldsNoMoreThanItsShare: links to a host that never
// answers take at most the per-host limit of workers; the other hosts'
// links are checked meanwhile.
func TestPrecheckerSlowHostHoldsNoMoreThanItsShare(t *testing.T) {
	h := &hits{}
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.add(r)
		if hostname(r.Host) == "hang.test" {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF"))
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	e := startPrecheck(t, srv, CheckerConfig{PerHost: 2}, PrecheckConfig{Workers: 3}, "hang.test", "fast.test")
	e.pre.Add("", links("http://hang.test/1", "http://hang.test/2", "http://hang.test/3", "http://hang.test/4",
		"http://fast.test/1", "http://fast.test/2", "http://fast.test/3"))
	waitFor(t, "the fast host's checks", func() bool {
		return h.get("GET fast.test/1")+h.get("HEAD fast.test/1") > 0 && h.get("GET fast.test/3")+h.get("HEAD fast.test/3") > 0
	})
	if n := h.get("GET hang.test/3") + h.get("HEAD hang.test/3"); n != 0 {
		t.Errorf("a third link of the hanging host was requested (%d) while two hung", n)
	}
}

// TestReportAwaitsPrecheckInFlight: a check in flight when the crawl ends
// (Stop) is awaited by the report, not asked again and not lost; a host
// that hangs beyond the timeout is reported as a timeout.
func TestReportAwaitsPrecheckInFlight(t *testing.T) {
	h := &hits{}
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.add(r)
		switch hostname(r.Host) {
		case "late.test":
			arrived <- struct{}{}
			<-release
		case "hang.test":
			<-r.Context().Done() // until the checker gives up
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF"))
	}))
	t.Cleanup(srv.Close)
	e := startPrecheck(t, srv, CheckerConfig{Timeout: 500 * time.Millisecond, Retries: -1}, PrecheckConfig{}, "late.test", "hang.test")
	page := links("http://late.test/a", "http://hang.test/a")
	col := NewCollector(nil, hostIs("site.test"))
	col.AddPage("http://site.test/", page)
	e.pre.Add("", page)
	<-arrived // the late check is in flight
	waitFor(t, "the hanging host's check", func() bool { return h.get("GET hang.test/a")+h.get("HEAD hang.test/a") > 0 })
	e.pre.Stop() // the crawl ended
	reported := make(chan *Report)
	go func() { reported <- col.Report(context.Background(), Options{Checker: e.chk}) }()
	close(release)
	rep := <-reported
	got := map[string]Link{}
	for _, l := range rep.Links {
		got[l.URL] = l
	}
	if l := got["http://late.test/a"]; l.Class != policy.ClassOK {
		t.Errorf("late link: %s (%s), want ok", l.Class, l.Evidence)
	}
	if l := got["http://hang.test/a"]; l.Class != policy.ClassTimeout {
		t.Errorf("hanging link: %s (%s), want timeout", l.Class, l.Evidence)
	}
	for _, p := range []string{"late.test/a", "hang.test/a"} {
		if n := h.get("GET "+p) + h.get("HEAD "+p); n != 1 {
			t.Errorf("%s requested %d times, want once", p, n)
		}
	}
}

// TestPrecheckerWithoutCache: the results would be lost before the report.
func TestPrecheckerWithoutCache(t *testing.T) {
	if _, err := NewPrechecker(newChecker(t, CheckerConfig{}), PrecheckConfig{}); err != ErrNoCache {
		t.Errorf("got %v, want ErrNoCache", err)
	}
}

// TestReportUntilBoundsQueuedChecks: links of a hanging host queued behind
// its per-host limit when the crawl ends do not each cost the report a
// timeout: by Options.Until they are not-checked, saying why, and the host's
// other links are not requested again.
func TestReportUntilBoundsQueuedChecks(t *testing.T) {
	h := &hits{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.add(r)
		<-r.Context().Done() // hang until the checker gives up
	}))
	t.Cleanup(srv.Close)
	e := startPrecheck(t, srv, CheckerConfig{PerHost: 1, Timeout: time.Minute, Retries: -1}, PrecheckConfig{}, "hang.test")
	page := links("http://hang.test/1", "http://hang.test/2", "http://hang.test/3")
	col := NewCollector(nil, hostIs("site.test"))
	col.AddPage("http://site.test/", page)
	e.pre.Add("", page)
	waitFor(t, "the first check", func() bool { return h.total() > 0 })
	e.pre.Stop() // the crawl ended with one check in flight, two queued
	rep := col.Report(context.Background(), Options{Checker: e.chk, Until: time.Now().Add(200 * time.Millisecond)})
	for _, l := range rep.Links {
		if l.Class != policy.ClassNotChecked || !strings.Contains(l.Evidence, "out of time") {
			t.Errorf("%s: %s (%s), want not-checked, out of time", l.URL, l.Class, l.Evidence)
		}
	}
	if n := h.total(); n != 1 {
		t.Errorf("%d requests to the hanging host, want the one in flight", n)
	}
	if rep.OutOfTime != 3 {
		t.Errorf("report counts %d links out of time, want 3", rep.OutOfTime)
	}
}
