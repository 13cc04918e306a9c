package extract

import (
	"strings"
	"testing"
)

// placeOfLink extracts markup and returns the place of the link to target.
func placeOfLink(t *testing.T, markup, target string) string {
	t.Helper()
	for _, l := range HTML(parseDoc(t, markup), mustURL(t, "https://example.org/")) {
		if l.URL == target {
			return l.Place
		}
	}
	t.Fatalf("no link to %s in %s", target, markup)
	return ""
}

func TestPlaceOf(t *testing.T) {
	const target = "https://soundcloud.com/x"
	link := `<a href="` + target + `">SoundCloud</a>`
	for _, tc := range []struct{ name, markup, want string }{
		{"id inside a landmark", `<footer><div id="block-on-the-web-0" class="block"><ul><li>` + link + `</li></ul></div></footer>`, "footer #block-on-the-web-0"},
		{"landmark inside an id", `<div id="page"><nav><ul><li>` + link + `</li></ul></nav></div>`, "#page nav"},
		{"landmark with its own id", `<footer id="colophon"><p>` + link + `</p></footer>`, "footer#colophon"},
		{"ARIA role as landmark", `<div role="contentinfo"><p>` + link + `</p></div>`, "footer"},
		{"only an id", `<div id="sidebar-first"><div class="content">` + link + `</div></div>`, "#sidebar-first"},
		{"block class over a nearer class", `<div class="block-social"><div class="content"><span class="x">` + link + `</span></div></div>`, "div.block-social"},
		{"nearest class without a block", `<div class="wrap"><p class="lead">` + link + `</p></div>`, "p.lead"},
		{"nothing", `<p>` + link + `</p>`, "body"},
		{"head", `<head><link rel="stylesheet" href="` + target + `"></head>`, "head"},
		{"the link's own id does not count", `<main><a id="me" href="` + target + `">x</a></main>`, "main"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := placeOfLink(t, tc.markup, target); got != tc.want {
				t.Errorf("place = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestPlaceOfMinusma: the homepage's footer links name their Drupal block.
func TestPlaceOfMinusma(t *testing.T) {
	doc := parseDoc(t, string(readMinusma(t)))
	places := map[string]int{}
	for _, l := range HTML(doc, mustURL(t, minusmaPage)) {
		if l.Place == "" {
			t.Errorf("%s has no place", l.URL)
		}
		places[l.Place]++
	}
	if places["body"] > len(places) {
		t.Errorf("most links fell back to body: %v", places)
	}
	found := false
	for p := range places {
		found = found || strings.HasPrefix(p, "#") || strings.Contains(p, " #")
	}
	if !found {
		t.Errorf("no place names an id: %v", places)
	}
	t.Logf("places: %v", places)
}
