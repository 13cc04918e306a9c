package crawltest

import (
	"net/http"
	"strings"
	"testing"
)

// Every off-site URL of the manifest behaves as its label says, to a
// crawler's User-Agent.
func TestExternalBehaviours(t *testing.T) {
	r := startReplica(t, Config{})
	c := testClient(t, r)
	for u, behaviour := range r.Manifest().External {
		f := get(t, c, http.MethodGet, u, ua, "gzip")
		checkFraming(t, u, f, false)
		checkBehaviour(t, u, behaviour, f)
	}
}

func checkBehaviour(t *testing.T, u, behaviour string, f fetched) {
	t.Helper()
	want := map[string]int{
		ExternalOK: 200, ExternalNoPhotos: 200, ExternalNotFound: 404,
		ExternalLoginRedirect: 302, ExternalForbiddenBot: 403, ExternalAuthRequired: 401,
	}[behaviour]
	if f.StatusCode != want {
		t.Errorf("%s (%s): %s, want %d", u, behaviour, f.Status, want)
	}
	switch behaviour {
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
