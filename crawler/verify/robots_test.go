package verify

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/policy"
)

// TestRobotsGateClassesFromTheFailure: a host whose robots.txt cannot be
// fetched is let through, and its link gets the class of what failed
// (refused, empty-reply, timeout, unreachable); robots-excluded is for a
// robots.txt that disallows, or answers 5xx (RFC 9309: disallow all), and
// then nothing but robots.txt is requested.
func TestRobotsGateClassesFromTheFailure(t *testing.T) {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedAddr := closed.Addr().String()
	closed.Close()
	emptyReply := startRaw(t, func(net.Conn, *bufio.Reader) { time.Sleep(20 * time.Millisecond) })
	hanging := startRaw(t, func(c net.Conn, r *bufio.Reader) {
		readRequest(r)
		r.ReadByte() // until the client gives up and closes, or the 5 s deadline
	})
	robots := func(status int, body string) (*httptest.Server, *atomic.Int32) {
		var pagesAsked atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/robots.txt" {
				w.WriteHeader(status)
				w.Write([]byte(body))
				return
			}
			pagesAsked.Add(1)
			w.Write([]byte("<html><title>Radio</title>on air</html>"))
		}))
		t.Cleanup(srv.Close)
		return srv, &pagesAsked
	}
	disallow, disallowAsked := robots(http.StatusOK, "User-agent: *\nDisallow: /\n")
	unavailable, unavailableAsked := robots(http.StatusServiceUnavailable, "down")
	allow, _ := robots(http.StatusNotFound, "")
	h := hosts{
		"refused.test:80": closedAddr, "hangup.test:80": emptyReply.ln.Addr().String(), "hanging.test:80": hanging.ln.Addr().String(),
		"disallow.test:80": disallow.Listener.Addr().String(), "unavailable.test:80": unavailable.Listener.Addr().String(),
		"allow.test:80": allow.Listener.Addr().String(),
	} // anything else: a *net.DNSError, and nothing is sent
	want := map[string]policy.LinkClass{
		"http://refused.test/radio":     policy.ClassRefused,
		"http://hangup.test/radio":      policy.ClassEmptyReply,
		"http://hanging.test/radio":     policy.ClassTimeout,
		"http://gone.invalid/radio":     policy.ClassUnreachable,
		"http://disallow.test/radio":    policy.ClassRobotsExcluded,
		"http://unavailable.test/radio": policy.ClassRobotsExcluded,
		"http://allow.test/radio":       policy.ClassOK,
	}
	col := NewCollector(nil, nil)
	var links []extract.Link
	for u := range want {
		links = append(links, extract.Link{URL: u, Element: "a", Attr: "href"})
	}
	col.AddPage("http://site.test/", links)
	timeout := 500 * time.Millisecond
	chk := newChecker(t, CheckerConfig{Dial: h.dial, Timeout: timeout, NoProbe: true})
	gate := NewRobotsGate(&http.Client{Transport: &http.Transport{DialContext: h.dial}, Timeout: timeout}, "salvage")
	rep := col.Report(context.Background(), Options{Checker: chk, Robots: gate})
	for _, l := range rep.Links {
		if l.Class != want[l.URL] {
			t.Errorf("%s: %s (%s), want %s", l.URL, l.Class, l.Evidence, want[l.URL])
		}
		if l.Class == policy.ClassRefused && !strings.Contains(l.Evidence, "refused the connection") {
			t.Errorf("%s: evidence %q", l.URL, l.Evidence)
		}
	}
	if len(rep.Links) != len(want) {
		t.Errorf("%d links, want %d", len(rep.Links), len(want))
	}
	if n := disallowAsked.Load() + unavailableAsked.Load(); n != 0 {
		t.Errorf("%d requests past a robots.txt that disallows", n)
	}
}

// TestJudgeRobotsRefusalFromItsCause: a URL the crawl refused because its
// host's robots.txt fetch failed is classed by that failure, and its
// evidence says the link itself was not requested.
func TestJudgeRobotsRefusalFromItsCause(t *testing.T) {
	const radio = "http://radio.example.org:8001/stream"
	tests := []struct {
		err  policy.ErrKind
		want policy.LinkClass
	}{
		{policy.ErrRefused, policy.ClassRefused},
		{policy.ErrReset, policy.ClassEmptyReply},
		{policy.ErrTimeout, policy.ClassTimeout},
		{policy.ErrDNS, policy.ClassUnreachable},
		{policy.ErrRobots, policy.ClassRobotsExcluded},
	}
	for _, tt := range tests {
		col := NewCollector(nil, func(*url.URL) bool { return true })
		col.AddPage("http://radio.example.org:8001/", []extract.Link{{URL: radio, Element: "audio", Attr: "src"}})
		col.Know(radio, Known{Err: tt.err, Refusal: "robots-unavailable", Evidence: "robots.txt: the connection failed"})
		rep := col.Report(context.Background(), Options{})
		l := rep.Links[0]
		if l.Class != tt.want || !strings.HasSuffix(l.Evidence, "(not requested: robots-unavailable, robots.txt: the connection failed)") {
			t.Errorf("%s: %s %q, want %s with the robots.txt failure", tt.err, l.Class, l.Evidence, tt.want)
		}
	}
}
