package extract

import (
	"sync"

	"github.com/salvage-archive/salvage/policy"
)

// Link is one reference found in a document.
//
// URL is absolute, resolved against the document base, except for references
// that cannot be fetched: empty, fragment-only ("#top"), javascript:, mailto:,
// tel: and data: references, and references that do not parse as URLs. Those
// are returned as written (surrounding whitespace removed) so that a link
// checker can report them; the crawler filters them out by scheme.
type Link struct {
	URL     string
	Hop     policy.Hop // policy.HopLink or policy.HopEmbed
	Element string     // "a", "img", "link", "meta", "style", "css", "pdf", ...
	Attr    string     // attribute ("href", "srcset") or kind ("stylesheet", "refresh", "import", "uri")
	Text    string     // collapsed anchor text, or alt/title; at most 200 runes
	Lastmod string     // a sitemap entry's <lastmod>, as written; "" elsewhere
	Place   string     // where in an HTML page: "footer #block-on-the-web-0", "nav", "head" (see placeOf); "" elsewhere
}

// linkKey is what makes two links duplicates. The place counts: a link in
// both the header and the footer is two fixes when it breaks.
type linkKey struct {
	url                  string
	hop                  policy.Hop
	element, attr, place string
}

// linkSet collects links in first-seen order, dropping exact duplicates.
type linkSet struct {
	seen  map[linkKey]struct{}
	links []Link
}

func (s *linkSet) has(k linkKey) bool {
	_, dup := s.seen[k]
	return dup
}

func (s *linkSet) add(l Link) {
	k := l.key()
	if !s.has(k) {
		s.insert(k, l)
	}
}

// insert adds l, whose key k the set does not hold.
func (s *linkSet) insert(k linkKey, l Link) {
	if s.seen == nil {
		s.seen, _ = seenMaps.Get().(map[linkKey]struct{})
		if s.seen == nil {
			s.seen = make(map[linkKey]struct{})
		}
	}
	s.seen[k] = struct{}{}
	s.links = append(s.links, l)
}

func (l *Link) key() linkKey {
	return linkKey{url: l.URL, hop: l.Hop, element: l.Element, attr: l.Attr, place: l.Place}
}

// seenMaps recycles the duplicate filters of linkSets: a page's links are
// a few hundred, and growing a new map for each page was the largest
// allocation of link extraction.
var seenMaps sync.Pool

// maxPooledSeen bounds the filters kept for reuse: a cleared map keeps its
// size, and a page of 100,000 links must not pin one.
const maxPooledSeen = 4096

// done returns the set's duplicate filter for reuse; the set must not be
// added to again. The links stay.
func (s *linkSet) done() {
	if s.seen != nil && len(s.seen) <= maxPooledSeen {
		clear(s.seen)
		seenMaps.Put(s.seen)
	}
	s.seen = nil
}
