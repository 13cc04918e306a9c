package extract

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/url"
	"strings"

	"github.com/salvage-archive/salvage/policy"
)

// Sitemap returns the <loc> URLs of a sitemap or sitemap index (sitemaps.org
// protocol), each as an S hop. It reads the XML as a token stream.
func Sitemap(body []byte, base *url.URL) []Link {
	links, _ := SitemapReader(bytes.NewReader(body), base)
	return links
}

// SitemapReader is Sitemap over a reader; a syntax error ends the list early
// and is returned with what was found before it.
func SitemapReader(r io.Reader, base *url.URL) ([]Link, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	var links []Link
	inLoc := false
	var loc strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return links, nil
		}
		if err != nil {
			return links, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			inLoc = t.Name.Local == "loc"
			loc.Reset()
		case xml.CharData:
			if inLoc && loc.Len() < maxPDFString {
				loc.Write(t)
			}
		case xml.EndElement:
			if inLoc && t.Name.Local == "loc" {
				links = appendSitemapLink(links, strings.TrimSpace(loc.String()), base)
			}
			inLoc = false
		}
	}
}

func appendSitemapLink(links []Link, raw string, base *url.URL) []Link {
	if raw == "" {
		return links
	}
	u, err := base.Parse(raw)
	if err != nil {
		return links
	}
	return append(links, Link{URL: u.String(), Hop: policy.HopSitemap, Element: "sitemap", Attr: "loc"})
}
