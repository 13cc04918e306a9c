package crawler

import (
	"bytes"
	"mime"
	"net/url"
	"strings"

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

func mediaType(ctype string) string {
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil {
		mt, _, _ = strings.Cut(ctype, ";")
	}
	return strings.ToLower(strings.TrimSpace(mt))
}

func parseKind(ctype string) bodyKind {
	switch mediaType(ctype) {
	case "text/html", "application/xhtml+xml":
		return kindHTML
	case "text/css":
		return kindCSS
	}
	return kindNone
}

func isPDF(ctype string) bool {
	return mediaType(ctype) == "application/pdf"
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
