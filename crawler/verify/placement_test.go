package verify

import (
	"fmt"
	"testing"

	"github.com/salvage-archive/salvage/policy"
)

// TestGroupSitewideLinkIsOneFix: a dead link in a footer block on 120 pages
// and in the body of one page is two fixes, the footer first; an ok link
// gets placements but no fix.
func TestGroupSitewideLinkIsOneFix(t *testing.T) {
	dead := Link{URL: "https://soundcloud.com/mikado-fm", Class: policy.ClassNotFound}
	for i := range 120 {
		page := fmt.Sprintf("https://example.org/en/news/%d", i)
		dead.Appearances = append(dead.Appearances, Appearance{Page: page, Element: "a", Text: "SoundCloud", Place: "footer #block-on-the-web-0"})
		if i == 7 {
			dead.Appearances = append(dead.Appearances, Appearance{Page: page, Element: "a", Text: "our radio", Place: "#content"})
		}
	}
	ok := Link{URL: "https://example.org/en", Class: policy.ClassOK,
		Appearances: []Appearance{{Page: "https://example.org/en/a", Element: "a", Place: "nav"}}}
	gone := Link{URL: "https://example.org/old.pdf", Class: policy.ClassNotFound,
		Appearances: []Appearance{{Page: "https://example.org/en/a", Element: "a", Place: "#content"}, {Page: "https://example.org/en/b", Element: "a", Place: "#content"}}}
	r := &Report{Links: []Link{ok, gone, dead}}
	r.Group()
	r.Group() // idempotent
	want := []Fix{
		{URL: dead.URL, Class: policy.ClassNotFound, Place: "footer #block-on-the-web-0", Pages: 120},
		{URL: gone.URL, Class: policy.ClassNotFound, Place: "#content", Pages: 2},
		{URL: dead.URL, Class: policy.ClassNotFound, Place: "#content", Pages: 1},
	}
	if fmt.Sprint(r.ToFix) != fmt.Sprint(want) {
		t.Errorf("ToFix =\n%v\nwant\n%v", r.ToFix, want)
	}
	ps := r.Links[2].Placements
	if len(ps) != 2 || len(ps[0].Pages) != 120 || fmt.Sprint(ps[0].Texts) != "[SoundCloud]" || ps[1].Place != "#content" {
		t.Errorf("placements of the footer link: %+v", ps)
	}
	if len(r.Links[0].Placements) != 1 {
		t.Errorf("ok link placements: %+v", r.Links[0].Placements)
	}
}
