package extract

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestPageLanguage(t *testing.T) {
	page, _ := url.Parse("https://minusma.unmissions.org/en/history")
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(`<!DOCTYPE html><html lang="en-GB"><head>
<base href="https://minusma.unmissions.org/base/">
<link rel="alternate" hreflang="fr" href="/histoire">
<link rel="Alternate Canonical" hreflang="x-default" href="history">
<link rel="alternate" type="application/rss+xml" href="/en/rss.xml">
<link rel="next" hreflang="de" href="/de/x">
<link rel="alternate" hreflang="ar" href="mailto:x@y">
</head><body></body></html>`))
	if err != nil {
		t.Fatal(err)
	}
	l := PageLanguage(doc, page)
	var got []string
	for _, a := range l.Alternates {
		got = append(got, a.Lang+" "+a.URL)
	}
	want := []string{"fr https://minusma.unmissions.org/histoire", "x-default https://minusma.unmissions.org/base/history"}
	if l.Lang != "en-GB" || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lang %q alternates %v; want en-GB %v", l.Lang, got, want)
	}
}

// drupalSwitcher is the seed's language switcher block (testdata/minusma-home.html),
// with the targets a page gives it.
func drupalSwitcher(en, fr string) string {
	return `<div id="block-language-switcher-fallback-language-switcher-fallback" class="block block-language-switcher-fallback odd"> <div class="box-wrapper"> <ul class="language-switcher-locale-url"><li class="en first active"><a href="` +
		en + `" class="language-link active" xml:lang="en">En</a></li> <li class="fr last"><a href="` +
		fr + `" class="language-link" xml:lang="fr">Fr</a></li> </ul> </div> </div>`
}

// TestPageLanguageSwitchers: translations named by the language switchers
// of Drupal, WordPress (Polylang, WPML) and plain links with hreflang, lang
// or xml:lang; a switcher that falls back to a front page from an inner
// page names no translation.
func TestPageLanguageSwitchers(t *testing.T) {
	const o = "https://minusma.unmissions.org"
	for _, tc := range []struct {
		name, page, html string
		want             []string // "lang source URL"
		fallbacks        int
	}{
		{"drupal 7 front page", o + "/en", `<html lang="en">` + drupalSwitcher("/en", "/") +
			`<a href="https://twitter.com/@UN_MINUSMA" class="twitter-timeline" lang="en">Tweets</a>`,
			[]string{"fr switcher-class " + o + "/"}, 0},
		{"drupal 7 french front page", o + "/", `<html lang="fr">` + drupalSwitcher("/en", "/"),
			[]string{"en switcher-class " + o + "/en"}, 0},
		{"drupal 7 inner page", o + "/en/history", `<html lang="en">` + drupalSwitcher("/en/history", "/histoire"),
			[]string{"fr switcher-class " + o + "/histoire"}, 0},
		{"drupal 7 fallback", o + "/en/police", `<html lang="en">` + drupalSwitcher("/en/police", "/"), nil, 1},
		{"drupal 7 fallback with a language query", o + "/en/police", `<html lang="en">` + drupalSwitcher("/en/police", "/?language=fr"), nil, 1},
		{"drupal 7 fallback, no html lang", o + "/en/police", `<html>` + drupalSwitcher("/en/police", "/index.php"), nil, 1},
		{"drupal 8", "https://example.org/node/1", `<html lang="en"><ul class="links language-switcher-language-url">` +
			`<li hreflang="en"><a href="/node/1" class="language-link is-active" hreflang="en">English</a></li>` +
			`<li hreflang="fr"><a href="/fr/node/1" class="language-link" hreflang="fr">Français</a></li></ul>`,
			[]string{"fr switcher-class https://example.org/fr/node/1"}, 0},
		{"polylang", "https://blog.example.org/hello/", `<html lang="en-US"><ul>` +
			`<li class="lang-item lang-item-2 lang-item-en current-lang lang-item-first"><a lang="en-US" hreflang="en-US" href="https://blog.example.org/hello/">English</a></li>` +
			`<li class="lang-item lang-item-5 lang-item-fr"><a lang="fr-FR" hreflang="fr-FR" href="https://blog.example.org/fr/bonjour/">Français</a></li></ul>`,
			[]string{"fr-FR switcher-class https://blog.example.org/fr/bonjour/"}, 0},
		{"polylang fallback", "https://blog.example.org/hello/", `<html lang="en-US"><ul>` +
			`<li class="lang-item lang-item-5 lang-item-fr no-translation"><a lang="fr-FR" hreflang="fr-FR" href="https://blog.example.org/fr/">Français</a></li></ul>`,
			nil, 1},
		{"wpml", "https://shop.example.org/about/", `<html lang="en"><div class="wpml-ls-statics-footer wpml-ls wpml-ls-legacy-list-horizontal"><ul>` +
			`<li class="wpml-ls-slot-footer wpml-ls-item wpml-ls-item-en wpml-ls-current-language wpml-ls-first-item wpml-ls-item-legacy-list-horizontal"><a href="https://shop.example.org/about/" class="wpml-ls-link"><span class="wpml-ls-native">English</span></a></li>` +
			`<li class="wpml-ls-slot-footer wpml-ls-item wpml-ls-item-de wpml-ls-item-legacy-list-horizontal"><a href="https://shop.example.org/ueber-uns/" class="wpml-ls-link"><span class="wpml-ls-native" lang="de">Deutsch</span></a></li>` +
			`<li class="wpml-ls-slot-footer wpml-ls-item wpml-ls-item-pt-br wpml-ls-last-item"><a href="https://shop.example.org/?page_id=7&lang=pt-br" class="wpml-ls-link">Português</a></li></ul></div>`,
			[]string{"de switcher-class https://shop.example.org/ueber-uns/", "pt-br switcher-class https://shop.example.org/?page_id=7&lang=pt-br"}, 0},
		{"wpml fallback by language parameter", "https://shop.example.org/?page_id=3", `<html lang="en"><ul>` +
			`<li class="wpml-ls-item wpml-ls-item-de"><a href="https://shop.example.org/?lang=de" class="wpml-ls-link">Deutsch</a></li></ul>`,
			nil, 1},
		{"switcher language from the path", "https://example.org/en/a", `<html lang="en"><nav class="lang-switcher">` +
			`<a href="/en/a">EN</a> <a href="/es-mx/a">ES</a> <a href="/about">?</a></nav>`,
			[]string{"es switcher-class https://example.org/es-mx/a"}, 0},
		{"plain a hreflang", "https://example.org/en/a", `<html lang="en"><p>Read it <a hreflang="fr" href="/fr/a#top">en français</a>, ` +
			`<a hreflang="de" href="https://de.example.net/a">auf Deutsch</a>, <a hreflang="en" href="/en/a2">again</a>` +
			`<map><area hreflang="ar" href="/ar/a"></map><a hreflang="fr" href="/fr/a#top">twice</a>`,
			[]string{"fr a-hreflang https://example.org/fr/a#top", "de a-hreflang https://de.example.net/a", "ar a-hreflang https://example.org/ar/a"}, 0},
		{"a lang, another language", "https://www.example.org/en/a", `<html lang="en"><a lang="fr" href="https://fr.example.org/a">Français</a>` +
			`<a xml:lang="de" href="/de/a">Deutsch</a><a lang="en" href="/en/b">same</a>` +
			`<a lang="fr" href="https://twitter.com/x">off-site</a><a lang="fr" href="/en/barkhane">Opération Barkhane</a>` +
			`<a lang="es" href="/es/">Español</a>`,
			[]string{"fr a-lang https://fr.example.org/a", "de a-lang https://www.example.org/de/a"}, 1},
		{"front pages name each other", "https://example.org/index.php", `<html lang="en"><a lang="fr" href="/fr/">FR</a><a hreflang="de" href="/de">DE</a>`,
			[]string{"fr a-lang https://example.org/fr/", "de a-hreflang https://example.org/de"}, 0},
		{"link and switcher together", o + "/en/history", `<html lang="en"><head><link rel="alternate" hreflang="fr" href="/histoire"></head>` +
			drupalSwitcher("/en/history", "/histoire"),
			[]string{"fr link-hreflang " + o + "/histoire", "fr switcher-class " + o + "/histoire"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := PageLanguage(parseDoc(t, tc.html), mustURL(t, tc.page))
			var got []string
			for _, a := range l.Alternates {
				got = append(got, fmt.Sprintf("%s %s %s", a.Lang, a.Source, a.URL))
			}
			equalLines(t, got, tc.want)
			if l.Fallbacks != tc.fallbacks {
				t.Errorf("fallbacks %d, want %d", l.Fallbacks, tc.fallbacks)
			}
		})
	}
}

// TestPageLanguageSeed: the seed page, the English front page, names the
// French front page through its Drupal 7 switcher.
func TestPageLanguageSeed(t *testing.T) {
	doc := parseDoc(t, string(readMinusma(t)))
	l := PageLanguage(doc, mustURL(t, minusmaPage))
	if l.Lang != "en" || len(l.Alternates) != 1 || l.Alternates[0] != (Alternate{Lang: "fr", URL: "https://minusma.unmissions.org/", Source: SourceSwitcher}) {
		t.Errorf("seed: lang %q alternates %+v; want en with the French front page from the switcher", l.Lang, l.Alternates)
	}
	inner := PageLanguage(doc, mustURL(t, "https://minusma.unmissions.org/en/police"))
	if len(inner.Alternates) != 0 || inner.Fallbacks != 1 {
		t.Errorf("seed markup on an inner page: alternates %+v fallbacks %d; want none and 1", inner.Alternates, inner.Fallbacks)
	}
}

func TestFrontPage(t *testing.T) {
	for raw, want := range map[string]bool{
		"https://x.org/": true, "https://x.org/en": true, "https://x.org/fr/": true, "https://x.org/index.php": true,
		"https://x.org/fr-ca/index.html": true, "https://x.org/?lang=fr": true, "https://x.org/?destination=a": false,
		"https://x.org/?p=12&lang=fr": false, "https://x.org/faq": false, "https://x.org/en/a": false, "https://x.org/a/index.php": false,
	} {
		if got := frontPage(mustURL(t, raw)); got != want {
			t.Errorf("frontPage(%s) = %v, want %v", raw, got, want)
		}
	}
}

func TestAlternateSourceJSON(t *testing.T) {
	for s, want := range map[AlternateSource]string{SourceLinkHreflang: "link-hreflang", SourceAnchorHreflang: "a-hreflang",
		SourceSwitcher: "switcher-class", SourceAnchorLang: "a-lang", 0: "", 9: ""} {
		if b, _ := s.MarshalText(); string(b) != want {
			t.Errorf("source %d marshals as %q, want %q", s, b, want)
		}
	}
}
