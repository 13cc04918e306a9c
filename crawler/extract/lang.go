package extract

import (
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// Language is what an HTML page says about its language and translations.
type Language struct {
	Lang       string      // <html lang>, as written ("" if none)
	Alternates []Alternate // <link rel="alternate" hreflang href>, in document order
}

// Alternate is a translation a page names.
type Alternate struct {
	Lang string // the hreflang value, as written ("fr", "en-GB", "x-default")
	URL  string // resolved against the document base
}

// PageLanguage reads <html lang> (or xml:lang) and the hreflang alternates.
func PageLanguage(doc *goquery.Document, page *url.URL) Language {
	var l Language
	if doc == nil || len(doc.Nodes) == 0 {
		return l
	}
	base := documentBase(doc.Nodes[0], page)
	if h := doc.Find("html").First(); h.Length() > 0 {
		l.Lang = strings.TrimSpace(h.AttrOr("lang", h.AttrOr("xml:lang", "")))
	}
	doc.Find("link[hreflang][href]").Each(func(_ int, s *goquery.Selection) {
		if !hasToken(s.AttrOr("rel", ""), "alternate") {
			return
		}
		lang := strings.TrimSpace(s.AttrOr("hreflang", ""))
		if u := resolve(base, s.AttrOr("href", "")); lang != "" && fetchable(u) {
			l.Alternates = append(l.Alternates, Alternate{Lang: lang, URL: u})
		}
	})
	return l
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == tok {
			return true
		}
	}
	return false
}
