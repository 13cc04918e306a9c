package main

import (
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/policy"
)

// maxMissingListed caps summary.json's list of missing translations; the
// count stays exact.
const maxMissingListed = 10000

// languageReport is summary.json's "languages": the archived HTML pages per
// language tree, and the pages whose version in another of the crawl's
// languages is missing.
type languageReport struct {
	Trees        []languageTree   `json:"trees"`
	MissingTotal int              `json:"missingTotal"`
	Missing      []missingVersion `json:"missing,omitempty"`
}

// languageTree is one language's pages. Root is where the tree lives: "/en"
// when most of its paths start with the language code, else "/".
type languageTree struct {
	Lang     string         `json:"lang"`
	Root     string         `json:"root"`
	Pages    int            `json:"pages"`
	Versions map[string]int `json:"versions"` // pages with an archived version in each other language
}

// missingVersion is a page without an archived version in another language.
// Alternate is the hreflang target when the page names one that was not
// archived; empty when no page names a translation at all.
type missingVersion struct {
	URL       string `json:"url"`
	Lang      string `json:"lang"`
	Missing   string `json:"missingLang"`
	Alternate string `json:"alternate,omitempty"`
}

// langPage is what the coverage needs of one archived page.
type langPage struct {
	lang, root string
	alternates map[string]string // language -> canonical URL
}

// langCoverage collects archived HTML pages with their language and
// hreflang alternates. The journal serialises calls.
type langCoverage struct {
	pages map[string]langPage
}

func newLangCoverage() *langCoverage { return &langCoverage{pages: map[string]langPage{}} }

// add notes a fetched HTML page that answered 200.
func (lc *langCoverage) add(ev crawler.Event) {
	if lc == nil || ev.Kind != crawler.EventFetched || ev.Status != 200 || !isHTML(ev.ContentType) {
		return
	}
	u, err := url.Parse(ev.URL)
	if err != nil {
		return
	}
	lang := primaryLang(ev.Language.Lang)
	if lang == "" {
		lang = pathLang(u.Path)
	}
	p := langPage{lang: lang, root: treeRoot(u.Path, lang), alternates: map[string]string{}}
	for _, a := range ev.Language.Alternates {
		al := primaryLang(a.Lang)
		if al == "" || al == lang || al == "x-default" {
			continue
		}
		if cu, err := policy.Canonicalize(a.URL, nil); err == nil {
			p.alternates[al] = policy.CanonicalString(cu)
		}
	}
	lc.pages[ev.URL] = p
}

func isHTML(ctype string) bool {
	mt := mimeOnly(ctype)
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// primaryLang is a language tag's primary subtag in lower case ("fr-FR" -> "fr").
func primaryLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if tag == "x-default" {
		return tag
	}
	first, _, _ := strings.Cut(strings.ReplaceAll(tag, "_", "-"), "-")
	return first
}

// pathLang guesses a language from a first path segment that looks like a
// language code ("/en/...", "/fr-ca/..."); "und" otherwise.
func pathLang(p string) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	if l := primaryLang(seg); len(l) == 2 && (len(seg) == 2 || seg[2] == '-' || seg[2] == '_') {
		return l
	}
	return "und"
}

func treeRoot(p, lang string) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	if seg != "" && primaryLang(seg) == lang {
		return "/" + seg
	}
	return "/"
}

// report builds the per-language trees and the missing versions. A page has
// a version in language L when it names an archived L alternate, or when an
// archived L page names it as its alternate.
func (lc *langCoverage) report() *languageReport {
	if lc == nil || len(lc.pages) == 0 {
		return nil
	}
	reverse := map[string]map[string]bool{} // page -> languages of pages naming it
	for _, p := range lc.pages {
		for _, target := range p.alternates {
			if reverse[target] == nil {
				reverse[target] = map[string]bool{}
			}
			reverse[target][p.lang] = true
		}
	}
	trees, langs := lc.trees()
	rep := &languageReport{}
	for _, u := range sortedKeys(lc.pages) {
		p := lc.pages[u]
		for _, other := range langs {
			if other == p.lang || other == "und" || p.lang == "und" {
				continue // a page of unknown language has no "other" language
			}
			target, named := p.alternates[other]
			_, archived := lc.pages[target]
			switch {
			case named && archived, reverse[u][other]:
				trees[p.lang].Versions[other]++
			case named:
				rep.addMissing(missingVersion{URL: u, Lang: p.lang, Missing: other, Alternate: target})
			default:
				rep.addMissing(missingVersion{URL: u, Lang: p.lang, Missing: other})
			}
		}
	}
	for _, l := range langs {
		rep.Trees = append(rep.Trees, *trees[l])
	}
	return rep
}

func (rep *languageReport) addMissing(m missingVersion) {
	rep.MissingTotal++
	if len(rep.Missing) < maxMissingListed {
		rep.Missing = append(rep.Missing, m)
	}
}

// trees counts pages per language and picks each tree's commonest root.
func (lc *langCoverage) trees() (map[string]*languageTree, []string) {
	trees := map[string]*languageTree{}
	roots := map[string]map[string]int{}
	for _, p := range lc.pages {
		t := trees[p.lang]
		if t == nil {
			t = &languageTree{Lang: p.lang, Versions: map[string]int{}}
			trees[p.lang], roots[p.lang] = t, map[string]int{}
		}
		t.Pages++
		roots[p.lang][p.root]++
	}
	for l, t := range trees {
		for _, r := range sortedKeys(roots[l]) {
			if roots[l][r] > roots[l][t.Root] {
				t.Root = r
			}
		}
	}
	return trees, sortedKeys(trees)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// printLanguages writes the per-language lines of the printed summary.
func printLanguages(w io.Writer, rep *languageReport) {
	if rep == nil || len(rep.Trees) < 2 {
		return
	}
	for _, t := range rep.Trees {
		var parts []string
		for _, l := range sortedKeys(t.Versions) {
			parts = append(parts, fmt.Sprintf("%d with a %s version", t.Versions[l], l))
		}
		if len(parts) == 0 {
			parts = []string{"none with another version"}
		}
		fmt.Fprintf(w, "  language %s (%s): %d pages, %s\n", t.Lang, t.Root, t.Pages, strings.Join(parts, ", "))
	}
	if rep.MissingTotal > 0 {
		fmt.Fprintf(w, "  %d page(s) lack a version in another language (summary.json \"languages\".missing)\n", rep.MissingTotal)
	}
}
