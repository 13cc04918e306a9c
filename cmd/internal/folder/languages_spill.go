package folder

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/warc/cdxj"
)

// The language coverage is joined on disk, with two external sorts
// (cdxj.SortFile), so memory stays flat however many pages a crawl archives.
// Lines are tab-separated and start with a URL (canonical URLs hold no tab or
// newline; tab sorts before every URL byte, so each URL's lines are together
// and URLs come in bytewise order, as sort.Strings gives). Other fields are
// quoted.
//
// The crawl writes, per page U of language L, tree root R, naming T as its
// version in language A through markup S (extract.AlternateSource):
//
//	U 0 SEQ "L" "R" "O"  the page (the last SEQ wins, as the map did); O its own
//	                     alternates, "A=T A2=T2" (canonical URLs hold no space)
//	T 1 "L" U "A" "S"    U names T
//
// Pass one (by URL) counts the trees and writes, for the pages only, and
// only for namings T returns (T names U, or nothing, in U's language: a
// page whose switcher names T while T's own switcher names another page of
// that language is not T's translation; hreflang asks for return links too):
//
//	U 0 "L"                  the page's language
//	U 1 "A" T ARCHIVED "S"   U names T as its A version; ARCHIVED is 1 when T is a page
//	T 2 "L"                  a page of language L names page T
//
// Pass two (by URL) decides each page's other languages in URL order.

func (lc *langCoverage) spillPage(u, lang, root string, alternates map[string]extract.Alternate) {
	if lc.err != nil {
		return
	}
	if lc.f == nil {
		f, err := os.Create(lc.path)
		if err != nil {
			lc.err = fmt.Errorf("language coverage: %w", err)
			return
		}
		lc.f, lc.w = f, bufio.NewWriter(f)
	}
	ql := strconv.Quote(lang)
	fmt.Fprintf(lc.w, "%s\t0\t%012d\t%s\t%s\t%s\n", u, lc.n, ql, strconv.Quote(root), strconv.Quote(ownAlternates(alternates)))
	for al, a := range alternates {
		fmt.Fprintf(lc.w, "%s\t1\t%s\t%s\t%s\t%s\n", a.URL, ql, u, strconv.Quote(al), strconv.Quote(a.Source.String()))
	}
}

// ownAlternates writes a page's named versions as "A=URL A2=URL2".
func ownAlternates(alternates map[string]extract.Alternate) string {
	parts := make([]string, 0, len(alternates))
	for _, al := range sortedKeys(alternates) {
		parts = append(parts, al+"="+alternates[al].URL)
	}
	return strings.Join(parts, " ")
}

// parseOwn reads ownAlternates.
func parseOwn(s string) map[string]string {
	own := map[string]string{}
	for _, f := range strings.Fields(s) {
		if l, u, ok := strings.Cut(f, "="); ok {
			own[l] = u
		}
	}
	return own
}

// report builds the per-language trees and the missing versions. A page has
// a version in language L when it names an archived L alternate, or when an
// archived L page names it as its alternate. It removes the spill files.
func (lc *langCoverage) report() (*LanguageReport, error) {
	if lc == nil || lc.f == nil {
		return nil, lc.errOrNil()
	}
	pages := lc.path + ".pages"
	defer os.Remove(pages)
	defer os.Remove(lc.path)
	err := errors.Join(lc.err, lc.w.Flush(), lc.f.Close())
	lc.f = nil
	if err == nil {
		err = cdxj.SortFile(lc.path)
	}
	var ag *langTrees
	if err == nil {
		ag, err = joinPages(lc.path, pages)
	}
	if err == nil {
		err = cdxj.SortFile(pages)
	}
	if err != nil {
		return nil, fmt.Errorf("language coverage: %w", err)
	}
	rep := &LanguageReport{Fallbacks: lc.fallbacks}
	trees, langs := ag.trees()
	if err := decidePages(pages, trees, langs, rep); err != nil {
		return nil, fmt.Errorf("language coverage: %w", err)
	}
	for _, l := range langs {
		rep.Trees = append(rep.Trees, *trees[l])
	}
	return rep, nil
}

func (lc *langCoverage) errOrNil() error {
	if lc == nil {
		return nil
	}
	return lc.err
}

// langTrees counts pages and tree roots per language.
type langTrees struct {
	pages map[string]int
	roots map[string]map[string]int
}

func (ag *langTrees) add(lang, root string) {
	if ag.roots[lang] == nil {
		ag.roots[lang] = map[string]int{}
	}
	ag.pages[lang]++
	ag.roots[lang][root]++
}

// trees makes each language's tree with its commonest root.
func (ag *langTrees) trees() (map[string]*LanguageTree, []string) {
	trees := map[string]*LanguageTree{}
	for l, n := range ag.pages {
		t := &LanguageTree{Lang: l, Pages: n, Versions: map[string]int{}}
		for _, r := range sortedKeys(ag.roots[l]) {
			if ag.roots[l][r] > ag.roots[l][t.Root] {
				t.Root = r
			}
		}
		trees[l] = t
	}
	return trees, sortedKeys(trees)
}

// eachLine calls fn with the tab-separated fields of every line of a file.
func eachLine(path string, fn func(f []string) error) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		if err := fn(strings.Split(sc.Text(), "\t")); err != nil {
			return err
		}
	}
	return sc.Err()
}

var errBadLangLine = errors.New("malformed line")

func unquote(s string) (string, error) {
	v, err := strconv.Unquote(s)
	if err != nil {
		return "", errBadLangLine
	}
	return v, nil
}

// joinPages is pass one: the sorted crawl lines in, the pages' lines out.
func joinPages(in, out string) (*langTrees, error) {
	f, err := os.Create(out)
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriter(f)
	ag := &langTrees{pages: map[string]int{}, roots: map[string]map[string]int{}}
	var cur, lang, root string
	var own map[string]string
	page := false
	flush := func() {
		if page {
			fmt.Fprintf(w, "%s\t0\t%s\n", cur, strconv.Quote(lang))
			ag.add(lang, root)
		}
	}
	err = eachLine(in, func(fs []string) error {
		if fs[0] != cur {
			flush()
			cur, page, own = fs[0], false, nil
		}
		switch {
		case len(fs) == 6 && fs[1] == "0":
			page = true
			var err1, err2, err3 error
			var o string
			lang, err1 = unquote(fs[3])
			root, err2 = unquote(fs[4])
			o, err3 = unquote(fs[5])
			own = parseOwn(o)
			return errors.Join(err1, err2, err3)
		case len(fs) == 6 && fs[1] == "1":
			namerLang, err := unquote(fs[2])
			if back := own[namerLang]; page && back != "" && back != fs[3] {
				return err // cur names another page of the namer's language: not a pair
			}
			fmt.Fprintf(w, "%s\t1\t%s\t%s\t%s\t%s\n", fs[3], fs[4], cur, map[bool]string{true: "1", false: "0"}[page], fs[5])
			if page {
				fmt.Fprintf(w, "%s\t2\t%s\n", cur, fs[2])
			}
			return err
		}
		return errBadLangLine
	})
	flush()
	return ag, errors.Join(err, w.Flush(), f.Close())
}

// pageLangs is pass two's view of one page.
type pageLangs struct {
	url, lang  string
	page       bool
	alternates map[string]alternate // language -> named version
	namedBy    map[string]bool      // languages of pages naming this one
}

type alternate struct {
	url      string
	archived bool
	source   string // extract.AlternateSource's name
}

// decidePages is pass two: each page's versions in the crawl's other
// languages, counted in its tree or listed as missing.
func decidePages(in string, trees map[string]*LanguageTree, langs []string, rep *LanguageReport) error {
	p := &pageLangs{}
	err := eachLine(in, func(fs []string) error {
		if fs[0] != p.url {
			p.decide(trees, langs, rep)
			p = &pageLangs{url: fs[0], alternates: map[string]alternate{}, namedBy: map[string]bool{}}
		}
		return p.note(fs)
	})
	p.decide(trees, langs, rep)
	return err
}

func (p *pageLangs) note(fs []string) error {
	var err error
	switch {
	case len(fs) == 3 && fs[1] == "0":
		p.page = true
		p.lang, err = unquote(fs[2])
	case len(fs) == 6 && fs[1] == "1":
		var al, src string
		al, err = unquote(fs[2])
		if err == nil {
			src, err = unquote(fs[5])
		}
		p.alternates[al] = alternate{url: fs[3], archived: fs[4] == "1", source: src}
	case len(fs) == 3 && fs[1] == "2":
		var l string
		l, err = unquote(fs[2])
		p.namedBy[l] = true
	default:
		err = errBadLangLine
	}
	return err
}

func (p *pageLangs) decide(trees map[string]*LanguageTree, langs []string, rep *LanguageReport) {
	if !p.page || p.lang == "und" {
		return // a page of unknown language has no "other" language
	}
	for _, other := range langs {
		if other == p.lang || other == "und" {
			continue
		}
		a, named := p.alternates[other]
		switch {
		case named && a.archived, p.namedBy[other]:
			trees[p.lang].Versions[other]++
		case named:
			rep.addMissing(MissingVersion{URL: p.url, Lang: p.lang, Missing: other, Alternate: a.url, Source: a.source})
		default:
			rep.addMissing(MissingVersion{URL: p.url, Lang: p.lang, Missing: other})
		}
	}
}
