package verify

import (
	"testing"

	"github.com/salvage-archive/salvage/crawler/extract"
)

// An appearance is recorded once: repeated on a page, or the same page
// added again (the same page in two archives); a link on two pages has two.
func TestAddPageRecordsEachAppearanceOnce(t *testing.T) {
	c := NewCollector(nil, nil)
	menu := extract.Link{URL: "https://a.example/en/news", Element: "a", Attr: "href", Text: "News"}
	other := extract.Link{URL: "https://a.example/en/about", Element: "a", Attr: "href", Text: "About"}
	c.AddPage("https://a.example/p1", []extract.Link{menu, other, menu})
	c.AddPage("https://a.example/p2", []extract.Link{menu})
	c.AddPage("https://a.example/p1", []extract.Link{menu, other})
	got := c.links["https://a.example/en/news"].Appearances
	if len(got) != 2 || got[0].Page != "https://a.example/p1" || got[1].Page != "https://a.example/p2" {
		t.Errorf("menu link appearances %+v, want p1 and p2 once each", got)
	}
	if got := c.links["https://a.example/en/about"].Appearances; len(got) != 1 {
		t.Errorf("about link appearances %+v, want one", got)
	}
}
