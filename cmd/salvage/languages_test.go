package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/cmd/internal/folder"
)

// TestLanguagesFromSwitcher: a site that links its translations only the way
// Drupal 7 does (the seed's language switcher: <a class="language-link"
// xml:lang>, no hreflang), falling back to the other language's front page
// where a page has no translation. summary.json pairs the translated pages,
// lists the others as missing their version, and counts the fallbacks.
func TestLanguagesFromSwitcher(t *testing.T) {
	t.Parallel()
	type sitePage struct {
		lang, en, fr string // the switcher's targets
		links        []string
	}
	site := map[string]sitePage{
		"/en":          {"en", "/en", "/", []string{"/en/mandate", "/en/history", "/en/police", "/en/news", "/en/contact"}},
		"/en/mandate":  {"en", "/en/mandate", "/mandat", nil},
		"/en/history":  {"en", "/en/history", "/historique", nil},
		"/en/police":   {"en", "/en/police", "/", nil}, // no French version: the front page
		"/en/news":     {"en", "/en/news", "/", nil},
		"/en/contact":  {"en", "/en/contact", "/", nil},
		"/":            {"fr", "/en", "/", []string{"/mandat", "/historique", "/communiques"}},
		"/mandat":      {"fr", "/en/mandate", "/mandat", nil},
		"/historique":  {"fr", "/en/history", "/historique", nil},
		"/communiques": {"fr", "/en", "/communiques", nil}, // no English version
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := site[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="%s" dir="ltr"><head><title>%s</title></head><body>`, p.lang, r.URL.Path)
		fmt.Fprintf(w, `<div id="block-language-switcher-fallback-language-switcher-fallback" class="block block-language-switcher-fallback odd"> <div class="box-wrapper"> <ul class="language-switcher-locale-url"><li class="en first"><a href="%s" class="language-link" xml:lang="en">En</a></li> <li class="fr last"><a href="%s" class="language-link" xml:lang="fr">Fr</a></li> </ul> </div> </div>`, p.en, p.fr)
		for _, l := range p.links {
			fmt.Fprintf(w, `<a href="%s">%s</a> `, l, l)
		}
		fmt.Fprint(w, `</body></html>`)
	}))
	defer srv.Close()
	out := t.TempDir()
	res := salvage(context.Background(), "crawl", "--out", out, "--delay", "0", "--progress", "off", "--no-report", "--no-sitemaps", srv.URL+"/en")
	if res.code != 0 {
		t.Fatalf("exit %d\nstderr:\n%s", res.code, res.stderr)
	}
	sum := loadSummary(t, out)
	rep := sum.Languages
	if rep == nil {
		t.Fatal("summary.json has no languages")
	}
	want := []folder.LanguageTree{
		{Lang: "en", Root: "/en", Pages: 6, Versions: map[string]int{"fr": 3}},
		{Lang: "fr", Root: "/", Pages: 4, Versions: map[string]int{"en": 3}},
	}
	if !reflect.DeepEqual(rep.Trees, want) {
		t.Errorf("trees %+v\nwant  %+v", rep.Trees, want)
	}
	var wantMissing []folder.MissingVersion
	for _, m := range []string{"/communiques fr en", "/en/contact en fr", "/en/news en fr", "/en/police en fr"} {
		f := strings.Fields(m)
		wantMissing = append(wantMissing, folder.MissingVersion{URL: srv.URL + f[0], Lang: f[1], Missing: f[2]})
	}
	if !reflect.DeepEqual(rep.Missing, wantMissing) || rep.MissingTotal != 4 {
		t.Errorf("missing %+v (total %d)\nwant    %+v", rep.Missing, rep.MissingTotal, wantMissing)
	}
	if rep.Fallbacks != 4 {
		t.Errorf("frontPageFallbacks %d, want 4 (three English pages and one French page fall back)", rep.Fallbacks)
	}
	if !strings.Contains(res.stdout, "language en (/en): 6 pages, 3 with a fr version") {
		t.Errorf("printed summary:\n%s", res.stdout)
	}
}
