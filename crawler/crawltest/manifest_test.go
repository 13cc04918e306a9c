package crawltest

import (
	"maps"
	"net/url"
	"slices"
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
		"SwitcherOnly": m.SwitcherOnly, "SwitcherFallback": m.SwitcherFallback, "RetryLater": {m.RetryLater},
	}
	for u := range m.External {
		lists["External"] = append(lists["External"], u)
	}
	for _, z := range m.SessionMazes {
		lists["SessionMazes"] = append(lists["SessionMazes"], z.Pages...)
		if !slices.Contains(z.Pages, z.Entry) {
			lists["SessionMazes"] = append(lists["SessionMazes"], z.Entry)
		}
	}
	for _, f := range m.TrapFamilies {
		lists["TrapFamilies"] = append(lists["TrapFamilies"], f.Example...)
	}
	for en, fr := range m.Translations {
		lists["Translations"] = append(lists["Translations"], en, fr)
	}
	owner := map[string]string{}
	for name, urls := range lists {
		for _, u := range urls {
			checkCanonical(t, name, u)
			if subsets[name] {
				continue // seeds are pages, offsite requisites External, and so on
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
	checkSubsets(t, m, owner)
}

// subsets are the manifest lists whose URLs other lists own.
var subsets = map[string]bool{"Seeds": true, "OffsiteRequisites": true, "SwitcherOnly": true, "SwitcherFallback": true, "Translations": true}

// checkSubsets: the subset lists name URLs of the lists that own them.
func checkSubsets(t *testing.T, m Manifest, owner map[string]string) {
	for _, u := range m.SwitcherOnly {
		if owner[u] != "Pages" || !slices.Contains(slices.Collect(maps.Values(m.Translations)), u) {
			t.Errorf("switcher-only %s: owned by %q, or not a translation", u, owner[u])
		}
	}
	for _, u := range m.SwitcherFallback {
		if o := owner[u]; o != "Pages" && o != "SitemapOnly" && o != "FeedOnly" || m.Translations[u] != "" && !slices.Contains(m.HreflangOnly, m.Translations[u]) {
			t.Errorf("switcher fallback %s: owned by %q, translation %q", u, o, m.Translations[u])
		}
	}
	for en, fr := range m.Translations {
		if owner[en] != "Pages" || owner[fr] != "Pages" && owner[fr] != "HreflangOnly" {
			t.Errorf("translation %s -> %s: owned by %q and %q", en, fr, owner[en], owner[fr])
		}
	}
	if owner[m.RetryLater] != "RetryLater" {
		t.Errorf("retry-later page %s is also in %s while it answers 503", m.RetryLater, owner[m.RetryLater])
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
		{0, 110, 188, 13}, // the default: 20 articles
		{1, 90, 169, 10},
		{25, 116, 193, 14},
		{3000, 3388, 3168, 609},
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
		if len(m.SessionMazes) != 4 || len(m.TrapFamilies) != 3 || len(m.Translations) != 17 || len(m.SwitcherOnly) != 5 {
			t.Errorf("articles %d: %d session mazes, %d trap families, %d translations, %d switcher-only",
				tc.articles, len(m.SessionMazes), len(m.TrapFamilies), len(m.Translations), len(m.SwitcherOnly))
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
