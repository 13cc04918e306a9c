package extract

import (
	"encoding/xml"
	"errors"
	"io"
	"net/url"
	"strings"

	"github.com/salvage-archive/salvage/policy"
)

// XMLKind is what a scanned XML document turned out to be.
type XMLKind string

// The XML documents ScanXML reads links from.
const (
	XMLOther        XMLKind = ""
	XMLSitemap      XMLKind = "sitemap"      // <urlset>
	XMLSitemapIndex XMLKind = "sitemapindex" // <sitemapindex>
	XMLRSS          XMLKind = "rss"          // <rss> or RSS 1.0 <rdf:RDF>
	XMLAtom         XMLKind = "atom"         // <feed>
)

// XMLWant selects the document kinds ScanXML reads.
type XMLWant int

// XMLWant flags.
const (
	XMLSitemaps XMLWant = 1 << iota // sitemaps and sitemap indexes
	XMLFeeds                        // RSS and Atom feeds
)

const maxXMLText = 8 << 10 // a <loc> or <link> longer than this is not followed

// ScanXML streams a sitemap, sitemap index, RSS or Atom document from r and
// calls emit for each URL as soon as its element closes, so a sitemap of
// millions of URLs is never held whole. Sitemap entries are S hops carrying
// their <lastmod>; feed links (RSS item and channel <link>, <enclosure url>,
// Atom <link href>) are L hops. It returns the kind found from the root
// element, and stops at once (XMLOther) for any other XML or a kind not in
// want. A syntax error ends the scan; links emitted before it stand.
func ScanXML(r io.Reader, base *url.URL, want XMLWant, emit func(Link)) (XMLKind, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	dec.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil } // URLs are ASCII
	s := &xmlScan{base: base, emit: emit}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return s.kind, nil
		}
		if err != nil {
			return s.kind, err
		}
		if !s.token(tok, want) {
			return XMLOther, nil
		}
	}
}

// xmlScan is ScanXML's state: the document kind, the element whose text is
// being collected, and the current sitemap entry.
type xmlScan struct {
	base    *url.URL
	emit    func(Link)
	kind    XMLKind
	cur     string
	text    strings.Builder
	loc     string
	lastmod string
}

// token handles one token; false means the document is not wanted.
func (s *xmlScan) token(tok xml.Token, want XMLWant) bool {
	switch t := tok.(type) {
	case xml.StartElement:
		if s.kind == XMLOther {
			s.kind = rootKind(t.Name.Local)
			return s.kind != XMLOther && wanted(s.kind, want)
		}
		s.start(t)
	case xml.CharData:
		if s.cur != "" && s.text.Len() < maxXMLText {
			s.text.Write(t)
		}
	case xml.EndElement:
		s.end(t.Name.Local)
	}
	return true
}

func rootKind(name string) XMLKind {
	switch name {
	case "urlset":
		return XMLSitemap
	case "sitemapindex":
		return XMLSitemapIndex
	case "rss", "RDF":
		return XMLRSS
	case "feed":
		return XMLAtom
	}
	return XMLOther
}

func wanted(k XMLKind, want XMLWant) bool {
	if k == XMLSitemap || k == XMLSitemapIndex {
		return want&XMLSitemaps != 0
	}
	return want&XMLFeeds != 0
}

func (s *xmlScan) start(t xml.StartElement) {
	name := t.Name.Local
	switch {
	case s.kind == XMLAtom && name == "link":
		s.atomLink(t)
		return
	case s.kind == XMLRSS && name == "enclosure":
		s.add(attrValue(t, "url"), policy.HopLink, "rss", "enclosure", "")
		return
	case (s.kind == XMLSitemap || s.kind == XMLSitemapIndex) && (name == "url" || name == "sitemap"):
		s.loc, s.lastmod = "", ""
	}
	if s.collects(name) {
		s.cur = name
		s.text.Reset()
	}
}

// collects says whether an element's text is a URL or a date to keep.
func (s *xmlScan) collects(name string) bool {
	switch s.kind {
	case XMLSitemap, XMLSitemapIndex:
		return name == "loc" || name == "lastmod"
	case XMLRSS:
		return name == "link"
	}
	return false
}

func (s *xmlScan) end(name string) {
	if name == s.cur {
		v := strings.TrimSpace(s.text.String())
		switch name {
		case "loc":
			s.loc = v
		case "lastmod":
			s.lastmod = v
		case "link":
			s.add(v, policy.HopLink, "rss", "link", "")
		}
		s.cur = ""
		return
	}
	if name == "url" || name == "sitemap" {
		s.add(s.loc, policy.HopSitemap, string(s.kind), "loc", s.lastmod)
		s.loc, s.lastmod = "", ""
	}
}

// atomLink follows <link href> unless its rel says it is the feed itself or
// an edit endpoint.
func (s *xmlScan) atomLink(t xml.StartElement) {
	rel := strings.ToLower(attrValue(t, "rel"))
	switch rel {
	case "self", "edit", "edit-media", "hub":
		return
	case "":
		rel = "alternate"
	}
	s.add(attrValue(t, "href"), policy.HopLink, "atom", rel, "")
}

func (s *xmlScan) add(raw string, hop policy.Hop, element, attr, lastmod string) {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > maxXMLText {
		return
	}
	u, err := s.base.Parse(raw)
	if err != nil {
		return
	}
	s.emit(Link{URL: u.String(), Hop: hop, Element: element, Attr: attr, Lastmod: lastmod})
}

func attrValue(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
