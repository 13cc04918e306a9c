package wacz

import (
	"html"
	"regexp"
	"strings"
	"time"

	"github.com/salvage-archive/salvage/warc"
)

// Page is one line of pages/pages.jsonl.
type Page struct {
	URL   string
	Time  time.Time
	Title string
}

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// Title is the text of the first <title> of an HTML document, unescaped, with its
// white space collapsed.
func Title(body []byte) string {
	m := titleRE.FindSubmatch(body)
	if m == nil {
		return ""
	}
	return strings.Join(strings.Fields(html.UnescapeString(string(m[1]))), " ")
}

// FindPages lists the seeds first (those archived, at their first capture, redirects
// included) and then every other HTML page archived with a 2xx, each once, at its first
// capture, with its title. An error names a WARC file that could not be read to its
// end; the pages read so far are returned.
func FindPages(warcs, seeds []string) ([]Page, error) {
	return FindPagesOver(nil, warcs, seeds)
}

// FindPagesOver is FindPages of warcs whose revisits refer into refs (an earlier
// crawl's WARC files): a page archived as a revisit, a 304 answer included, is a page
// with its original's title; the pages of refs themselves are not listed.
func FindPagesOver(refs, warcs, seeds []string) ([]Page, error) {
	first := map[string]found{}
	var order []string
	var firstErr error
	for doc, err := range warc.ArchivedDocumentsOver(refs, warcs, 1<<20) {
		if err != nil {
			firstErr = err
			continue
		}
		isHTML := doc.ContentType == "text/html" || doc.ContentType == "application/xhtml+xml"
		if _, seen := first[doc.URL]; seen || (!isHTML && doc.Status < 300) {
			continue
		}
		page := Page{URL: doc.URL, Time: doc.Date, Title: Title(doc.Body)}
		first[doc.URL] = found{page, isHTML && doc.Status < 300}
		order = append(order, doc.URL)
	}
	return orderPages(first, order, seeds), firstErr
}

// found is a first capture and whether it is a 2xx HTML page.
type found struct {
	Page
	html bool
}

// orderPages puts the seeds first, then the 2xx HTML pages in archive order.
func orderPages(first map[string]found, order, seeds []string) []Page {
	var pages []Page
	used := map[string]bool{}
	for _, s := range seeds {
		for _, u := range []string{s, s + "/"} {
			if f, ok := first[u]; ok && !used[u] {
				pages, used[u] = append(pages, f.Page), true
				break
			}
		}
	}
	for _, u := range order {
		if f := first[u]; f.html && !used[u] {
			pages, used[u] = append(pages, f.Page), true
		}
	}
	return pages
}
