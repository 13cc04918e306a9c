package main

import (
	"github.com/salvage-archive/salvage/cmd/internal/folder"

	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/crawler/crawltest"
)

// readCrawlJSONL returns the fetched entries of crawl.jsonl by URL.
func readCrawlJSONL(t *testing.T, out string) map[string]folder.LogEntry {
	t.Helper()
	f, err := os.Open(filepath.Join(out, "crawl.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := map[string]folder.LogEntry{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var e folder.LogEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("crawl.jsonl: %v", err)
		}
		if e.Event == "fetched" {
			got[e.URL] = e
		}
	}
	return got
}

// checkDiscovery: the pages only discovery reaches are in the WARC files, and
// crawl.log says how each was found: S from a sitemap (with its lastmod), L
// from the RSS feed, L from an English page's hreflang alternate.
func checkDiscovery(t *testing.T, out string, a archive, m crawltest.Manifest) {
	log := readCrawlJSONL(t, out)
	heritrix := readFileString(t, filepath.Join(out, "crawl.log"))
	for _, tc := range []struct {
		name string
		urls []string
		hop  byte
		via  []string
	}{
		{"sitemap-only", m.SitemapOnly, 'S', []string{"https://minusma.unmissions.org/sitemap-pages.xml", "https://minusma.unmissions.org/sitemap-archive.xml.gz"}},
		{"feed-only", m.FeedOnly, 'L', []string{"https://minusma.unmissions.org/en/rss.xml"}},
		{"hreflang-only", m.HreflangOnly, 'L', []string{"https://minusma.unmissions.org/en/history", "https://minusma.unmissions.org/en/leadership"}},
	} {
		vias := map[string]bool{}
		for _, u := range tc.urls {
			e, ok := log[u]
			switch {
			case len(a.responses[u]) != 1:
				t.Errorf("%s %s: %d WARC captures, want 1", tc.name, u, len(a.responses[u]))
			case !ok || e.Status != 200:
				t.Errorf("%s %s: crawl.log entry %+v", tc.name, u, e)
			case e.HopPath == "" || e.HopPath[len(e.HopPath)-1] != tc.hop || !slices.Contains(tc.via, e.Via):
				t.Errorf("%s %s: hop path %q via %s; want last hop %c via one of %v", tc.name, u, e.HopPath, e.Via, tc.hop, tc.via)
			case tc.hop == 'S' && !slices.ContainsFunc(e.Annotations, func(s string) bool { return strings.HasPrefix(s, "lastmod:") }):
				t.Errorf("%s %s: no lastmod annotation in %v", tc.name, u, e.Annotations)
			}
			vias[e.Via] = true
		}
		if tc.name == "sitemap-only" && len(vias) != 2 {
			t.Errorf("sitemap-only pages came from %v; want both the plain and the gzipped sitemap", vias)
		}
	}
	if !strings.Contains(heritrix, " https://minusma.unmissions.org/en/archives-2013 ") || !strings.Contains(heritrix, "lastmod:2014-01-10") {
		t.Errorf("crawl.log lacks the gzipped sitemap's page with its lastmod")
	}
	for _, u := range m.Discovery {
		if len(a.responses[u]) < 1 {
			t.Errorf("discovery file %s not archived", u)
		}
	}
	checkLanguages(t, out, m)
}

// checkLanguages: summary.json reports the English (/en) and French (/)
// trees; English pages without a French version are listed, those whose
// French version only hreflang names are not, and every French page has its
// English version.
func checkLanguages(t *testing.T, out string, m crawltest.Manifest) {
	sum := loadSummary(t, out)
	rep := sum.Languages
	trees := map[string]folder.LanguageTree{}
	if rep != nil {
		for _, tr := range rep.Trees {
			trees[tr.Lang] = tr
		}
	}
	en, fr := trees["en"], trees["fr"]
	if en.Root != "/en" || fr.Root != "/" || fr.Versions["en"] != fr.Pages || en.Versions["fr"] != len(m.Translations) {
		t.Errorf("trees %+v; want en at /en with %d French versions (the replica's translations), fr at /, every French page paired", rep.Trees, len(m.Translations))
	}
	missing := map[string]bool{}
	for _, mv := range rep.Missing {
		missing[mv.URL] = true
	}
	for en, frURL := range m.Translations {
		if missing[en] || missing[frURL] {
			t.Errorf("%s and %s are translations (switcher or hreflang), yet listed as missing one", en, frURL)
		}
	}
	for _, u := range m.SwitcherFallback {
		if _, translated := m.Translations[u]; !translated && !missing[u] {
			t.Errorf("%s has no French version (its switcher falls back to /), yet is not listed as missing one", u)
		}
	}
	if rep.MissingTotal < len(m.SwitcherFallback)-len(m.Translations) {
		t.Errorf("missingTotal %d; want at least the %d pages whose switcher falls back", rep.MissingTotal, len(m.SwitcherFallback)-len(m.Translations))
	}
}

// TestCrawlSitemapsOff: --sitemaps=false reads no sitemap, so the pages only
// a sitemap lists are not fetched, while feeds and hreflang still work.
func TestCrawlSitemapsOff(t *testing.T) {
	r := startReplica(t, crawltest.Config{Articles: 1})
	out := t.TempDir()
	args := append([]string{"crawl", "--out", out, "--delay", "0", "--progress", "off", "--sitemaps=false",
		"--max-stream-time", "1s", "--offline-report"}, replicaArgs(t, r)...)
	res := salvage(context.Background(), append(args, minusmaSeed)...)
	if res.code != 0 {
		t.Fatalf("exit %d\nstderr:\n%s", res.code, res.stderr)
	}
	a := readArchive(t, out)
	m := r.Manifest()
	for _, u := range append(m.SitemapOnly, "https://minusma.unmissions.org/sitemap.xml") {
		if a.requests[u] > 0 {
			t.Errorf("--sitemaps=false fetched %s", u)
		}
	}
	for _, u := range append(m.FeedOnly, m.HreflangOnly...) {
		if len(a.responses[u]) != 1 {
			t.Errorf("%s: %d captures with --sitemaps=false, want 1 (feeds and hreflang stay on)", u, len(a.responses[u]))
		}
	}
}
