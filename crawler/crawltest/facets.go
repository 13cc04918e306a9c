package crawltest

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// The faceted search is a trap only by its content: its URLs carry no
// date, repeat no segment and stay short (at most two filters), yet there
// is no end to them. /en/search?f[0]=tags:A (linked from /en/news-stories,
// brackets and colon percent-encoded as Drupal's Facet API writes them)
// links three narrower searches f[0]=tags:A&f[1]=tags:B; a search filtered
// by A and B links f[0]=tags:B&f[1]=tags:C for three new tags C and the
// search by A alone. Tag numbers grow without bound. Every result it lists
// is a news page other pages link already: crawling it adds nothing.

const searchPath = "/en/search"

// facetEntry is the tag the site links.
const facetEntry = 2

// facetHref is the search filtered by tags, in order.
func facetHref(tags ...int) string {
	args := make([]string, len(tags))
	for i, t := range tags {
		args[i] = fmt.Sprintf("f%%5B%d%%5D=tags%%3A%d", i, t)
	}
	return searchPath + "?" + strings.Join(args, "&")
}

// narrower are the three tags a search ending with tag offers to add.
func narrower(tag int) []int { return []int{2 * tag, 2*tag + 1, 3*tag + 2} }

// facetTags parses f[0]=tags:A and an optional f[1]=tags:B, and nothing else.
func facetTags(q url.Values) ([]int, bool) {
	if len(q) < 1 || len(q) > 2 {
		return nil, false
	}
	tags := make([]int, len(q))
	for i := range tags {
		vs := q[fmt.Sprintf("f[%d]", i)]
		if len(vs) != 1 {
			return nil, false
		}
		n, ok := number(strings.TrimPrefix(vs[0], "tags:"), 1_000_000_000)
		if !ok || n == 0 || !strings.HasPrefix(vs[0], "tags:") {
			return nil, false
		}
		tags[i] = n
	}
	return tags, true
}

// facetRoute serves /en/search with one or two tag filters.
func (s *site) facetRoute(r *http.Request) (response, bool) {
	if r.URL.Path != searchPath {
		return response{}, false
	}
	tags, ok := facetTags(r.URL.Query())
	if !ok {
		return response{}, false
	}
	ns := s.pages["/en/news-stories"]
	v := pageView{Path: facetHref(tags...), Title: "Search", Lang: "en", NID: s.nid[ns], BodyClass: "page-search",
		Crumbs: append(s.crumbs(ns), link{ns.Path, ns.Title}), Content: facetBlock(tags) + s.facetResults(tags)}
	return htmlResponse(http.StatusOK, s.theme.render(v), "en", siteOrigin+v.Path, siteEpoch), true
}

func tagName(tag int) string { return pick(prosePlaces, tag) }

// facetBlock is the current filters and the narrower searches.
func facetBlock(tags []int) string {
	var b strings.Builder
	last := tags[len(tags)-1]
	b.WriteString("<div class=\"current-search\">Filtered by: ")
	for _, t := range tags {
		b.WriteString(htmlEscape(tagName(t)) + " ")
	}
	if len(tags) == 2 {
		fmt.Fprintf(&b, `(<a href="%s" class="facetapi-active">remove %s</a>)`, htmlEscape(facetHref(tags[0])), htmlEscape(tagName(last)))
	}
	b.WriteString("</div>\n<div class=\"block-facetapi\"><h2>Topics</h2><ul class=\"facetapi-facet\">\n")
	for _, t := range narrower(last) {
		fmt.Fprintf(&b, "<li class=\"leaf\"><a href=\"%s\" class=\"facetapi-inactive\">%s (%d)</a></li>\n",
			htmlEscape(facetHref(last, t)), htmlEscape(tagName(t)), 1+t%9)
	}
	b.WriteString("</ul></div>\n")
	return b.String()
}

// facetResults lists three dated news pages drawn from the tags.
func (s *site) facetResults(tags []int) string {
	var dated []link
	for _, p := range enPages {
		if p.Date != "" {
			dated = append(dated, link{p.Path, p.Title})
		}
	}
	seed := 0
	for _, t := range tags {
		seed = seed*31 + t
	}
	items := make([]link, 3)
	for i := range items {
		items[i] = dated[(seed+4*i)%len(dated)]
	}
	return "<p class=\"search-count\">3 results</p>\n" + listing(items)
}

// facetExamples are the entry and the searches it links.
func facetExamples() []string {
	out := []string{facetHref(facetEntry)}
	for _, t := range narrower(facetEntry) {
		out = append(out, facetHref(facetEntry, t))
	}
	return out
}
