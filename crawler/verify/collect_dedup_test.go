package verify

import (
	"strings"
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

// The report's live checks take hosts in turn, so one host's backlog does
// not hold the others' checks.
func TestByHostInTurn(t *testing.T) {
	var links []*Link
	for _, u := range []string{"http://a.test/1", "http://a.test/2", "http://a.test/3", "http://b.test/1", "http://a.test/4", "http://c.test/1", "http://b.test/2"} {
		links = append(links, &Link{URL: u})
	}
	var got []string
	for _, l := range byHostInTurn(links) {
		got = append(got, l.URL)
	}
	want := "http://a.test/1 http://b.test/1 http://c.test/1 http://a.test/2 http://b.test/2 http://a.test/3 http://a.test/4"
	if strings.Join(got, " ") != want {
		t.Errorf("order %v, want %s", got, want)
	}
}
