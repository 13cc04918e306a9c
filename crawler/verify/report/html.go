package report

import (
	"cmp"
	"crypto/rand"
	_ "embed"
	"html/template"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
)

//go:embed report.html.tmpl
var htmlTemplateText string

// htmlPage is everything report.html.tmpl draws. html/template escapes every
// field for the context it lands in; Data goes into a JSON script block
// that the page's script reads.
type htmlPage struct {
	Nonce     string
	Tool      string
	Schema    string
	Generated string
	Seeds     []string
	Archives  []string
	Total     int
	Problems  int
	Classes   []htmlClass // the counts table: r.Counts when given
	Filters   []htmlClass // the class filter: the classes of the links
	Hosts     []htmlHost
	Chart     htmlChart
	Feeds     []htmlFeed
	ToFix     []htmlFix
	Missing   []string
	Data      htmlData
}

type htmlClass struct {
	Class       string
	N           int
	Problem     bool
	Description string
}

type htmlHost struct {
	Host     string
	Total    int
	Problems int
	Classes  []classCount
}

type htmlFeed struct {
	verify.Feed
	Href  string // the feed URL when it is safe to link
	Pages []htmlPageRef
}

// htmlPageRef is a page a link or feed is on.
type htmlPageRef struct {
	Page string `json:"page"`
	Href string `json:"href,omitempty"` // Page when it is safe to link
}

// htmlFix is one row of the "To fix" list: a problem link at one place.
type htmlFix struct {
	verify.Fix
	Href    string
	Element string
	Text    string
	Status  int
	Pages   []htmlPageRef
}

// htmlData is the JSON the page's script builds the links table from.
type htmlData struct {
	Links []htmlRow `json:"links"`
}

type htmlRow struct {
	URL        string          `json:"url"`
	Href       string          `json:"href,omitempty"` // URL when it is safe to link
	Class      string          `json:"class"`
	Rank       int             `json:"rank"`
	Problem    bool            `json:"problem"`
	Status     int             `json:"status"`
	FinalURL   string          `json:"finalUrl,omitempty"`
	Evidence   string          `json:"evidence,omitempty"`
	Internal   bool            `json:"internal"`
	Archived   string          `json:"archived,omitempty"` // capture date, RFC 3339
	Replay     string          `json:"replay,omitempty"`   // replay URL when it is safe to link
	Pages      int             `json:"pages"`              // pages the link is on, all places together
	Placements []htmlPlacement `json:"placements"`
}

type htmlPlacement struct {
	Place   string        `json:"place,omitempty"`
	Element string        `json:"element,omitempty"`
	Texts   []string      `json:"texts"`
	Pages   []htmlPageRef `json:"pages"`
}

// writeHTML writes the self-contained HTML report with a fresh nonce.
func writeHTML(w io.Writer, r *verify.Report) error {
	return renderHTML(w, r, newNonce())
}

// renderHTML draws the report with the given CSP nonce.
func renderHTML(w io.Writer, r *verify.Report, nonce string) error {
	tmpl, err := template.New("report").Parse(htmlTemplateText)
	if err != nil {
		return err
	}
	return tmpl.Execute(w, buildPage(r, nonce))
}

// newNonce returns a fresh Content-Security-Policy nonce: 130 random bits
// in base32, whose alphabet is valid in a nonce source.
func newNonce() string {
	return rand.Text()
}

func buildPage(r *verify.Report, nonce string) htmlPage {
	p := htmlPage{
		Nonce: nonce, Tool: r.Tool, Schema: verify.SchemaVersion,
		Generated: formatTime(r.Generated), Seeds: r.Seeds, Archives: r.Archives,
		Total: len(r.Links), Classes: htmlClasses(countClasses(r)), Filters: htmlClasses(countLinks(r.Links)), Hosts: htmlHosts(r),
		Feeds: htmlFeeds(r.Feeds), ToFix: htmlFixes(r), Missing: r.Missing, Data: htmlTableData(r),
	}
	for _, l := range r.Links {
		if l.Class.Problem() {
			p.Problems++
		}
	}
	p.Chart = newChart(countClasses(r))
	return p
}

func htmlClasses(counts []classCount) []htmlClass {
	var out []htmlClass
	for _, cc := range counts {
		out = append(out, htmlClass{string(cc.Class), cc.N, cc.Class.Problem(), describe(cc.Class)})
	}
	return out
}

// htmlHosts lists hosts with the most problems first. It uses r.ByHost when
// the producer filled it and counts r.Links otherwise.
func htmlHosts(r *verify.Report) []htmlHost {
	byHost := r.ByHost
	if len(byHost) == 0 {
		byHost = countByHost(r.Links)
	}
	out := make([]htmlHost, 0, len(byHost))
	for host, counts := range byHost {
		out = append(out, newHTMLHost(host, counts))
	}
	slices.SortFunc(out, func(a, b htmlHost) int {
		return cmp.Or(cmp.Compare(b.Problems, a.Problems), cmp.Compare(b.Total, a.Total), strings.Compare(a.Host, b.Host))
	})
	return out
}

func newHTMLHost(host string, counts map[string]int) htmlHost {
	h := htmlHost{Host: host}
	for c, n := range counts {
		h.Total += n
		if policy.LinkClass(c).Problem() {
			h.Problems += n
		}
		h.Classes = append(h.Classes, classCount{policy.LinkClass(c), n})
	}
	slices.SortFunc(h.Classes, func(a, b classCount) int { return compareClass(a.Class, b.Class) })
	return h
}

func countByHost(links []verify.Link) map[string]map[string]int {
	out := make(map[string]map[string]int)
	for _, l := range links {
		host := hostOf(l.URL)
		if out[host] == nil {
			out[host] = make(map[string]int)
		}
		out[host][string(l.Class)]++
	}
	return out
}

func htmlFeeds(feeds []verify.Feed) []htmlFeed {
	out := make([]htmlFeed, 0, len(feeds))
	for _, f := range feeds {
		out = append(out, htmlFeed{Feed: f, Href: SafeHref(f.URL, false), Pages: pageRefs(f.Pages)})
	}
	return out
}

// htmlFixes is the "To fix" list: r.ToFix with each fix's link and pages.
func htmlFixes(r *verify.Report) []htmlFix {
	byURL := make(map[string]*verify.Link, len(r.Links))
	for i := range r.Links {
		byURL[r.Links[i].URL] = &r.Links[i]
	}
	out := make([]htmlFix, 0, len(r.ToFix))
	for _, f := range r.ToFix {
		fix := htmlFix{Fix: f, Href: SafeHref(f.URL, false)}
		if l := byURL[f.URL]; l != nil {
			fix.Status = l.Status
			if p := placementAt(l.Placements, f.Place); p != nil {
				fix.Element, fix.Text, fix.Pages = p.Element, shown(strings.Join(p.Texts, " · ")), pageRefs(p.Pages)
			}
		}
		fix.URL, fix.Place = shown(f.URL), shown(f.Place)
		out = append(out, fix)
	}
	return out
}

func placementAt(ps []verify.Placement, place string) *verify.Placement {
	for i := range ps {
		if ps[i].Place == place {
			return &ps[i]
		}
	}
	return nil
}

// lineSeparators spells out U+2028 and U+2029 in text drawn into the
// page: a browser takes them as text, but a script or tool reading the
// page line by line may not.
var lineSeparators = strings.NewReplacer("\u2028", `\u2028`, "\u2029", `\u2029`)

// shown is s as the report's markup shows it (escaping is html/template's).
func shown(s string) string { return lineSeparators.Replace(s) }

// countPages is the number of distinct pages in apps.
func countPages(apps []verify.Appearance) int {
	seen := make(map[string]bool, len(apps))
	for _, a := range apps {
		seen[a.Page] = true
	}
	return len(seen)
}

func pageRefs(pages []string) []htmlPageRef {
	out := make([]htmlPageRef, 0, len(pages))
	for _, p := range pages {
		out = append(out, htmlPageRef{shown(p), SafeHref(p, false)})
	}
	return out
}

// htmlTableData is the rows of the links table, problems first, and in a
// class the links on the most pages first.
func htmlTableData(r *verify.Report) htmlData {
	rows := make([]htmlRow, 0, len(r.Links))
	for _, l := range r.Links {
		rows = append(rows, newHTMLRow(l))
	}
	slices.SortStableFunc(rows, func(a, b htmlRow) int {
		return cmp.Or(cmp.Compare(a.Rank, b.Rank), strings.Compare(a.Class, b.Class), cmp.Compare(b.Pages, a.Pages))
	})
	return htmlData{Links: rows}
}

// rowRank orders the links table by class, problem classes first (then
// in the taxonomy's order), so the table opens on what is broken.
func rowRank(c policy.LinkClass) int {
	if c.Problem() {
		return classRank(c)
	}
	return len(policy.LinkClasses()) + 1 + classRank(c)
}

func newHTMLRow(l verify.Link) htmlRow {
	row := htmlRow{
		URL: l.URL, Href: SafeHref(l.URL, false), Class: string(l.Class), Rank: rowRank(l.Class),
		Problem: l.Class.Problem(), Status: l.Status, FinalURL: l.FinalURL, Evidence: l.Evidence,
		Internal: l.Internal, Replay: SafeHref(l.ReplayURL, true),
		Placements: make([]htmlPlacement, 0, len(l.Placements)),
	}
	if l.Captured != nil {
		row.Archived = formatTime(l.Captured.Date)
	}
	row.Pages = countPages(l.Appearances)
	for _, p := range l.Placements {
		row.Placements = append(row.Placements, htmlPlacement{p.Place, p.Element, orEmpty(p.Texts), pageRefs(p.Pages)})
	}
	return row
}

// SafeHref returns raw when it may become a link in a report: an
// absolute http(s) URL, or with relative set a scheme-less relative path.
// Anything else (javascript:, data:, a protocol-relative //host, or a URL
// with spaces, control characters or backslashes a browser would bend)
// returns "": the report shows it as text only. The page's script checks
// the same rule again before it sets an href.
func SafeHref(raw string, relative bool) string {
	if raw == "" || strings.ContainsFunc(raw, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '\\' }) {
		return ""
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return ""
	case (u.Scheme == "http" || u.Scheme == "https") && u.Host != "":
		return raw
	case relative && u.Scheme == "" && u.Host == "" && !strings.HasPrefix(raw, "//"):
		return raw
	}
	return ""
}
