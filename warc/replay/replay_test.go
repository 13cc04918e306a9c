package replay_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/warc/internal/sitetest"
	"github.com/salvage-archive/salvage/warc/replay"
	"github.com/salvage-archive/salvage/warc/wacz"
)

// start serves the recorded test site; ts is a timestamp near the captures.
func start(t *testing.T) (srv *httptest.Server, base string) {
	t.Helper()
	a := sitetest.Record(t, t.TempDir())
	pages, _ := wacz.FindPages(a.Files, nil)
	s, err := replay.New(replay.Config{Collection: "coll", WARCs: a.Files, Pages: pages})
	if err != nil {
		t.Fatal(err)
	}
	srv = httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv, a.Base
}

func get(t *testing.T, u string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

const ts = "20240501120002"

func TestHTMLRewritten(t *testing.T) {
	srv, base := start(t)
	resp, body := get(t, srv.URL+"/coll/"+ts+"/"+base+"/")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	p := "/coll/" + ts + "/" + base
	for _, want := range []string{
		`href="` + p + `/style.css"`, `href="` + p + `/fr/"`, `href="` + p + `/old?b=2&amp;a=1"`,
		`src="` + p + `/img.png"`, `srcset="` + p + `/img.png 1x, ` + p + `/copy.png 2x"`,
		`url("` + p + `/img.png")`, `style="background-image:url(&#34;` + p + `/copy.png&#34;)"`,
		`href="/coll/` + ts + `/https://elsewhere.example/"`, `href="#top"`, `href="mailto:x@example.org"`,
		`var u = "/not-rewritten.js";`, `data-archived-integrity="sha256-x"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(body, ` integrity=`) {
		t.Error("integrity attribute kept: a rewritten stylesheet would be refused")
	}
	checkMemento(t, resp, base+"/")
}

func checkMemento(t *testing.T, resp *http.Response, orig string) {
	t.Helper()
	h := resp.Header
	if h.Get("Memento-Datetime") == "" || !strings.Contains(h.Get("Link"), "<"+orig+`>; rel="original"`) ||
		!strings.Contains(h.Get("Link"), `rel="timemap"`) || !strings.Contains(h.Get("Link"), `rel="timegate"`) {
		t.Errorf("Memento headers: %q %q", h.Get("Memento-Datetime"), h.Get("Link"))
	}
	if csp := h.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
}

func TestCSSAndRevisitAndRedirect(t *testing.T) {
	srv, base := start(t)
	p := "/coll/" + ts + "/" + base
	_, css := get(t, srv.URL+p+"/style.css")
	for _, want := range []string{`@import "` + p + `/base.css"`, `url("` + p + `/img.png")`, `url("data:image/png;base64,AA==")`} {
		if !strings.Contains(css, want) {
			t.Errorf("css %q lacks %s", css, want)
		}
	}
	resp, png := get(t, srv.URL+p+"/copy.png") // a revisit record
	if resp.StatusCode != 200 || !bytes.Equal([]byte(png), sitetest.PNG) || resp.Header.Get("Content-Type") != "image/png" {
		t.Errorf("revisit replayed as %d %q (%d bytes)", resp.StatusCode, resp.Header.Get("Content-Type"), len(png))
	}
	resp, _ = get(t, srv.URL+p+"/old?b=2&a=1")
	if resp.StatusCode != 301 || resp.Header.Get("Location") != p+"/fr/" {
		t.Errorf("redirect replayed as %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestTimeGateAndTimeMap(t *testing.T) {
	srv, base := start(t)
	resp, _ := get(t, srv.URL+"/coll/"+base+"/fr/", "Accept-Datetime", "Wed, 01 May 2024 00:00:00 GMT")
	if resp.StatusCode != 302 || !strings.HasPrefix(resp.Header.Get("Location"), "/coll/20240501") || resp.Header.Get("Vary") != "accept-datetime" {
		t.Errorf("timegate: %d %q %q", resp.StatusCode, resp.Header.Get("Location"), resp.Header.Get("Vary"))
	}
	resp, tm := get(t, srv.URL+"/coll/timemap/link/"+base+"/fr/")
	if resp.Header.Get("Content-Type") != "application/link-format" || !strings.Contains(tm, `rel="first last memento"; datetime="Wed, 01 May 2024 12:00:06 GMT"`) ||
		!strings.Contains(tm, "<"+base+`/fr/>; rel="original"`) {
		t.Errorf("timemap:\n%s", tm)
	}
}

func TestHomeAndSearch(t *testing.T) {
	srv, base := start(t)
	if resp, _ := get(t, srv.URL+"/"); resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/coll/" {
		t.Errorf("/ answers %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, home := get(t, srv.URL+"/coll/")
	if !strings.Contains(home, "Home &amp; more") || !strings.Contains(home, "Accueil") {
		t.Errorf("home page lacks the page titles:\n%s", home)
	}
	_, found := get(t, srv.URL+"/coll/?q="+base+"/c")
	if !strings.Contains(found, base+"/copy.png") || strings.Contains(found, base+"/img.png</a>") {
		t.Errorf("prefix search:\n%s", found)
	}
}

// Nothing but archived records can be read: paths that name files, other schemes or
// climb out of the collection answer 404 with nothing of the file.
func TestNoPathOutsideTheArchive(t *testing.T) {
	srv, _ := start(t)
	for _, p := range []string{
		"/coll/" + ts + "/file:///etc/passwd", "/coll/" + ts + "/../../../../etc/passwd", "/../../etc/passwd",
		"/coll/" + ts + "/%2e%2e/%2e%2e/etc/passwd", "/etc/passwd", "/coll/" + ts + "/http://127.0.0.1:1/etc/passwd",
	} {
		resp, body := get(t, srv.URL+p)
		if resp.StatusCode != 404 || strings.Contains(body, "root:") {
			t.Errorf("%s: %d %q", p, resp.StatusCode, body)
		}
	}
	resp, _ := get(t, srv.URL+"/coll/")
	if resp.StatusCode != 200 {
		t.Errorf("home: %d", resp.StatusCode)
	}
}

func TestConfigValidate(t *testing.T) {
	for _, c := range []replay.Config{{Collection: "a/b", WARCs: []string{"x"}}, {Collection: "2024", WARCs: []string{"x"}}, {Collection: "ok"}} {
		if c.Validate() == nil {
			t.Errorf("%+v accepted", c)
		}
	}
}

// A timegate's redirect keeps the archived URL whole: "http://", not "http:/".
func TestTimeGateKeepsSchemeSlashes(t *testing.T) {
	srv, base := start(t)
	resp, _ := get(t, srv.URL+"/coll/"+base+"/fr/", "Accept-Datetime", "Wed, 01 May 2024 00:00:00 GMT")
	if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/coll/20240501") || !strings.HasSuffix(loc, "/"+base+"/fr/") {
		t.Errorf("timegate Location %q does not end in /%s/fr/", loc, base)
	}
}

// A URL the archive lacks answers an HTML page naming it, with the nearest archived
// URLs and a link to the live web.
func TestMissPage(t *testing.T) {
	srv, base := start(t)
	for _, p := range []string{"/coll/" + base + "/fr/missing", "/coll/" + ts + "/" + base + "/fr/missing"} {
		resp, body := get(t, srv.URL+p)
		if resp.StatusCode != 404 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("%s: %d %q", p, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		for _, want := range []string{
			"<h1>Not in the archive</h1>", "<code>" + base + "/fr/missing</code>",
			`<a href="` + base + `/fr/missing" rel="noreferrer">`, `<li><a href="/coll/` + base + `/fr/">` + base + `/fr/</a></li>`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: miss page lacks %s:\n%s", p, want, body)
			}
		}
		if i, j := strings.Index(body, base+"/fr/</a>"), strings.Index(body, base+"/style.css</a>"); j >= 0 && i > j {
			t.Errorf("%s: /fr/ is not listed before /style.css:\n%s", p, body)
		}
	}
}
