package extract_test

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/salvage-archive/salvage/crawler/extract"
)

func ExampleHTML() {
	page, _ := url.Parse("https://minusma.unmissions.org/en")
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(`
		<link rel="stylesheet" href="/sites/all/themes/unmpk/css/styles.css">
		<!--[if lt IE 9]><script src="/sites/all/themes/zen/js/html5-respond.js"></script><![endif]-->
		<a href="https://mikadofm.minusma.unmissions.org:8001/feed1">Radio</a>
		<img src="sites/all/modules/custom/ds_ytchannel/images/loader.gif" alt="loading">
		<a href="mailto:info@example.org">Write to us</a>`))
	for _, l := range extract.HTML(doc, page) {
		fmt.Printf("%c %s/%s %s %q\n", l.Hop, l.Element, l.Attr, l.URL, l.Text)
	}
	// Output:
	// E link/stylesheet https://minusma.unmissions.org/sites/all/themes/unmpk/css/styles.css ""
	// E script/src https://minusma.unmissions.org/sites/all/themes/zen/js/html5-respond.js ""
	// L a/href https://mikadofm.minusma.unmissions.org:8001/feed1 "Radio"
	// E img/src https://minusma.unmissions.org/sites/all/modules/custom/ds_ytchannel/images/loader.gif "loading"
	// L a/href mailto:info@example.org "Write to us"
}

func ExampleCSS() {
	base, _ := url.Parse("https://example.org/css/site.css")
	css := `@import url("print.css") print;
@font-face { src: url(fonts/a.woff2) format("woff2"), url(fonts/a.woff) format("woff") }`
	for _, l := range extract.CSS([]byte(css), base) {
		fmt.Println(l.Attr, l.URL)
	}
	// Output:
	// import https://example.org/css/print.css
	// url https://example.org/css/fonts/a.woff2
	// url https://example.org/css/fonts/a.woff
}

func ExamplePDFScanner() {
	base, _ := url.Parse("https://example.org/docs/report.pdf")
	pdf := strings.NewReader("%PDF-1.7\n1 0 obj << /Type /Annot /A << /S /URI /URI (annex\\(2\\).pdf) >> >> endobj\n")

	scanner := extract.NewPDFScanner(base)
	var archive strings.Builder // stands in for the WARC writer
	io.Copy(io.MultiWriter(&archive, scanner), pdf)
	for _, l := range scanner.Links() {
		fmt.Printf("%c %s\n", l.Hop, l.URL)
	}
	// Output:
	// L https://example.org/docs/annex(2).pdf
}
