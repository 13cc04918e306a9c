package crawltest

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Every off-site URL of the manifest behaves as its label says, to a
// crawler's User-Agent.
func TestExternalBehaviours(t *testing.T) {
	const slow = 2 * time.Second // wide: other answers took 364 ms at load average 15
	r := startReplica(t, Config{SlowDelay: slow})
	c := testClient(t, r)
	for u, behaviour := range r.Manifest().External {
		start := time.Now()
		f := get(t, c, http.MethodGet, u, ua, "gzip")
		if took := time.Since(start); (behaviour == ExternalSlow) != (took >= slow) {
			t.Errorf("%s (%s) answered in %v (slow delay %v)", u, behaviour, took, slow)
		}
		checkFraming(t, u, f, false)
		checkBehaviour(t, u, behaviour, f)
	}
}

func checkBehaviour(t *testing.T, u, behaviour string, f fetched) {
	t.Helper()
	want := map[string]int{
		ExternalOK: 200, ExternalNoPhotos: 200, ExternalNotFound: 404,
		ExternalLoginRedirect: 302, ExternalForbiddenBot: 403, ExternalAuthRequired: 401,
		ExternalSoft404: 200, ExternalRedirectLoop: 302, ExternalSlow: 200,
	}[behaviour]
	if f.StatusCode != want {
		t.Errorf("%s (%s): %s, want %d", u, behaviour, f.Status, want)
	}
	switch behaviour {
	case ExternalSoft404:
		if !strings.Contains(string(f.Body), "<h1>Page not found</h1>") {
			t.Errorf("%s: no 'Page not found'", u)
		}
	case ExternalRedirectLoop:
		if loc := f.Header.Get("Location"); loc == u || !strings.HasPrefix(loc, "https://loop.example.org/") {
			t.Errorf("%s: Location %q", u, loc)
		}
	case ExternalNoPhotos:
		if !strings.Contains(string(f.Body), "No photos found") {
			t.Errorf("%s: no 'No photos found'", u)
		}
	case ExternalAuthRequired:
		if !strings.HasPrefix(f.Header.Get("WWW-Authenticate"), "Basic ") {
			t.Errorf("%s: WWW-Authenticate %q", u, f.Header.Get("WWW-Authenticate"))
		}
	case ExternalLoginRedirect:
		if loc := f.Header.Get("Location"); !strings.Contains(loc, "login") {
			t.Errorf("%s: Location %q", u, loc)
		}
	}
}

func TestExternalHosts(t *testing.T) {
	r := startReplica(t, Config{})
	c := testClient(t, r)
	for _, tc := range []struct {
		url, ua string
		status  int
		where   string // header or body substring
	}{
		{"https://www.facebook.com/MINUSMA", "Mozilla/5.0 (X11; Linux x86_64)", 200, ""},
		{"https://twitter.com/un_minusma", ua, 302, "https://twitter.com/i/flow/login?redirect_after_login=%2Fun_minusma"},
		{"https://twitter.com/i/flow/login?redirect_after_login=%2Fun_minusma", ua, 200, ""},
		{"https://www.instagram.com/un_minusma/", ua, 302, "https://www.instagram.com/accounts/login/"},
		{"https://www.youtube.com/embed/Lg0TXuQF_8s?wmode=opaque&controls=", ua, 200, "<script>"},
		{"https://www.googletagmanager.com/gtag/js?id=G-CEZYG7RDNM", ua, 200, "__replica"},
		{"https://twitter.com/robots.txt", ua, 404, ""},
		{"https://example.com/", ua, 404, ""}, // catch-all, certificate minted on the fly
		{"http://example.org/x", ua, 404, ""},
		{"https://www.minusma.unmissions.org/", ua, 404, ""},
		{"http://www.un.org/en/aboutun/terms/", ua, 200, ""},
	} {
		f := get(t, c, http.MethodGet, tc.url, tc.ua, "")
		checkFraming(t, tc.url, f, false)
		if f.StatusCode != tc.status || !strings.Contains(f.Header.Get("Location")+string(f.Body), tc.where) {
			t.Errorf("%s: %s Location %q, want %d and %q", tc.url, f.Status, f.Header.Get("Location"), tc.status, tc.where)
		}
	}
}

// A soft 404 answers every path with the same page; a redirect loop comes
// back to where it started.
func TestLinkHealthHosts(t *testing.T) {
	r := startReplica(t, Config{})
	c := testClient(t, r)
	a := get(t, c, http.MethodGet, "https://soft404.example.org/en/old-report", ua, "")
	b := get(t, c, http.MethodGet, "https://soft404.example.org/no/such/page?x=1", ua, "")
	if a.StatusCode != 200 || b.StatusCode != 200 || !bytes.Equal(a.Body, b.Body) {
		t.Errorf("soft 404: %s and %s, same body %v", a.Status, b.Status, bytes.Equal(a.Body, b.Body))
	}
	if f := get(t, c, http.MethodGet, "https://soft404.example.org/robots.txt", ua, ""); f.StatusCode != 404 {
		t.Errorf("soft404 robots.txt: %s", f.Status)
	}
	u := "https://loop.example.org/a"
	var chain []string
	for range 4 {
		f := get(t, c, http.MethodGet, u, ua, "")
		chain = append(chain, f.Status[:3])
		u = f.Header.Get("Location")
		chain = append(chain, u)
	}
	want := "302 https://loop.example.org/b 302 https://loop.example.org/a 302 https://loop.example.org/b 302 https://loop.example.org/a"
	if got := strings.Join(chain, " "); got != want {
		t.Errorf("loop chain %s, want %s", got, want)
	}
	// Hosts that answer pages do so only where the site links: a made-up
	// path is a real 404, so a soft-404 probe tells them apart.
	for u, want := range map[string]int{
		"https://loop.example.org/c":                          404,
		"https://www.un.org/en/aboutun/terms/":                200, // linked over http
		"https://www.un.org/en/aboutun/terms/probe-x1":        404,
		"https://peacekeeping.un.org/en/mission/probe-x2":     404,
		"https://www.flickr.com/photos/minusma/probe-x3":      404,
		"https://slow.example.org/probe-x4":                   404,
		"https://twitter.com/probe-x5":                        302, // everything is a login wall
		"https://www.youtube.com/embed/probe-x6?wmode=opaque": 404,
	} {
		if f := get(t, c, http.MethodGet, u, ua, ""); f.StatusCode != want {
			t.Errorf("%s: %s, want %d", u, f.Status, want)
		}
	}
}

// Close does not wait for a slow answer.
func TestSlowAnswerDoesNotHoldClose(t *testing.T) {
	r, err := New(Config{SlowDelay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := (&http.Client{Transport: r.Transport()}).Get("https://slow.example.org/report")
		done <- err
	}()
	for len(r.Requests()) == 0 && r.MaxInFlight("slow.example.org") == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	start := time.Now()
	r.Close()
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Close took %v", took)
	}
	if err := <-done; err == nil {
		t.Error("the slow request should fail when the replica closes")
	}
}
