package extract

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestPageLanguage(t *testing.T) {
	page, _ := url.Parse("https://minusma.unmissions.org/en/history")
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(`<!DOCTYPE html><html lang="en-GB"><head>
<base href="https://minusma.unmissions.org/base/">
<link rel="alternate" hreflang="fr" href="/histoire">
<link rel="Alternate Canonical" hreflang="x-default" href="history">
<link rel="alternate" type="application/rss+xml" href="/en/rss.xml">
<link rel="next" hreflang="de" href="/de/x">
<link rel="alternate" hreflang="ar" href="mailto:x@y">
</head><body></body></html>`))
	if err != nil {
		t.Fatal(err)
	}
	l := PageLanguage(doc, page)
	var got []string
	for _, a := range l.Alternates {
		got = append(got, a.Lang+" "+a.URL)
	}
	want := []string{"fr https://minusma.unmissions.org/histoire", "x-default https://minusma.unmissions.org/base/history"}
	if l.Lang != "en-GB" || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lang %q alternates %v; want en-GB %v", l.Lang, got, want)
	}
}
