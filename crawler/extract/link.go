package extract

import (
	"slices"
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

// seenMaps and scratchLinks recycle what an HTML extraction grows and
// drops: the duplicate filter and the slice links are gathered in (a page
// has a few hundred; growing both from nothing for every page was most of
// what link extraction allocated). The links returned are a copy of the
// exact size.
var seenMaps, scratchLinks sync.Pool

// maxPooled bounds the filters and slices kept for reuse: a cleared map
// keeps its size, and a page of 100,000 links must not pin one.
const maxPooled = 4096

// pooledLinkSet returns an empty set whose slice comes from the pool; its
// links must be taken with done.
func pooledLinkSet() linkSet {
	var s linkSet
	if p, ok := scratchLinks.Get().(*[]Link); ok {
		s.links = (*p)[:0]
	}
	return s
}

// done returns the set's links and gives its filter and slice back for
// reuse; the set must not be used again.
func (s *linkSet) done() []Link {
	if s.seen != nil && len(s.seen) <= maxPooled {
		clear(s.seen)
		seenMaps.Put(s.seen)
	}
	s.seen = nil
	var links []Link
	if len(s.links) > 0 {
		links = slices.Clone(s.links)
	}
	if s.links != nil && cap(s.links) <= maxPooled {
		clear(s.links) // no strings pinned
		scratch := s.links[:0]
		scratchLinks.Put(&scratch)
	}
	s.links = nil
	return links
}
