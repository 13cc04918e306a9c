package crawler

import (
	"net/url"
	"os"
	"reflect"
	"testing"
)

// TestBodyLinksFeedElementsOnlyWhenWanted: the MINUSMA homepage's Twitter
// and Flickr blocks are collected for feed detection by default and not at
// all when nobody reads them (salvage crawl --no-report), while its links and
// language are the same either way.
func TestBodyLinksFeedElementsOnlyWhenWanted(t *testing.T) {
	body, err := os.ReadFile("../testdata/minusma-home.html")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := url.Parse("https://minusma.unmissions.org/en")
	links, elements, lang := bodyLinks(kindHTML, body, page, true)
	links2, elements2, lang2 := bodyLinks(kindHTML, body, page, false)
	if len(elements) == 0 {
		t.Fatal("no feed elements collected from the homepage")
	}
	if elements2 != nil {
		t.Errorf("%d feed elements collected though not wanted", len(elements2))
	}
	if len(links) == 0 || len(links) != len(links2) || !reflect.DeepEqual(lang, lang2) {
		t.Errorf("links %d vs %d, language %+v vs %+v", len(links), len(links2), lang, lang2)
	}
}
