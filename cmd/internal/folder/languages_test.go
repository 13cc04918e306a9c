package folder

import (
	"bytes"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/crawler/extract"
)

func page(u, lang string, alternates ...string) crawler.Event {
	ev := crawler.Event{Kind: crawler.EventFetched, URL: u, Status: 200, ContentType: "text/html; charset=utf-8",
		Language: extract.Language{Lang: lang}}
	for i := 0; i+1 < len(alternates); i += 2 {
		ev.Language.Alternates = append(ev.Language.Alternates, extract.Alternate{Lang: alternates[i], URL: alternates[i+1]})
	}
	return ev
}

func TestLanguageCoverage(t *testing.T) {
	const o = "https://x.org"
	dir := t.TempDir()
	lc := newLangCoverage(dir)
	for _, ev := range []crawler.Event{
		page(o+"/en", "en", "fr", o+"/"),
		page(o+"/", "fr-FR", "en", o+"/en"),
		page(o+"/en/a", "en", "fr", o+"/a", "x-default", o+"/en/a"), // both named each other
		page(o+"/a", "fr", "en", o+"/en/a"),
		page(o+"/en/b", "en", "fr", o+"/b"), // named, never archived
		page(o+"/en/c", "en"),               // names nothing; /c names it
		page(o+"/c", "fr", "en", o+"/en/c"),
		page(o+"/en/d", "en"),   // no French version at all
		page(o+"/en/e", ""),     // language from the path
		page(o+"/misc/raw", ""), // unknown language: not compared
		{Kind: crawler.EventFetched, URL: o + "/en/f", Status: 404, ContentType: "text/html"},
		{Kind: crawler.EventFetched, URL: o + "/x.pdf", Status: 200, ContentType: "application/pdf"},
	} {
		lc.add(ev)
	}
	rep, err := lc.report()
	if err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("spill files left behind: %v", left)
	}
	var trees []string
	for _, tr := range rep.Trees {
		trees = append(trees, tr.Lang+" "+tr.Root+" "+strconv.Itoa(tr.Pages)+" fr:"+strconv.Itoa(tr.Versions["fr"])+" en:"+strconv.Itoa(tr.Versions["en"]))
	}
	if got, want := strings.Join(trees, "|"), "en /en 6 fr:3 en:0|fr / 3 fr:0 en:3|und / 1 fr:0 en:0"; got != want {
		t.Errorf("trees %s\nwant  %s", got, want)
	}
	var missing []string
	for _, m := range rep.Missing {
		missing = append(missing, m.URL+" "+m.Missing+" "+m.Alternate)
	}
	want := []string{o + "/en/b fr " + o + "/b", o + "/en/d fr ", o + "/en/e fr "}
	if strings.Join(missing, "|") != strings.Join(want, "|") || rep.MissingTotal != 3 {
		t.Errorf("missing %q (total %d)\nwant %q", missing, rep.MissingTotal, want)
	}
	var out bytes.Buffer
	printLanguages(&out, rep)
	for _, line := range []string{"language en (/en): 6 pages, 3 with a fr version", "language fr (/): 3 pages, 3 with a en version", "3 page(s) lack a version"} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("printed summary lacks %q:\n%s", line, out.String())
		}
	}
}

// TestLanguageCoverageSources: of two alternates in one language the
// stronger source is kept, a missing version says which markup named it,
// and an embedded HTML document is no page of a tree.
func TestLanguageCoverageSources(t *testing.T) {
	const o = "https://x.org"
	dir := t.TempDir()
	lc := newLangCoverage(dir)
	en := page(o+"/en/a", "en")
	en.Language.Alternates = []extract.Alternate{
		{Lang: "fr", URL: o + "/b", Source: extract.SourceSwitcher},
		{Lang: "fr-FR", URL: o + "/a", Source: extract.SourceLinkHreflang},
		{Lang: "de", URL: o + "/de/a", Source: extract.SourceAnchorLang},
	}
	en.Language.Fallbacks = 1
	lc.add(en)
	lc.add(page(o+"/a", "fr"))
	lc.add(page(o+"/de/b", "de"))
	player := page("https://www.youtube.com/embed/x", "en")
	player.HopPath = "LE"
	lc.add(player) // an iframe's document: not a page of the en tree
	rep, err := lc.report()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Trees[1].Lang != "en" || rep.Trees[1].Pages != 1 || rep.Trees[1].Versions["fr"] != 1 {
		t.Errorf("trees %+v; want /en/a paired with /a, its <link hreflang> alternate", rep.Trees)
	}
	wantDe := MissingVersion{URL: o + "/en/a", Lang: "en", Missing: "de", Alternate: o + "/de/a", Source: "a-lang"}
	if !slices.Contains(rep.Missing, wantDe) || rep.Fallbacks != 1 {
		t.Errorf("missing %+v fallbacks %d; want %+v among them and 1", rep.Missing, rep.Fallbacks, wantDe)
	}
}

// TestLanguageCoverageReciprocal: a French page named by two English pages
// (an events page and its mini-calendar views, whose switchers all name it)
// is the translation of the one it names back; the others lack a version.
func TestLanguageCoverageReciprocal(t *testing.T) {
	const o = "https://x.org"
	lc := newLangCoverage(t.TempDir())
	lc.add(page(o+"/en/events", "en", "fr", o+"/evenements"))
	lc.add(page(o+"/en/events?mini=2023-11", "en", "fr", o+"/evenements"))
	lc.add(page(o+"/evenements", "fr", "en", o+"/en/events"))
	lc.add(page(o+"/en/about", "en", "fr", o+"/a-propos")) // names a page that names nothing back: a pair
	lc.add(page(o+"/a-propos", "fr"))
	rep, err := lc.report()
	if err != nil {
		t.Fatal(err)
	}
	trees := map[string]LanguageTree{}
	for _, tr := range rep.Trees {
		trees[tr.Lang] = tr
	}
	if trees["en"].Versions["fr"] != 2 || trees["fr"].Versions["en"] != 2 {
		t.Errorf("trees %+v; want 2 pairs each way (/en/events and /en/about)", rep.Trees)
	}
	missing := map[string]bool{}
	for _, m := range rep.Missing {
		missing[m.URL] = true
	}
	if !missing[o+"/en/events?mini=2023-11"] || missing[o+"/en/events"] {
		t.Errorf("missing %+v; want the mini-calendar view only", rep.Missing)
	}
}
