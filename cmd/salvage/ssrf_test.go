package main

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/policy"
)

// TestSSRFGuard: a public page links and embeds the cloud metadata address
// and a name (localhost) that resolves to loopback. The crawler never dials
// them (the guard refuses the resolved address before connect), crawl.log
// says blocked-private, the link report classes them blocked-private, and
// the loopback server sees no request. The seed's own host, mapped to
// loopback by --resolve, is operator-approved and crawled.
func TestSSRFGuard(t *testing.T) {
	var s *hostileServer
	routes := map[string]func(net.Conn){}
	s = startHostile(t, routes)
	_, port, _ := net.SplitHostPort(s.ln.Addr().String())
	internal := "http://localhost:" + port
	routes["/"] = respond("text/html", fmt.Sprintf(`<html><body>
<img src="http://169.254.169.254/latest/meta-data/iam/security-credentials/">
<a href="http://169.254.169.254/latest/meta-data/">metadata</a>
<img src="%[1]s/secret.png">
<a href="%[1]s/admin">admin</a>
<a href="http://100.64.0.1/cgnat">cgnat</a>
</body></html>`, internal))
	routes["/secret.png"] = respond("image/png", "PNG")
	routes["/admin"] = respond("text/html", "<html>admin</html>")
	seed := "http://public.example:" + port + "/"
	base := []string{"crawl", "--delay", "0", "--progress", "off", "--retries", "0",
		"--resolve", "public.example:" + port + ":127.0.0.1"}

	out := t.TempDir()
	res := salvage(context.Background(), append(base, "--out", out, seed)...)
	if res.code != 0 {
		t.Fatalf("crawl exit %d: %s", res.code, res.stderr)
	}
	if n := s.hitCount("/"); n != 1 {
		t.Errorf("seed fetched %d times, want 1", n)
	}
	for _, p := range []string{"/secret.png", "/admin", "/robots.txt"} {
		if p != "/robots.txt" && s.hitCount(p) != 0 {
			t.Errorf("%s was requested %d times through localhost: the guard let it through", p, s.hitCount(p))
		}
	}
	log := readCrawlLog(t, out)
	for _, u := range []string{"http://169.254.169.254/latest/meta-data/iam/security-credentials/", internal + "/secret.png"} {
		e := log[u]
		if e.Status != crawler.StatusBlockedPrivate || !contains(e.Annotations, "blocked-private") {
			t.Errorf("crawl.log %s: status %d %v (%s), want %d blocked-private", u, e.Status, e.Annotations, e.Error, crawler.StatusBlockedPrivate)
		}
	}
	_, links := loadReport(t, filepath.Join(out, "links.json"))
	for _, u := range []string{"http://169.254.169.254/latest/meta-data/iam/security-credentials/", "http://169.254.169.254/latest/meta-data/",
		internal + "/secret.png", internal + "/admin", "http://100.64.0.1/cgnat"} {
		if l := links[u]; l.Class != policy.ClassBlockedPrivate || !strings.HasPrefix(l.Evidence, "private:") {
			t.Errorf("link report %s: %s (%s), want blocked-private", u, l.Class, l.Evidence)
		}
	}
	readArchive(t, out)

	// --allow-private: the operator says the private network is fine.
	out = t.TempDir()
	res = salvage(context.Background(), append(base, "--out", out, "--allow-private", "--offline-report", "--scope", "host",
		"--max-hops", "0", seed)...)
	if res.code != 0 {
		t.Fatalf("crawl --allow-private exit %d: %s", res.code, res.stderr)
	}
	if n := s.hitCount("/secret.png"); n != 1 {
		t.Errorf("with --allow-private /secret.png requested %d times, want 1", n)
	}
}

// TestPrivateGuardDialer: the refusal happens on the resolved address, for
// names as for literals, before anything is sent; --resolve targets and
// seed hosts are approved.
func TestPrivateGuardDialer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	m, err := policy.ParseResolve([]string{"mapped.example:" + port + ":127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	dial := newDialer(m, guardFor(false, []string{"http://127.0.0.2/"}))
	for _, tt := range []struct {
		addr    string
		refused bool
	}{
		{"localhost:" + port, true},
		{"127.0.0.1:" + port, true},
		{"[::ffff:127.0.0.1]:" + port, true},
		{"169.254.169.254:80", true},
		{"0.0.0.0:" + port, true},
		{"mapped.example:" + port, false},
	} {
		c, err := dial(t.Context(), "tcp", tt.addr)
		if c != nil {
			c.Close()
		}
		if got := err != nil && strings.Contains(err.Error(), policy.ErrPrivateAddress.Error()); got != tt.refused {
			t.Errorf("dial %s: err %v, want refused %v", tt.addr, err, tt.refused)
		}
	}
	if !guardFor(false, []string{"http://127.0.0.2/"}).approved("127.0.0.2:80") {
		t.Error("a seed's own host is not approved")
	}
}
