package main

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/crawler/crawltest"
	"github.com/salvage-archive/salvage/policy"
)

// hangUpServer accepts every connection and closes it after pause without
// reading or writing a byte; it returns its address.
func hangUpServer(t *testing.T, pause time.Duration) string {
	return crawltest.ServeConns(t, func(*net.TCPConn) { time.Sleep(pause) })
}

// TestCrawlReportClassesFromFailures: a crawl's link report classes a link
// by what failed. A host whose port is closed gives refused, one that
// accepts and hangs up gives empty-reply, one whose robots.txt never
// answers gives timeout, though the crawler only ever asked for robots.txt
// (RFC 9309 keeps it off the host, and crawl.log says -61); a link that is
// fetched and gets an empty reply is empty-reply too, and -3 in crawl.log.
func TestCrawlReportClassesFromFailures(t *testing.T) {
	site := startHostile(t, map[string]func(net.Conn){})
	_, port, _ := net.SplitHostPort(site.ln.Addr().String())
	slow := startHostile(t, map[string]func(net.Conn){"/robots.txt": func(c net.Conn) { c.Read(make([]byte, 1)) }})
	mute := startHostile(t, map[string]func(net.Conn){"/stream": func(net.Conn) {}}) // robots.txt 404, then nothing
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedAddr := closed.Addr().String()
	closed.Close()
	hosts := map[string]string{ // host:port as linked -> the loopback address it dials
		"site.test:" + port:       site.ln.Addr().String(),
		"radio.site.test:8001":    closedAddr,
		"hangup.site.test:8002":   hangUpServer(t, 20*time.Millisecond),
		"slow.site.test:8003":     slow.ln.Addr().String(),
		"mute.site.test:8004":     mute.ln.Addr().String(),
		"closed-at.site.test:805": hangUpServer(t, 0),
	}
	want := map[string]struct {
		class  policy.LinkClass
		robots int // crawl.log status of the host's robots.txt
		status int // crawl.log status of the link
	}{
		"http://radio.site.test:8001/stream":    {policy.ClassRefused, crawler.StatusConnectFailed, crawler.StatusPrereqFailed},
		"http://hangup.site.test:8002/stream":   {policy.ClassEmptyReply, crawler.StatusConnectBroken, crawler.StatusPrereqFailed},
		"http://closed-at.site.test:805/stream": {policy.ClassEmptyReply, crawler.StatusConnectBroken, crawler.StatusPrereqFailed},
		"http://slow.site.test:8003/stream":     {policy.ClassTimeout, crawler.StatusTimeout, crawler.StatusPrereqFailed},
		"http://mute.site.test:8004/stream":     {policy.ClassEmptyReply, 404, crawler.StatusConnectBroken},
	}
	var page strings.Builder
	page.WriteString("<html><body>")
	for u := range want {
		fmt.Fprintf(&page, `<audio src="%s"></audio>`, u)
	}
	site.routes["/"] = respond("text/html", page.String()+"</body></html>")

	out := t.TempDir()
	args := []string{"crawl", "--out", out, "--delay", "0", "--progress", "off", "--retries", "1", "--retry-delay", "10ms",
		"--max-fetch-time", "1s", "--offline-report", "--no-sitemaps"}
	for h, addr := range hosts {
		args = append(args, "--resolve", h+":"+addr)
	}
	if res := salvage(context.Background(), append(args, "http://site.test:"+port+"/")...); res.code != 0 {
		t.Fatalf("crawl exit %d: %s", res.code, res.stderr)
	}
	_, links := loadReport(t, filepath.Join(out, "links.json"))
	log := readCrawlLog(t, out)
	for u, w := range want {
		l := links[u]
		t.Logf("%s: %s (%s); crawl.log %d %q", u, l.Class, l.Evidence, log[u].Status, log[u].Error)
		if l.Class != w.class {
			t.Errorf("%s: %s (%s), want %s", u, l.Class, l.Evidence, w.class)
		}
		robots := strings.TrimSuffix(u, "stream") + "robots.txt"
		if got := log[robots].Status; got != w.robots {
			t.Errorf("crawl.log %s: status %d (%s), want %d", robots, got, log[robots].Error, w.robots)
		}
		e := log[u]
		if e.Status != w.status {
			t.Errorf("crawl.log %s: status %d (%s), want %d", u, e.Status, e.Error, w.status)
		}
		if w.status == crawler.StatusPrereqFailed &&
			(e.Rule != "robots-unavailable" || !strings.HasPrefix(e.Error, "robots.txt: ") || !strings.Contains(l.Evidence, "not requested: robots-unavailable")) {
			t.Errorf("%s: refusal rule %q error %q, evidence %q: the robots.txt failure is not named", u, e.Rule, e.Error, l.Evidence)
		}
	}
	if n := slow.hitCount("/stream"); n != 0 {
		t.Errorf("the host whose robots.txt never answered was asked for its stream %d times", n)
	}
}

// TestVerifyLiveClassesFromFailures: `salvage verify` checks other sites'
// links live, behind their robots.txt. A host whose robots.txt cannot be
// fetched is let through and the check says what failed (refused,
// empty-reply, timeout); a host the checks may not reach (localhost) gets
// no robots.txt request either, and is blocked-private.
func TestVerifyLiveClassesFromFailures(t *testing.T) {
	hang := func(c net.Conn) { c.Read(make([]byte, 1)) } // until the client gives up
	slow := startHostile(t, map[string]func(net.Conn){"/robots.txt": hang, "/stream": hang})
	private := startHostile(t, map[string]func(net.Conn){})
	_, privatePort, _ := net.SplitHostPort(private.ln.Addr().String())
	site := startHostile(t, map[string]func(net.Conn){})
	_, port, _ := net.SplitHostPort(site.ln.Addr().String())
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedAddr := closed.Addr().String()
	closed.Close()
	resolve := []string{
		"--resolve", "site.test:" + port + ":" + site.ln.Addr().String(),
		"--resolve", "radio.ext.test:8001:" + closedAddr,
		"--resolve", "hangup.ext.test:8002:" + hangUpServer(t, 20*time.Millisecond),
		"--resolve", "slow.ext.test:8003:" + slow.ln.Addr().String(),
	}
	want := map[string]policy.LinkClass{
		"http://radio.ext.test:8001/stream":            policy.ClassRefused,
		"http://hangup.ext.test:8002/stream":           policy.ClassEmptyReply,
		"http://slow.ext.test:8003/stream":             policy.ClassTimeout,
		"http://localhost:" + privatePort + "/private": policy.ClassBlockedPrivate,
	}
	var page strings.Builder
	for u := range want {
		fmt.Fprintf(&page, `<a href="%s">x</a>`, u)
	}
	site.routes["/"] = respond("text/html", "<html><body>"+page.String()+"</body></html>")
	seed := "http://site.test:" + port + "/"
	out := t.TempDir()
	crawl := append([]string{"crawl", "--out", out, "--delay", "0", "--progress", "off", "--scope", "host",
		"--offline-report", "--no-sitemaps"}, resolve...)
	if res := salvage(context.Background(), append(crawl, seed)...); res.code != 0 {
		t.Fatalf("crawl exit %d: %s", res.code, res.stderr)
	}
	report := t.TempDir()
	verifyArgs := append([]string{"verify", "--out", report, "--seed", seed, "--scope", "host", "--check-timeout", "1s",
		"--check-rate", "1000"}, resolve...)
	if res := salvage(context.Background(), append(verifyArgs, out)...); res.code != 1 {
		t.Fatalf("verify exit %d, want 1 (broken links): %s", res.code, res.stderr)
	}
	_, links := loadReport(t, filepath.Join(report, "links.json"))
	for u, class := range want {
		if l := links[u]; l.Class != class {
			t.Errorf("%s: %s (%s), want %s", u, l.Class, l.Evidence, class)
		}
	}
	if n := private.hitCount("/robots.txt") + private.hitCount("/private"); n != 0 {
		t.Errorf("%d requests reached the private host", n)
	}
}
