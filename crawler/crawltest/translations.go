package crawltest

import (
	"fmt"
	"strings"
)

// Translations: every page carries Drupal 7's language switcher block (the
// seed's "language switcher fallback"), whose links are the only way some
// translations are named. A pair of pages is linked in one of three ways,
// set by the French page's Kind:
//
//   - both (kindBasic): <link rel="alternate" hreflang> in the head of each
//     page and the switcher of each links the other;
//   - switcher only (kindSwitcherOnly): no hreflang anywhere, each page's
//     switcher links the other;
//   - hreflang only (kindHreflangOnly, discovery.go): the English page names
//     the French one by hreflang only and its switcher falls back to the
//     French front page "/"; the French page has both.
//
// An English page without a translation has no hreflang and its switcher
// falls back to "/", as the seed's module does.

// translationVia is how a page names its translation.
type translationVia int

const (
	viaBoth     translationVia = iota // hreflang and the language switcher
	viaSwitcher                       // the language switcher only
	viaHreflang                       // hreflang only; the switcher falls back to the front page
)

func (v translationVia) hreflang() bool { return v != viaSwitcher }
func (v translationVia) switcher() bool { return v != viaHreflang }

// translation is p's translation and how p names it; "" when it has none.
func (s *site) translation(p *pageSpec) (string, translationVia) {
	if langOf(p.Path) == "fr" {
		if p.Kind == kindSwitcherOnly {
			return p.Twin, viaSwitcher
		}
		return p.Twin, viaBoth
	}
	fr := s.twinOf[p.Path]
	switch q := s.byHref(fr); {
	case q == nil:
		return "", viaBoth
	case q.Kind == kindHreflangOnly:
		return fr, viaHreflang
	case q.Kind == kindSwitcherOnly:
		return fr, viaSwitcher
	}
	return fr, viaBoth
}

// languageSwitcher is the seed's switcher block: the page's own language
// is the active link (to the page itself), the other links the translation
// when the switcher names it, else that language's front page.
func languageSwitcher(v pageView) string {
	links := map[string]string{"en": chromes["en"].Home, "fr": chromes["fr"].Home}
	links[v.Lang] = v.Path
	if other := otherLang(v.Lang); v.Twin != "" && v.TwinVia.switcher() {
		links[other] = v.Twin
	}
	var b strings.Builder
	b.WriteString(`<div id="block-language-switcher-fallback-language-switcher-fallback" class="block block-language-switcher-fallback odd"> <div class="box-wrapper"> <ul class="language-switcher-locale-url">`)
	for i, lang := range []string{"en", "fr"} {
		pos, active := [2]string{"first", "last"}[i], ""
		if lang == v.Lang {
			active = " active"
		}
		fmt.Fprintf(&b, `<li class="%s %s%s"><a href="%s" class="language-link%s" xml:lang="%s">%s</a></li> `,
			lang, pos, active, htmlEscape(links[lang]), active, lang, strings.ToUpper(lang[:1])+lang[1:])
	}
	b.WriteString(`</ul> </div> </div>`)
	return b.String()
}

// translationURLs maps every English page to its French translation, for
// every pair a switcher or hreflang links (discovery.go's hreflang-only
// ones included), and lists the French pages only switchers link.
func (s *site) translationURLs() (map[string]string, []string) {
	pairs := map[string]string{}
	var switcherOnly []string
	for _, p := range s.pages {
		if langOf(p.Path) != "fr" || p.Twin == "" {
			continue
		}
		pairs[canonicalString(siteOrigin+p.Twin)] = canonicalString(siteOrigin + p.Path)
		if p.Kind == kindSwitcherOnly {
			switcherOnly = append(switcherOnly, p.Path)
		}
	}
	return pairs, siteURLs(switcherOnly)
}

// switcherFallbackURLs are the English pages a complete crawl finds (Pages,
// SitemapOnly, FeedOnly) whose switcher links the French front page
// because their switcher names no translation.
func (s *site) switcherFallbackURLs(retryLater bool) []string {
	var hrefs []string
	for _, p := range s.pages {
		if langOf(p.Path) != "en" || p.Kind == kindSeed || p.Kind == kindForm || (p.Kind == kindRetryLater && retryLater) {
			continue
		}
		if fr, via := s.translation(p); fr == "" || !via.switcher() {
			hrefs = append(hrefs, p.Path)
		}
	}
	for n := 1; n < s.newsPages(); n++ {
		hrefs = append(hrefs, newsPageHref(n))
	}
	for k := range s.cfg.Articles {
		hrefs = append(hrefs, articleHref(k))
	}
	return siteURLs(hrefs)
}
