package extract

import (
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/salvage-archive/salvage/policy"
)

const maxElementText = 500

// feedTags are elements that embed or link third-party feeds.
var feedTags = "a, iframe, script[src], link[rel], audio, video, source, embed, object"

// FeedElements lists a page's elements that feed detection rules look at:
// links, embeds and scripts, and any element with an id or class (widget
// blocks such as Drupal's Flickr block), each with its text.
func FeedElements(doc *goquery.Document) []policy.FeedElement {
	var els []policy.FeedElement
	doc.Find(feedTags + ", [id], [class]").Each(func(_ int, s *goquery.Selection) {
		els = append(els, element(s))
	})
	return els
}

func element(s *goquery.Selection) policy.FeedElement {
	n := s.Get(0)
	attrs := make(map[string]string, len(n.Attr))
	for _, a := range n.Attr {
		attrs[strings.ToLower(a.Key)] = a.Val
	}
	return policy.FeedElement{Tag: strings.ToLower(n.Data), Attrs: attrs, Text: clippedText(n, maxElementText)}
}
