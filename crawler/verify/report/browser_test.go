package report

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/crawltest"
	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
)

// browserVerdict is what testdata/check-report.mjs prints.
type browserVerdict struct {
	Error               string   `json:"error"`
	Pwned               *string  `json:"pwned"`
	PayloadCells        int      `json:"payloadCells"`
	PayloadVisible      bool     `json:"payloadVisible"`
	PayloadExact        bool     `json:"payloadExact"`
	Images              int      `json:"images"`
	Scripts             int      `json:"scripts"`
	Hrefs               []string `json:"hrefs"`
	NotFoundBadgeColour string   `json:"notFoundBadgeColour"`
	ChartBars           int      `json:"chartBars"`
	TableRows           int      `json:"tableRows"`
	SortAscending       bool     `json:"sortAscending"`
	AriaSortAscending   string   `json:"ariaSortAscending"`
	SortDescending      bool     `json:"sortDescending"`
	AriaSortDescending  string   `json:"ariaSortDescending"`
	RowsAfterNone       int      `json:"rowsAfterNone"`
	FilteredClasses     []string `json:"filteredClasses"`
	FilteredCount       int      `json:"filteredCount"`
	WantNotFound        int      `json:"wantNotFound"`
	SearchCount         int      `json:"searchCount"`
	RowsAfterAll        int      `json:"rowsAfterAll"`
	CSPViolations       []string `json:"cspViolations"`
	PageErrors          []string `json:"pageErrors"`
	ConsoleErrors       []string `json:"consoleErrors"`
	External            []string `json:"external"`
	Screenshot          string   `json:"screenshot"`
	FirstScreenshot     string   `json:"firstScreenshot"`
	ToFix               []struct {
		Class         string `json:"cls"`
		URL           string `json:"url"`
		Place         string `json:"place"`
		Pages         int    `json:"pages"`
		Summary       string `json:"summary"`
		InFirstScreen bool   `json:"inFirstScreen"`
	} `json:"toFix"`
	OpenLongLists int `json:"openLongLists"`
	ExpandedPages int `json:"expandedPages"`
}

// TestHTMLReportInChromium opens an HTML report whose anchor text is a
// script-injection payload in headless Chromium from file://, and checks
// that nothing runs, the payload reads as text, and sorting and the class
// filter work under the report's Content-Security-Policy.
func TestHTMLReportInChromium(t *testing.T) {
	node, modules := crawltest.BrowserTools(t, "../../..", true)
	r := fixtureReport()
	r.Links[1].Appearances[0].Text = xssPwn // a not-found link
	dir, htmlPath := writeHTMLReport(t, r)
	shot := filepath.Join(dir, "links.png")
	v := runBrowserCheck(t, node, htmlPath, shot, modules, linksOfClass(r.Links, "not-found"))
	t.Logf("screenshot of the report: %s", v.Screenshot)
	keepScreenshot(t, shot)
	checkSafety(t, v)
	checkInteraction(t, v, len(r.Links), len(countLinks(r.Links)))
}

// TestToFixFirstScreenInChromium: a dead link in the footer of 120 pages
// is one "To fix" row in the first screen at 1280x900, first of all; it
// expands to its 120 pages; no list of more than 10 pages is open by
// default, though a feed and an ok menu link are on 120 pages too.
func TestToFixFirstScreenInChromium(t *testing.T) {
	node, modules := crawltest.BrowserTools(t, "../../..", true)
	r := fixtureReport()
	r.Links[1].Appearances[0].Text = xssPwn
	footer := verify.Link{URL: "https://soundcloud.com/mikado-fm", Class: policy.ClassNotFound, Status: 404}
	menu := verify.Link{URL: "https://example.org/en/news", Class: policy.ClassOK, Status: 200, Internal: true}
	feed := verify.Feed{Platform: "twitter", Kind: "timeline", URL: "https://twitter.com/x", State: policy.FeedClosed}
	for i := range 120 {
		page := fmt.Sprintf("https://example.org/en/article-%d", i)
		footer.Appearances = append(footer.Appearances, verify.Appearance{Page: page, Element: "a", Text: "SoundCloud", Place: "footer #block-on-the-web-0"})
		menu.Appearances = append(menu.Appearances, verify.Appearance{Page: page, Element: "a", Text: "News", Place: "nav#main-menu"})
		feed.Pages = append(feed.Pages, page)
	}
	r.Links = append(r.Links, footer, menu)
	r.Feeds = append(r.Feeds, feed)
	r.Counts, r.ByHost = tally(r.Links)
	dir, htmlPath := writeHTMLReport(t, r)
	v := runBrowserCheck(t, node, htmlPath, filepath.Join(dir, "links.png"), modules, linksOfClass(r.Links, "not-found"))
	t.Logf("first screen: %s; to fix: %+v", v.FirstScreenshot, v.ToFix)
	if len(v.ToFix) == 0 {
		t.Fatal("no To fix rows")
	}
	top := v.ToFix[0]
	if top.URL != footer.URL || top.Pages != 120 || !top.InFirstScreen || !strings.Contains(top.Summary, "on 120 pages") ||
		!strings.Contains(top.Place, "footer #block-on-the-web-0") {
		t.Errorf("first To fix row: %+v; want the footer link, on 120 pages, in the first screen", top)
	}
	if n := countRows(v, footer.URL); n != 1 {
		t.Errorf("the footer link has %d To fix rows, want 1", n)
	}
	if v.OpenLongLists != 0 {
		t.Errorf("%d lists of more than 10 pages open by default", v.OpenLongLists)
	}
	if v.ExpandedPages != 120 {
		t.Errorf("expanding the first row shows %d pages, want 120", v.ExpandedPages)
	}
}

// writeHTMLReport writes r as links.html in a temporary folder.
func writeHTMLReport(t *testing.T, r *verify.Report) (dir, htmlPath string) {
	t.Helper()
	dir = t.TempDir()
	htmlPath = filepath.Join(dir, HTML.FileName())
	var page bytes.Buffer
	if err := Write(&page, HTML, r); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(htmlPath, page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, htmlPath
}

func countRows(v browserVerdict, url string) int {
	n := 0
	for _, f := range v.ToFix {
		if f.URL == url {
			n++
		}
	}
	return n
}

// runBrowserCheck runs check-report.mjs and decodes its verdict.
func runBrowserCheck(t *testing.T, node, htmlPath, shot, modules string, notFound int) browserVerdict {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join("testdata", "check-report.mjs"),
		htmlPath, shot, modules, xssPwn, strconv.Itoa(notFound))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	var v browserVerdict
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &v); err != nil {
		t.Fatalf("no verdict (run: %v): %v\nstdout: %s\nstderr: %s", runErr, err, stdout.String(), stderr.String())
	}
	if v.Error != "" || runErr != nil {
		t.Fatalf("check-report.mjs failed (%v): %s\nstderr: %s", runErr, v.Error, stderr.String())
	}
	return v
}

// checkSafety asserts that the payload did not run and reads as text, and
// that the page loaded nothing and broke no policy.
func checkSafety(t *testing.T, v browserVerdict) {
	t.Helper()
	if v.Pwned != nil {
		t.Errorf("window.__pwned = %s: the anchor text ran as code", *v.Pwned)
	}
	if v.PayloadCells == 0 || !v.PayloadVisible || !v.PayloadExact {
		t.Errorf("payload not shown as text: cells %d, visible %v, exact %v", v.PayloadCells, v.PayloadVisible, v.PayloadExact)
	}
	if v.Images != 0 || v.Scripts != 2 {
		t.Errorf("%d images and %d scripts in the DOM, want 0 and 2", v.Images, v.Scripts)
	}
	for _, h := range v.Hrefs {
		if !strings.HasPrefix(h, "https://") && !strings.HasPrefix(h, "http://") && !strings.HasPrefix(h, "replay/") && h != "data:," {
			t.Errorf("link to %q", h)
		}
	}
	for name, list := range map[string][]string{"CSP violations": v.CSPViolations, "page errors": v.PageErrors,
		"console errors": v.ConsoleErrors, "requests off file://": v.External} {
		if len(list) > 0 {
			t.Errorf("%s: %q", name, list)
		}
	}
}

// checkInteraction asserts the styles applied and that sorting, the class
// filter and the search worked.
func checkInteraction(t *testing.T, v browserVerdict, links, classes int) {
	t.Helper()
	if v.NotFoundBadgeColour != "rgb(207, 34, 46)" {
		t.Errorf("not-found badge colour %q: the nonce-tagged style did not apply", v.NotFoundBadgeColour)
	}
	if v.TableRows != links || v.ChartBars != classes {
		t.Errorf("%d table rows, %d chart bars; want %d and %d", v.TableRows, v.ChartBars, links, classes)
	}
	if !v.SortAscending || v.AriaSortAscending != "ascending" || !v.SortDescending || v.AriaSortDescending != "descending" {
		t.Errorf("sorting by URL: ascending %v (%s), descending %v (%s)", v.SortAscending, v.AriaSortAscending, v.SortDescending, v.AriaSortDescending)
	}
	if v.RowsAfterNone != 0 || !slices.Equal(v.FilteredClasses, []string{"not-found"}) || v.FilteredCount != v.WantNotFound {
		t.Errorf("class filter: %d rows after none, then classes %v (%d rows), want only %d not-found",
			v.RowsAfterNone, v.FilteredClasses, v.FilteredCount, v.WantNotFound)
	}
	if v.SearchCount != 1 || v.RowsAfterAll != links {
		t.Errorf("search found %d rows (want 1); %d rows after all (want %d)", v.SearchCount, v.RowsAfterAll, links)
	}
}

// keepScreenshot copies the screenshot into $SALVAGE_SCREENSHOT_DIR, when
// set, since the test's temporary directory goes away with the test.
func keepScreenshot(t *testing.T, shot string) {
	t.Helper()
	dir := os.Getenv("SALVAGE_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	b, err := os.ReadFile(shot)
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "links.png"), b, 0o644)
	}
	if err != nil {
		t.Errorf("keep screenshot: %v", err)
		return
	}
	t.Logf("screenshot kept as %s", filepath.Join(dir, "links.png"))
}
