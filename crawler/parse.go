package crawler

import (
	"bytes"
	"net/url"

	"github.com/PuerkitoBio/goquery"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/policy"
)

type bodyKind int

const (
	kindNone bodyKind = iota
	kindHTML
	kindCSS
)

func parseKind(ctype string) bodyKind {
	switch policy.MediaType(ctype) {
	case "text/html", "application/xhtml+xml":
		return kindHTML
	case "text/css":
		return kindCSS
	}
	return kindNone
}

func isPDF(ctype string) bool {
	return policy.MediaType(ctype) == "application/pdf"
}

// bodyLinks extracts the outlinks of a parsed body, and for HTML the
// page's language and, when feeds is set, the elements that feed detection
// looks at.
func bodyLinks(kind bodyKind, body []byte, page *url.URL, feeds bool) ([]extract.Link, []policy.FeedElement, extract.Language) {
	switch kind {
	case kindHTML:
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
		if err != nil {
			return nil, nil, extract.Language{}
		}
		var elements []policy.FeedElement
		if feeds {
			elements = extract.FeedElements(doc)
		}
		return extract.HTML(doc, page), elements, extract.PageLanguage(doc, page)
	case kindCSS:
		return extract.CSS(body, page), nil, extract.Language{}
	}
	return nil, nil, extract.Language{}
}
