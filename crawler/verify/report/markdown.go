package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
)

// writeMarkdown writes a summary for people: the counts per class, a
// section per problem class listing its links and the pages they are on,
// the embedded feeds and the patch list. Every string from a page is
// escaped with mdText.
func writeMarkdown(w io.Writer, r *verify.Report) error {
	bw := bufio.NewWriter(w)
	mdHeader(bw, r)
	mdToFix(bw, r.ToFix)
	mdCounts(bw, r)
	for _, c := range problemClasses(r) {
		mdProblemSection(bw, c, linksOf(r, c))
	}
	mdFeeds(bw, r.Feeds)
	mdMissing(bw, r.Missing)
	return bw.Flush()
}

func mdHeader(w io.Writer, r *verify.Report) {
	fmt.Fprintf(w, "# Link report\n\n")
	fmt.Fprintf(w, "Generated %s by %s (schema %s).\n\n",
		mdText(formatTime(r.Generated)), mdText(r.Tool), verify.SchemaVersion)
	for _, s := range r.Seeds {
		fmt.Fprintf(w, "- Seed: %s\n", mdText(s))
	}
	for _, a := range r.Archives {
		fmt.Fprintf(w, "- Archive: %s\n", mdText(a))
	}
	if len(r.Seeds)+len(r.Archives) > 0 {
		fmt.Fprintln(w)
	}
}

// mdToFix is the "To fix" table: one row per problem link and place, the
// fixes that repair the most pages first.
func mdToFix(w io.Writer, fixes []verify.Fix) {
	if len(fixes) == 0 {
		return
	}
	fmt.Fprintf(w, "## To fix (%d)\n\nOne row per problem link and place in the pages, most pages first: a link in a template is one fix.\n\n", len(fixes))
	fmt.Fprintf(w, "| Pages | Class | Link | Where |\n|---:|---|---|---|\n")
	for _, f := range fixes {
		fmt.Fprintf(w, "| %d | %s | %s | %s |\n", f.Pages, mdText(string(f.Class)), mdText(f.URL), mdText(placeName(f.Place)))
	}
	fmt.Fprintln(w)
}

// placeName is how reports name a place: "(document)" for links that have
// none (a PDF's, a stylesheet's, an HTTP redirect's).
func placeName(place string) string {
	if place == "" {
		return "(document)"
	}
	return place
}

func mdCounts(w io.Writer, r *verify.Report) {
	fmt.Fprintf(w, "## Links per class\n\n| Class | Links | Problem |\n|---|---:|---|\n")
	for _, cc := range countClasses(r) {
		fmt.Fprintf(w, "| %s | %d | %s |\n", mdText(string(cc.Class)), cc.N, yesNo(cc.Class.Problem()))
	}
	fmt.Fprintln(w)
}

// mdMaxPages is how many pages of one placement the Markdown report lists;
// links.json has them all.
const mdMaxPages = 10

// mdProblemSection lists the links of one problem class, each with the
// places it is at and the pages there.
func mdProblemSection(w io.Writer, c policy.LinkClass, links []verify.Link) {
	fmt.Fprintf(w, "## %s (%d)\n\n%s.\n\n", mdText(string(c)), len(links), mdText(describe(c)))
	for _, l := range links {
		fmt.Fprintf(w, "- %s%s\n", mdText(l.URL), mdLinkDetail(l))
		for _, p := range l.Placements {
			mdPlacement(w, p)
		}
	}
	fmt.Fprintln(w)
}

// mdPlacement is one place of a link with its pages, at most mdMaxPages.
func mdPlacement(w io.Writer, p verify.Placement) {
	if len(p.Pages) == 1 {
		fmt.Fprintf(w, "  - on %s, %s%s\n", mdText(p.Pages[0]), mdText(placeName(p.Place)), mdPlacementDetail(p))
		return
	}
	fmt.Fprintf(w, "  - %s%s, on %d pages:\n", mdText(placeName(p.Place)), mdPlacementDetail(p), len(p.Pages))
	for _, page := range p.Pages[:min(len(p.Pages), mdMaxPages)] {
		fmt.Fprintf(w, "    - %s\n", mdText(page))
	}
	if more := len(p.Pages) - mdMaxPages; more > 0 {
		fmt.Fprintf(w, "    - and %d more (links.json lists them)\n", more)
	}
}

// mdLinkDetail is what follows a link's URL: status and evidence.
func mdLinkDetail(l verify.Link) string {
	var parts []string
	if l.Status != 0 {
		parts = append(parts, fmt.Sprintf("status %d", l.Status))
	}
	if l.Evidence != "" {
		parts = append(parts, mdText(l.Evidence))
	}
	if l.Captured != nil {
		parts = append(parts, "archived "+mdText(formatTime(l.Captured.Date)))
	}
	if len(parts) == 0 {
		return ""
	}
	return " — " + strings.Join(parts, "; ")
}

func mdPlacementDetail(p verify.Placement) string {
	var s string
	if p.Element != "" {
		s = " (" + mdText(p.Element) + ")"
	}
	quoted := make([]string, len(p.Texts))
	for i, x := range p.Texts {
		quoted[i] = "“" + mdText(x) + "”"
	}
	if len(quoted) > 0 {
		s += ": " + strings.Join(quoted, ", ")
	}
	return s
}

func mdFeeds(w io.Writer, feeds []verify.Feed) {
	if len(feeds) == 0 {
		return
	}
	fmt.Fprintf(w, "## Feeds\n\n| Platform | Kind | State | URL | Evidence |\n|---|---|---|---|---|\n")
	for _, f := range feeds {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", mdText(f.Platform), mdText(f.Kind),
			mdText(string(f.State)), mdText(f.URL), mdText(strings.Join(f.Evidence, "; ")))
	}
	fmt.Fprintln(w)
}

func mdMissing(w io.Writer, missing []string) {
	if len(missing) == 0 {
		return
	}
	fmt.Fprintf(w, "## Not in the archive (%d)\n\n", len(missing))
	for _, u := range missing {
		fmt.Fprintf(w, "- %s\n", mdText(u))
	}
	fmt.Fprintln(w)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// mdText makes a page-derived string inert inside a Markdown line or table
// cell: line breaks (including U+2028/U+2029) become spaces, HTML
// specials become entities, and the characters that start emphasis, code,
// links, tables, strike-through or math are backslash-escaped, as is a
// character that could start a block (heading, list, quote) at its start.
func mdText(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\t':
			b.WriteByte(' ')
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r < 0x20 || r == 0x7f:
			b.WriteRune('\uFFFD')
		case strings.ContainsRune("\\`*_[]|~$!", r), i == 0 && strings.ContainsRune("#+-=", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
