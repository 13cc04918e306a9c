package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

func TestExplain(t *testing.T) {
	t.Parallel()
	cases := []struct {
		url, hops string
		want      []string
	}{
		{"https://MINUSMA.unmissions.org:443/en/../fr/#x", "L", []string{"https://minusma.unmissions.org/fr/", "org,unmissions,minusma)/fr", "scope:domain"}},
		{"https://mikadofm.minusma.unmissions.org:8001/feed1", "L", []string{"scope:domain"}},
		{"https://twitter.com/un_minusma", "L", []string{"offsite"}},
		{"https://platform.twitter.com/widgets.js", "E", []string{"transclusion"}},
		{"https://minusma.unmissions.org/en/a/a/a/a/a", "L", []string{"trap:repeated-segment"}},
		{"https://minusma.unmissions.org/en/subscribe?sid=3f2a9c1e8b7d4e6fa1b2c3d4e5f60718&list=2", "L",
			[]string{"seen key: https://minusma.unmissions.org/en/subscribe?list=2 (session:sid)", "family:   minusma.unmissions.org/en/subscribe?list&sid"}},
		{"https://minusma.unmissions.org/en/calendar/1994-06", "L", []string{"trap:calendar", "year 1994"}},
	}
	for _, tc := range cases {
		res := salvage(context.Background(), "explain", "--seed", minusmaSeed, "--hops", tc.hops, tc.url)
		if res.code != 0 {
			t.Fatalf("%s: exit %d %s", tc.url, res.code, res.stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(res.stdout, w) {
				t.Errorf("explain %s:\n%s\ndoes not say %q", tc.url, res.stdout, w)
			}
		}
	}
}

// robotsSite is a loopback site whose robots.txt disallows /user/login,
// which its home page links to.
func robotsSite(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "User-agent: *\nDisallow: /user/login\n")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!doctype html><html><head><title>home</title></head><body><a href="/user/login">Log in</a> <a href="/about">About</a></body></html>`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// explain on a crawl's folder tells the robots.txt refusal the crawl made.
func TestExplainRobotsFromCrawlState(t *testing.T) {
	t.Parallel()
	srv := robotsSite(t)
	out := t.TempDir()
	res := salvage(context.Background(), "crawl", "--out", out, "--delay", "0", "--progress", "off", "--no-report", srv.URL+"/")
	if res.code != 0 {
		t.Fatalf("crawl: exit %d %s", res.code, res.stderr)
	}
	log := readFileString(t, filepath.Join(out, "crawl.log"))
	if !strings.Contains(log, srv.URL+"/user/login") {
		t.Fatalf("the crawl did not meet /user/login:\n%s", log)
	}
	res = salvage(context.Background(), "explain", "--out", out, srv.URL+"/user/login", srv.URL+"/about") // the seeds from the state
	if res.code != 0 {
		t.Fatalf("explain: exit %d %s", res.code, res.stderr)
	}
	login, about, _ := strings.Cut(res.stdout, srv.URL+"/about")
	for _, w := range []string{"robots:   disallows it (Disallow: /user/login) for salvage; from the crawl's state", "decision: refused", "rule:     robots"} {
		if !strings.Contains(login, w) {
			t.Errorf("explain /user/login does not say %q:\n%s", w, login)
		}
	}
	if !strings.Contains(about, "robots:   allows it (no rule matches)") || !strings.Contains(about, "decision: allowed") {
		t.Errorf("explain /about:\n%s", about)
	}
}

// explain --check-robots fetches the host's robots.txt once, through --resolve.
func TestExplainCheckRobots(t *testing.T) {
	t.Parallel()
	srv := robotsSite(t)
	var fetches atomic.Int32
	inner := srv.Config.Handler
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fetches.Add(1)
		}
		inner.ServeHTTP(w, r)
	})
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	site := "http://robots.example:" + port
	res := salvage(context.Background(), "explain", "--check-robots", "--resolve", "robots.example:"+port+":127.0.0.1",
		"--seed", site+"/", site+"/user/login", site+"/user/login?next=/")
	if res.code != 0 {
		t.Fatalf("explain: exit %d %s", res.code, res.stderr)
	}
	if n := strings.Count(res.stdout, "rule:     robots\n"); n != 2 || !strings.Contains(res.stdout, "fetched now from "+site+"/robots.txt") {
		t.Errorf("explain --check-robots (%d refusals by robots):\n%s", n, res.stdout)
	}
	if n := fetches.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times, want once", n)
	}
	res = salvage(context.Background(), "explain", "--seed", site+"/", site+"/user/login")
	if !strings.Contains(res.stdout, "robots:   not known") || !strings.Contains(res.stdout, "decision: allowed") {
		t.Errorf("explain without robots.txt:\n%s", res.stdout)
	}
}
