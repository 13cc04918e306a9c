package policy

// Hop is the kind of edge by which a URL was discovered, one letter per hop
// as in Heritrix hop paths ("LLE": link, link, embed).
type Hop byte

// Hop kinds.
const (
	HopLink        Hop = 'L' // a navigational link (a href, link rel=alternate, ...)
	HopEmbed       Hop = 'E' // an embedded resource (img, script, stylesheet, iframe, ...)
	HopRedirect    Hop = 'R' // an HTTP 3xx Location (a meta refresh is an L hop)
	HopSpeculative Hop = 'X' // a URL guessed from script text or similar
	HopSitemap     Hop = 'S' // a URL listed in a sitemap
	HopPrereq      Hop = 'P' // a prerequisite such as robots.txt
)

// String returns the hop as its one-letter code, or "?" for an unknown hop.
func (h Hop) String() string {
	switch h {
	case HopLink, HopEmbed, HopRedirect, HopSpeculative, HopSitemap, HopPrereq:
		return string(rune(h))
	}
	return "?"
}
