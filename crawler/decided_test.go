package crawler

import (
	"net/http"
	"testing"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/policy"
)

func testCrawler(t *testing.T, seed string) *Crawler {
	t.Helper()
	sc := policy.DefaultScopeConfig()
	sc.Seeds = []string{seed}
	scope, err := policy.NewScope(sc)
	if err != nil {
		t.Fatal(err)
	}
	cr, err := New(Config{Seeds: []string{seed}, Scope: scope, Transport: http.DefaultTransport, Sink: SinkFunc(func(Event) {})})
	if err != nil {
		t.Fatal(err)
	}
	return cr
}

// TestDecidedCacheKeepsPathDependentRefusals: a repeated outlink is decided
// once, but a refusal that depends on the path it was found by (an off-site
// embed two embeds deep) does not stop the same link being queued from a page
// where it is allowed.
func TestDecidedCacheKeepsPathDependentRefusals(t *testing.T) {
	cr := testCrawler(t, "https://minusma.unmissions.org/en")
	widget := extract.Link{URL: "https://platform.twitter.com/widgets.js", Hop: policy.HopEmbed}
	deep := Item{URL: "https://www.youtube.com/embed/x", HopPath: "LE"} // off-site: its embeds are 2 hops away
	cr.enqueueLinks(deep, []extract.Link{widget})
	if got := cr.frontier.Stats().Queued; got != 0 {
		t.Fatalf("an off-site page's embed was queued (%d)", got)
	}
	page := Item{URL: "https://minusma.unmissions.org/en/history", HopPath: "L"}
	cr.enqueueLinks(page, []extract.Link{widget})
	if got := cr.frontier.Stats().Queued; got != 1 {
		t.Fatalf("the widget embedded by an in-scope page was not queued after a path-dependent refusal (%d)", got)
	}
	menu := extract.Link{URL: "https://minusma.unmissions.org/en/about-minusma", Hop: policy.HopLink}
	for range 3 {
		cr.enqueueLinks(page, []extract.Link{menu})
	}
	if !cr.decided.has(decidedKey(menu.URL, byte(menu.Hop))) || cr.frontier.Stats().Seen != 2 {
		t.Errorf("a repeated menu link was not remembered as decided (seen %d)", cr.frontier.Stats().Seen)
	}
}

func TestDecidedCacheIsBounded(t *testing.T) {
	c := newDecidedCache(4) // two generations of 2
	for _, k := range []string{"a", "b", "c", "d", "e"} {
		c.add(k)
		if k == "c" || k == "d" {
			c.has("a") // a link every page repeats moves back to the current generation
		}
	}
	if c.len() > 4 || !c.has("e") || !c.has("a") {
		t.Errorf("cache of %d entries (max 4); has the newest: %v, the repeated one: %v", c.len(), c.has("e"), c.has("a"))
	}
	if c.has("b") {
		t.Error("a link seen once outlived two generations")
	}
}
