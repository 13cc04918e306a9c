package folder

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/policy"
)

// maxMissingListed caps summary.json's list of missing translations; the
// count stays exact.
const maxMissingListed = 10000

// LanguageReport is summary.json's "languages": the archived HTML pages per
// language tree, and the pages whose version in another of the crawl's
// languages is missing.
type LanguageReport struct {
	Trees        []LanguageTree   `json:"trees"`
	MissingTotal int              `json:"missingTotal"`
	Missing      []MissingVersion `json:"missing,omitempty"`
	// Fallbacks counts the (page, language) pairs whose language switcher
	// led from an inner page to a front page: not translations.
	Fallbacks int `json:"frontPageFallbacks,omitempty"`
}

// LanguageTree is one language's pages. Root is where the tree lives: "/en"
// when most of its paths start with the language code, else "/".
type LanguageTree struct {
	Lang     string         `json:"lang"`
	Root     string         `json:"root"`
	Pages    int            `json:"pages"`
	Versions map[string]int `json:"versions"` // pages with an archived version in each other language
}

// MissingVersion is a page without an archived version in another language.
// Alternate is the translation the page names when it was not archived, and
// Source the markup that named it (extract.AlternateSource: link-hreflang,
// a-hreflang, switcher-class, a-lang); both empty when no page names a
// translation at all.
type MissingVersion struct {
	URL       string `json:"url"`
	Lang      string `json:"lang"`
	Missing   string `json:"missingLang"`
	Alternate string `json:"alternate,omitempty"`
	Source    string `json:"alternateSource,omitempty"`
}

// langCoverage collects archived HTML pages with their language and the
// translations they name (extract.PageLanguage: <link hreflang>, links with
// hreflang, lang or xml:lang, language switchers). It keeps them in a file under the crawl's folder, not
// in memory (languages_spill.go), so a crawl's memory does not grow with its
// pages. The journal serialises calls.
type langCoverage struct {
	path string // the spill file, removed by report
	f    *os.File
	w    *bufio.Writer
	n    int // pages added
	err  error

	fallbacks int // switcher links from inner pages to front pages (extract.Language.Fallbacks)
}

func newLangCoverage(dir string) *langCoverage {
	return &langCoverage{path: filepath.Join(dir, ".salvage-languages")}
}

// add notes a fetched HTML page that answered 200. An HTML document reached
// by an embed hop (an iframe's YouTube player) is part of the page that
// embeds it, not a page of a language tree.
func (lc *langCoverage) add(ev crawler.Event) {
	if lc == nil || ev.Kind != crawler.EventFetched || ev.Status != 200 || !isHTML(ev.ContentType) ||
		strings.HasSuffix(ev.HopPath, string(policy.HopEmbed)) {
		return
	}
	u, err := url.Parse(ev.URL)
	if err != nil {
		return
	}
	lang := extract.PrimarySubtag(ev.Language.Lang)
	if lang == "" {
		lang = pathLang(u.Path)
	}
	lc.n++
	lc.fallbacks += ev.Language.Fallbacks
	lc.spillPage(ev.URL, lang, treeRoot(u.Path, lang), namedVersions(ev.Language.Alternates, lang))
}

// namedVersions is a page's alternate in each other language, canonical;
// of two in one language, the stronger source wins (<link hreflang> over a
// switcher link), else the first.
func namedVersions(alternates []extract.Alternate, lang string) map[string]extract.Alternate {
	named := map[string]extract.Alternate{} // language -> alternate
	for _, a := range alternates {
		al := extract.PrimarySubtag(a.Lang)
		if prev, ok := named[al]; al == "" || al == lang || al == "x-default" || ok && prev.Source <= a.Source {
			continue
		}
		if cu, err := policy.Canonicalize(a.URL, nil); err == nil {
			a.URL = policy.CanonicalString(cu)
			named[al] = a
		}
	}
	return named
}

func isHTML(ctype string) bool {
	mt := mimeOnly(ctype)
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// pathLang guesses a language from a first path segment that looks like a
// language code ("/en/...", "/fr-ca/..."); "und" otherwise.
func pathLang(p string) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	if l := extract.PrimarySubtag(seg); len(l) == 2 && (len(seg) == 2 || seg[2] == '-' || seg[2] == '_') {
		return l
	}
	return "und"
}

func treeRoot(p, lang string) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	if seg != "" && extract.PrimarySubtag(seg) == lang {
		return "/" + seg
	}
	return "/"
}

func (rep *LanguageReport) addMissing(m MissingVersion) {
	rep.MissingTotal++
	if len(rep.Missing) < maxMissingListed {
		rep.Missing = append(rep.Missing, m)
	}
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
func printLanguages(w io.Writer, rep *LanguageReport) {
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
	if rep.Fallbacks > 0 {
		fmt.Fprintf(w, "  %d language switcher link(s) fall back to a front page: not counted as translations\n", rep.Fallbacks)
	}
}
