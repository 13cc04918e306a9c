package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestSessionParametersFolded: pages whose links carry a fresh session id
// on every view (?sid=, ;jsessionid=, PHPSESSID) are each fetched once; the
// fetched URL keeps its token (it is what the server sent), and every other
// spelling is one crawl.log line naming the rule that folded it.
func TestSessionParametersFolded(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	hits := map[string]int{}
	tok := func(n int) string {
		b := make([]byte, n)
		_, _ = rand.Read(b)
		return hex.EncodeToString(b)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _, _ := strings.Cut(r.URL.Path, ";")
		mu.Lock()
		hits[p]++
		mu.Unlock()
		if p == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<a href="/account?sid=%s">account</a> <a href="/prefs?sid=%s&tab=2">prefs</a>
<a href="/shop;jsessionid=%s">shop</a> <a href="/cart?PHPSESSID=%s">cart</a> <a href="/about">about</a>`,
			tok(16), tok(16), strings.ToUpper(tok(12)), tok(13))
	}))
	t.Cleanup(srv.Close)
	out := t.TempDir()
	res := salvage(context.Background(), "crawl", "--out", out, "--delay", "0", "--progress", "off", "--no-report", srv.URL+"/")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	for _, p := range []string{"/account", "/prefs", "/shop", "/cart", "/about"} {
		if hits[p] != 1 {
			t.Errorf("%s fetched %d times, want once (requests: %v)", p, hits[p], hits)
		}
	}
	log := readFileString(t, filepath.Join(out, "crawl.log"))
	for _, rule := range []string{"rule:session:sid", "rule:session:jsessionid", "rule:session:phpsessid"} {
		if !strings.Contains(log, rule) {
			t.Errorf("crawl.log never names %s", rule)
		}
	}
	if n := strings.Count(log, "-5004 "); n < 4 {
		t.Errorf("%d folded URLs logged (-5004), want one per extra spelling (at least 4)", n)
	}
}
