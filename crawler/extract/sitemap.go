package extract

import (
	"bytes"
	"io"
	"net/url"
)

// Sitemap returns the <loc> URLs of a sitemap or sitemap index (sitemaps.org
// protocol), each as an S hop. It reads the XML as a token stream.
func Sitemap(body []byte, base *url.URL) []Link {
	links, _ := SitemapReader(bytes.NewReader(body), base)
	return links
}

// SitemapReader is Sitemap over a reader; a syntax error ends the list early
// and is returned with what was found before it. It collects the links: use
// ScanXML to stream a large sitemap instead.
func SitemapReader(r io.Reader, base *url.URL) ([]Link, error) {
	var links []Link
	_, err := ScanXML(r, base, XMLSitemaps, func(l Link) { links = append(links, l) })
	return links, err
}
