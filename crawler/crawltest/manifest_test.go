package crawltest

import (
	"net/url"
	"strings"
	"testing"
)

func TestManifestIsCanonicalAndDisjoint(t *testing.T) {
	r, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	m := r.Manifest()
	lists := map[string][]string{
		"Seeds": m.Seeds, "Pages": m.Pages, "Requisites": m.Requisites, "PDFs": m.PDFs, "Redirects": m.Redirects,
		"NotFound": m.NotFound, "RobotsDisallowed": m.RobotsDisallowed, "Traps": m.Traps, "Discovery": m.Discovery,
		"OffsiteRequisites": m.OffsiteRequisites, "Stream": {m.Stream},
		"SitemapOnly": m.SitemapOnly, "FeedOnly": m.FeedOnly, "HreflangOnly": m.HreflangOnly,
	}
	for u := range m.External {
		lists["External"] = append(lists["External"], u)
	}
	owner := map[string]string{}
	for name, urls := range lists {
		for _, u := range urls {
			checkCanonical(t, name, u)
			if name == "Seeds" || name == "OffsiteRequisites" {
				continue // seeds are pages; offsite requisites are External
			}
			if prev, dup := owner[u]; dup {
				t.Errorf("%s in both %s and %s", u, prev, name)
			}
			owner[u] = name
		}
	}
	for _, s := range m.Seeds {
		if owner[s] != "Pages" {
			t.Errorf("seed %s is not a page", s)
		}
	}
}

func checkCanonical(t *testing.T, list, u string) {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil || !p.IsAbs() || canonical(p) != u || strings.Contains(u, "#") {
		t.Errorf("%s: %q is not canonical (%q)", list, u, canonical(p))
	}
}

func TestManifestCounts(t *testing.T) {
	for _, tc := range []struct {
		articles, pages, requisites, pdfs int
	}{
		{0, 107, 169, 11}, // the default: 20 articles
		{1, 87, 150, 8},
		{25, 113, 174, 12},
		{3000, 3385, 3149, 607},
	} {
		r, err := New(Config{Articles: tc.articles})
		if err != nil {
			t.Fatal(err)
		}
		m := r.Manifest()
		if len(m.Pages) != tc.pages || len(m.Requisites) != tc.requisites || len(m.PDFs) != tc.pdfs {
			t.Errorf("articles %d: %d pages, %d requisites, %d PDFs; want %d, %d, %d",
				tc.articles, len(m.Pages), len(m.Requisites), len(m.PDFs), tc.pages, tc.requisites, tc.pdfs)
		}
		if len(m.Redirects) != 3 || len(m.NotFound) != 1 || len(m.RobotsDisallowed) != 2 || len(m.Traps) != 3 || len(m.External) != 34 || len(m.OffsiteRequisites) != 5 {
			t.Errorf("articles %d: fixed lists changed: %d redirects, %d not found, %d disallowed, %d traps, %d external, %d offsite requisites",
				tc.articles, len(m.Redirects), len(m.NotFound), len(m.RobotsDisallowed), len(m.Traps), len(m.External), len(m.OffsiteRequisites))
		}
	}
}

func TestCanonical(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"HTTPS://MINUSMA.unmissions.org:443/en", "https://minusma.unmissions.org/en"},
		{"http://minusma.unmissions.org:80", "http://minusma.unmissions.org/"},
		{"https://mikadofm.minusma.unmissions.org:8001/feed1", "https://mikadofm.minusma.unmissions.org:8001/feed1"},
		{"https://x.org/a-%c2%a0b?q=%2f", "https://x.org/a-%C2%A0b?q=%2F"},
		{"https://x.org/%7Euser/%41", "https://x.org/~user/A"},
		{"https://x.org/r%C3%A9solution%202640%20%282022%29.pdf", "https://x.org/r%C3%A9solution%202640%20%282022%29.pdf"},
		{"https://x.org/a/./b/../c", "https://x.org/a/c"},
		{"https://x.org/a?", "https://x.org/a"},
		{"https://x.org/a#frag", "https://x.org/a"},
		{"https://x.org/é it's", "https://x.org/%C3%A9%20it%27s"},
		{"https://x.org/(2022)", "https://x.org/(2022)"},
	} {
		if got := canonicalString(tc.in); got != tc.want {
			t.Errorf("canonical(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
