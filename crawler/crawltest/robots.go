package crawltest

import (
	"strconv"
	"strings"
	"time"
)

// robotsTxt is the site's robots.txt: Drupal 7's, trimmed, with the
// Crawl-delay line only when delay > 0.
func robotsTxt(delay time.Duration) string {
	var b strings.Builder
	b.WriteString(`#
# robots.txt
#
# This file is to prevent the crawling and indexing of certain parts
# of your site by web crawlers and spiders run by sites like Yahoo!
# and Google.
#
# For more information about the robots.txt standard, see:
# http://www.robotstxt.org/robotstxt.html

User-agent: *
`)
	if delay > 0 {
		b.WriteString("Crawl-delay: " + strconv.FormatFloat(delay.Seconds(), 'f', -1, 64) + "\n")
	}
	b.WriteString(`# Directories
Disallow: /includes/
Disallow: /scripts/
# Files
Disallow: /CHANGELOG.txt
Disallow: /install.php
# Paths (clean URLs)
Disallow: /admin/
Disallow: /user/
# Paths (no clean URLs)
Disallow: /?q=admin/
Disallow: /?q=user/

Sitemap: https://minusma.unmissions.org/sitemap.xml
`)
	return b.String()
}
