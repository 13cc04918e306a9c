package replay_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/warc/internal/sitetest"
	"github.com/salvage-archive/salvage/warc/replay"
)

// hostile is a query that closes an attribute and opens a script.
const hostile = `?q="><script>alert(1)</script>`

// bannerSite serves pages for the banner's cases: a page captured twice, a page
// under a hostile URL, a fragment, an HTML 404 and a page with its own CSP.
func bannerSite() http.Handler {
	mux := http.NewServeMux()
	html := func(status int, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(status)
			io.WriteString(w, body)
		}
	}
	mux.HandleFunc("/twice", html(200, `<!doctype html><html><body><p>twice</p></body></html>`))
	mux.HandleFunc("/x", html(200, `<html><body><p>hostile</p></BODY></html>`))
	mux.HandleFunc("/frag", html(200, `<p>a fragment</p><script>var t = "<html>";</script>`))
	mux.HandleFunc("/xhtml", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/xhtml+xml")
		io.WriteString(w, `<html xmlns="http://www.w3.org/1999/xhtml"><body><p>x</p></body></html>`)
	})
	mux.HandleFunc("/tail", html(200, `<html><body><p>x</p></body><script>var s = "</body>";</script></html>`))
	mux.HandleFunc("/gone", html(404, `<html><body><h1>Not found</h1></body></html>`))
	mux.HandleFunc("/csp", html(200, `<html><head><meta http-equiv="Content-Security-Policy" content="script-src 'none'; style-src 'none'"></head><body>csp</body></html>`))
	return mux
}

// startSite replays bannerSite's captures.
func startSite(t *testing.T, cfg replay.Config) (srv *httptest.Server, base string) {
	t.Helper()
	a := sitetest.RecordSite(t, t.TempDir(), bannerSite(), []string{"/twice", "/x" + hostile, "/frag", "/gone", "/csp", "/twice", "/tail", "/xhtml"})
	cfg.Collection, cfg.WARCs = "coll", a.Files
	s, err := replay.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv = httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv, a.Base
}

func hasBanner(body string) bool { return strings.Contains(body, "<salvage-banner") }

// A replayed HTML page carries one banner, before its </body>, with the capture's
// date, the original URL linked to the live web, the other captures and the TimeMap.
func TestBannerOnHTMLPage(t *testing.T) {
	srv, base := start(t)
	resp, body := get(t, srv.URL+"/coll/"+ts+"/"+base+"/")
	if resp.StatusCode != 200 || strings.Count(body, "<salvage-banner") != 1 {
		t.Fatalf("status %d, %d banner(s):\n%s", resp.StatusCode, strings.Count(body, "<salvage-banner"), body)
	}
	for _, want := range []string{
		"Archived <b>2024-05-01 12:00:01 UTC</b>",
		`<a href="` + base + `/" rel="noopener noreferrer" target="_top" title="Open the live page">` + base + `/</a>`,
		`<a href="/coll/timemap/link/` + base + `/" target="_top"`,
		`<summary>1 capture</summary>`,
		`<li><a href="/coll/20240501120001/` + base + `/" target="_top" class="cur">2024-05-01 12:00:01 UTC</a></li>`,
		`<template shadowrootmode="open">`, `<button type="button"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("banner lacks %s", want)
		}
	}
	if !strings.HasSuffix(body, "</salvage-banner></body></html>") {
		t.Errorf("banner is not right before </body>: ...%s", body[max(0, len(body)-80):])
	}
	if v := resp.Header.Values("Vary"); !strings.Contains(strings.Join(v, ","), "Sec-Fetch-Dest") {
		t.Errorf("Vary %q lacks Sec-Fetch-Dest", v)
	}
}

// The banner links the previous and next captures of the URL.
func TestBannerLinksOtherCaptures(t *testing.T) {
	srv, base := startSite(t, replay.Config{})
	_, first := get(t, srv.URL+"/coll/20240501120001/"+base+"/twice")
	_, last := get(t, srv.URL+"/coll/20240501120006/"+base+"/twice")
	next := `<a href="/coll/20240501120006/` + base + `/twice" target="_top" title="Next capture">2024-05-01 12:00:06 UTC &#8250;</a>`
	prev := `<a href="/coll/20240501120001/` + base + `/twice" target="_top" title="Previous capture">&#8249; 2024-05-01 12:00:01 UTC</a>`
	if !strings.Contains(first, next) || strings.Contains(first, "Previous capture") || !strings.Contains(first, "<summary>2 captures</summary>") {
		t.Errorf("first capture's banner lacks a link to the next:\n%s", first)
	}
	if !strings.Contains(last, prev) || strings.Contains(last, "Next capture") || !strings.Contains(last, `class="cur">2024-05-01 12:00:06 UTC`) {
		t.Errorf("last capture's banner lacks a link to the previous:\n%s", last)
	}
}

// No banner on stylesheets, images, redirects, error pages, fragments (even with
// "<html>" in a script), XHTML, frames, or when the option is off.
func TestBannerOnlyOnTopLevelDocuments(t *testing.T) {
	srv, base := start(t)
	p := srv.URL + "/coll/" + ts + "/" + base
	for _, u := range []string{p + "/style.css", p + "/img.png", p + "/copy.png", p + "/old?b=2&a=1"} {
		if _, body := get(t, u); hasBanner(body) {
			t.Errorf("%s has a banner", u)
		}
	}
	if _, body := get(t, p+"/", "Sec-Fetch-Dest", "iframe"); hasBanner(body) {
		t.Error("a page loaded in an iframe has a banner")
	}
	site, sbase := startSite(t, replay.Config{})
	for _, u := range []string{"/frag", "/gone", "/xhtml"} {
		if resp, body := get(t, site.URL+"/coll/"+ts+"/"+sbase+u); hasBanner(body) {
			t.Errorf("%s (%d) has a banner", u, resp.StatusCode)
		}
	}
	off, obase := startSite(t, replay.Config{NoBanner: true})
	resp, body := get(t, off.URL+"/coll/"+ts+"/"+obase+"/twice")
	if resp.StatusCode != 200 || hasBanner(body) || body != `<!doctype html><html><body><p>twice</p></body></html>` {
		t.Errorf("NoBanner: %d %q", resp.StatusCode, body)
	}
}

// An archived URL that closes an attribute and opens a script shows as text in the
// banner and runs nothing.
func TestBannerEscapesHostileURL(t *testing.T) {
	srv, base := startSite(t, replay.Config{})
	resp, body := get(t, srv.URL+"/coll/"+ts+"/"+base+"/x"+hostile)
	if resp.StatusCode != 200 || !hasBanner(body) {
		t.Fatalf("status %d, banner %v:\n%s", resp.StatusCode, hasBanner(body), body)
	}
	if strings.Contains(body, "<script>alert(1)") || strings.Contains(body, `"><script>`) {
		t.Errorf("hostile URL unescaped in the banner:\n%s", body)
	}
	for _, want := range []string{
		`>` + base + `/x?q=&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</a>`, // the link's text
		`<a href="` + base + `/x?q=%22%3e%3cscript%3ealert%281%29%3c/script%3e" rel="noopener noreferrer"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("banner lacks %s:\n%s", want, body)
		}
	}
	if !strings.Contains(body, "</salvage-banner></BODY>") {
		t.Error("banner is not before an upper-case </BODY>")
	}
}

// The banner goes before the document's </body>, not into a script that writes one.
func TestBannerBeforeTheBodyEnd(t *testing.T) {
	srv, base := startSite(t, replay.Config{})
	_, body := get(t, srv.URL+"/coll/"+ts+"/"+base+"/tail")
	if !strings.HasPrefix(body, "<html><body><p>x</p><salvage-banner") ||
		!strings.HasSuffix(body, `</salvage-banner></body><script>var s = "</body>";</script></html>`) {
		t.Errorf("banner misplaced:\n%s", body)
	}
}

// An archived page's own <meta> CSP, written for the live site, is renamed so that
// it cannot block the banner; the server's CSP header still confines the page.
func TestBannerNotBlockedByArchivedCSP(t *testing.T) {
	srv, base := startSite(t, replay.Config{})
	resp, body := get(t, srv.URL+"/coll/"+ts+"/"+base+"/csp")
	if !hasBanner(body) || strings.Contains(body, ` http-equiv=`) ||
		!strings.Contains(body, `data-archived-http-equiv="Content-Security-Policy"`) {
		t.Errorf("archived meta CSP kept:\n%s", body)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); csp != replay.CSP {
		t.Errorf("CSP header %q", csp)
	}
}
