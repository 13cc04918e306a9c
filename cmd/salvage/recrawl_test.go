package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/crawltest"
	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
	"github.com/salvage-archive/salvage/warc"
	"github.com/salvage-archive/salvage/warc/wacz"

	"github.com/salvage-archive/salvage/cmd/internal/changes"
)

// monthlySite is a small site whose second version changes as sites do
// between two monthly crawls: / edited (links changed), /a unchanged with an
// ETag (a 304) leading to /a/child (unchanged, no validators), /b edited,
// /logo.png unchanged with Last-Modified (a 304), /doc.pdf replaced, /moved
// now a 301 to /moved-here, /gone removed (404), /orphan no longer linked
// but still served, /new added.
type monthlySite struct {
	srv     *httptest.Server
	version atomic.Int32
}

var (
	siteEpoch   = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	siteChanged = time.Date(2026, 2, 2, 3, 4, 5, 0, time.UTC)
)

func newMonthlySite(t *testing.T) *monthlySite {
	s := &monthlySite{}
	s.version.Store(1)
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *monthlySite) serve(w http.ResponseWriter, r *http.Request) {
	v2 := s.version.Load() == 2
	html := func(body string, mod time.Time, etag string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if etag != "" {
			w.Header().Set("ETag", etag)
		}
		http.ServeContent(w, r, "", mod, strings.NewReader("<!doctype html><title>t</title>"+body))
	}
	switch p := r.URL.Path; {
	case p == "/" && !v2:
		html(`<img src="/logo.png"><a href="/a">a</a> <a href="/b">b</a> <a href="/doc.pdf">pdf</a>
			<a href="/moved">moved</a> <a href="/gone">gone</a> <a href="/orphan">orphan</a>`, time.Time{}, "")
	case p == "/":
		html(`<img src="/logo.png"><a href="/a">a</a> <a href="/b">b</a> <a href="/doc.pdf">pdf</a>
			<a href="/moved">moved</a> <a href="/new">new</a>`, time.Time{}, "")
	case p == "/a":
		html(`<p>unchanged page <a href="/a/child">child</a></p>`, time.Time{}, `"a-1"`)
	case p == "/a/child":
		html(`<p>only linked from /a</p>`, time.Time{}, "")
	case p == "/b" && !v2:
		html(`<p>first text of b</p>`, siteEpoch, "")
	case p == "/b":
		html(`<p>edited text of b</p>`, siteChanged, "")
	case p == "/logo.png":
		w.Header().Set("Content-Type", "image/png")
		http.ServeContent(w, r, "", siteEpoch, bytes.NewReader([]byte("\x89PNG\r\n\x1a\nlogo bytes")))
	case p == "/doc.pdf":
		w.Header().Set("Content-Type", "application/pdf")
		mod, body := siteEpoch, "%PDF-1.4 first edition"
		if v2 {
			mod, body = siteChanged, "%PDF-1.4 second edition, replaced"
		}
		http.ServeContent(w, r, "", mod, strings.NewReader(body))
	case p == "/moved" && v2:
		http.Redirect(w, r, "/moved-here", http.StatusMovedPermanently)
	case p == "/moved", p == "/moved-here" && v2:
		html(`<p>the moving page</p>`, time.Time{}, "")
	case p == "/gone" && !v2:
		html(`<p>soon gone</p>`, time.Time{}, "")
	case p == "/orphan":
		html(`<p>nobody links here any more</p>`, time.Time{}, "")
	case p == "/new" && v2:
		html(`<p>new this month</p>`, time.Time{}, "")
	default:
		http.NotFound(w, r)
	}
}

func recrawlArgs(out string) []string {
	return []string{"crawl", "--out", out, "--delay", "0", "--progress", "off", "--no-report", "--no-sitemaps"}
}

// TestRecrawlWithPrevious: a monthly recrawl into a new folder writes a
// server-not-modified revisit for each 304, an identical-payload revisit for
// each unchanged payload (both referring to the earlier crawl's records),
// full records for what changed; it fetches the page no longer linked, finds
// the children of 304 pages from the earlier payloads, and replays with the
// earlier WARC files its previous.txt names.
func TestRecrawlWithPrevious(t *testing.T) {
	t.Parallel()
	site := newMonthlySite(t)
	base := site.srv.URL
	first, second := t.TempDir(), t.TempDir()
	if res := salvage(context.Background(), append(recrawlArgs(first), base+"/")...); res.code != 0 {
		t.Fatalf("first crawl: exit %d\n%s", res.code, res.stderr)
	}
	site.version.Store(2)
	res := salvage(context.Background(), append(recrawlArgs(second), "--previous", first, "--wacz")...)
	if res.code != 0 {
		t.Fatalf("recrawl: exit %d\n%s", res.code, res.stderr)
	}
	before, after := readArchive(t, first), readArchive(t, second)
	earlier := func(path string) warc.Record { return only(t, before, base+path, "response") }

	for _, p := range []string{"/a", "/logo.png"} {
		rec := only(t, after, base+p, "revisit")
		checkRevisit(t, rec, warc.ProfileServerNotModified, earlier(p))
	}
	for p, orig := range map[string]string{"/a/child": "/a/child", "/orphan": "/orphan", "/moved-here": "/moved"} {
		rec := only(t, after, base+p, "revisit") // the moved page is the earlier /moved's payload
		checkRevisit(t, rec, warc.ProfileIdenticalPayload, earlier(orig))
	}
	for p, status := range map[string]string{"/": "200", "/b": "200", "/doc.pdf": "200", "/moved": "301",
		"/gone": "404", "/new": "200"} {
		only(t, after, base+p, "response")
		if line := after.status[base+p]; !strings.Contains(line, " "+status+" ") {
			t.Errorf("%s: %q, want %s", p, line, status)
		}
	}

	sum := loadSummary(t, second)
	if sum.NotModified != 2 || sum.Revisits != 5 || sum.Previous == nil || sum.Previous.Path != first {
		t.Errorf("summary: notModified %d revisits %d previous %+v", sum.NotModified, sum.Revisits, sum.Previous)
	}
	if sum.Previous != nil && (len(sum.Previous.WarcFiles) != 1 || filepath.Dir(sum.Previous.WarcFiles[0]) != first) {
		t.Errorf("summary previous WARC files %v, want the first crawl's", sum.Previous.WarcFiles)
	}
	checkRecrawlReplay(t, second, base)
	checkRecrawlWACZ(t, second)

	// A third month from the second: revisits refer to the first crawl's
	// records through the second's previous.txt, and replay finds them.
	third := t.TempDir()
	if res := salvage(context.Background(), append(recrawlArgs(third), "--previous", second)...); res.code != 0 {
		t.Fatalf("third crawl: exit %d\n%s", res.code, res.stderr)
	}
	last := readArchive(t, third)
	checkRevisit(t, only(t, last, base+"/a", "revisit"), warc.ProfileServerNotModified, earlier("/a"))
	checkRevisit(t, only(t, last, base+"/orphan", "revisit"), warc.ProfileIdenticalPayload, earlier("/orphan"))
	only(t, last, base+"/a/child", "revisit")
	only(t, last, base+"/new", "revisit")
	if _, ok := last.responses[base+"/gone"]; ok {
		t.Errorf("/gone, a 404 last month, was fetched again")
	}
	if txt := readFileString(t, filepath.Join(third, previousFileName)); !strings.Contains(txt, "warc "+before.files[0]+"\n") ||
		!strings.Contains(txt, "warc "+after.files[0]+"\n") {
		t.Errorf("previous.txt names neither month's WARC:\n%s", txt)
	}
	checkRecrawlReplay(t, third, base)
}

// only is u's one record, of type typ.
func only(t *testing.T, a archive, u, typ string) warc.Record {
	t.Helper()
	recs := a.responses[u]
	if len(recs) != 1 || recs[0].Type != typ {
		types := []string{}
		for _, r := range recs {
			types = append(types, r.Type)
		}
		t.Fatalf("%s: records %v, want one %s", u, types, typ)
	}
	return recs[0]
}

func checkRevisit(t *testing.T, rec warc.Record, profile string, orig warc.Record) {
	t.Helper()
	for field, want := range map[string]string{
		"WARC-Profile":              profile,
		"WARC-Refers-To":            orig.ID,
		"WARC-Refers-To-Target-URI": orig.TargetURI,
		"WARC-Refers-To-Date":       orig.Get("WARC-Date"),
		"WARC-Payload-Digest":       orig.Get("WARC-Payload-Digest"),
	} {
		if got := rec.Get(field); got != want {
			t.Errorf("%s revisit: %s %q, want %q", rec.TargetURI, field, got, want)
		}
	}
}

// checkRecrawlReplay: the folder alone replays its revisits, with the
// earlier WARC files its previous.txt names.
func checkRecrawlReplay(t *testing.T, dir, base string) {
	t.Helper()
	files, err := replayFiles([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := warc.BuildIndex(files)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/a", "/logo.png", "/a/child"} {
		capture, payload, ok := ix.Nearest(base+p, time.Now())
		if !ok || capture.Type != "revisit" || payload.Type != "response" || payload.Status != 200 {
			t.Errorf("replay %s: capture %+v payload %+v", p, capture, payload)
		}
	}
}

// checkRecrawlWACZ: the WACZ holds the earlier WARC file its revisits
// need, and is valid (and valid for warcio.js when the tools are installed).
func checkRecrawlWACZ(t *testing.T, dir string) {
	t.Helper()
	pkg := filepath.Join(dir, "salvage.wacz")
	faults, err := wacz.Check(pkg)
	if err != nil || len(faults) > 0 {
		t.Fatalf("wacz check: %v %v", err, faults)
	}
	warcs, err := wacz.ExtractWARCs(pkg, t.TempDir())
	if err != nil || len(warcs) != 2 {
		t.Errorf("WACZ WARC files %v (%v), want the new and the earlier one", warcs, err)
	}
	if pages := zipEntry(t, pkg, "pages/pages.jsonl"); !strings.Contains(pages, `/a","ts"`) {
		t.Errorf("the 304 page /a is not among the WACZ's pages:\n%s", pages)
	}
	warcCheck(t, pkg)
	warcCheck(t, folderWARCs(dir)...)
}

// warcCheck runs warcio.js's checks (testdata/replay/warc-check) on WARC or
// WACZ files, which must find no fault but a WACZ index's resolved 304
// lines (onlyNotModifiedResolved); it is skipped without node_modules
// unless the browser tools are required.
func warcCheck(t *testing.T, files ...string) {
	t.Helper()
	if os.Getenv("SALVAGE_REQUIRE_BROWSER") != "1" && !fileExists(filepath.Join("..", "..", "testdata", "replay", "node_modules", "warcio")) {
		t.Log("SKIP warc-check: testdata/replay/node_modules is not installed (make replay-deps)")
		return
	}
	node, modules := crawltest.BrowserTools(t, "../..", false, "warcio")
	checker := filepath.Join(filepath.Dir(modules), "warc-check")
	if out, err := exec.Command(node, append([]string{checker}, files...)...).CombinedOutput(); err != nil && !onlyNotModifiedResolved(string(out)) {
		t.Errorf("warc-check %v: %v\n%s", files, err, out)
	}
}

// notModifiedResolved is warc-check's report of the one deliberate
// difference of a WACZ's index from warcio.js's (README, Monthly archive):
// a 304 revisit's line carries its earlier capture's status, which
// ReplayWeb.page replays (it serves a revisit with its line's status).
var notModifiedResolved = regexp.MustCompile(`^FAIL cdxj-compare\(salvage\.wacz!indexes/index\.cdxj\): \S+ \d{14}: status: warcio="304" theirs="[23]\d\d"$`)

// onlyNotModifiedResolved: every failure warc-check lists is that one.
func onlyNotModifiedResolved(out string) bool {
	fails := 0
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "FAIL ") {
			continue
		}
		if !notModifiedResolved.MatchString(line) {
			return false
		}
		fails++
	}
	return fails > 0
}

// zipEntry is one file of a ZIP archive, as text.
func zipEntry(t *testing.T, path, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A bare CDXJ (no WARC files beside it): pages are fetched whole (their
// links must be read), leaves are asked If-Modified-Since their capture
// time, and unchanged payloads refer to the earlier capture by URI and date.
func TestRecrawlFromBareCDXJ(t *testing.T) {
	t.Parallel()
	site := newMonthlySite(t)
	base := site.srv.URL
	first, second, bare := t.TempDir(), t.TempDir(), t.TempDir()
	if res := salvage(context.Background(), append(recrawlArgs(first), base+"/")...); res.code != 0 {
		t.Fatalf("first crawl: exit %d\n%s", res.code, res.stderr)
	}
	cdx := filepath.Join(bare, "other-tool.cdxj")
	if err := os.WriteFile(cdx, []byte(readFileString(t, filepath.Join(first, "index.cdxj"))), 0o644); err != nil {
		t.Fatal(err)
	}
	site.version.Store(2)
	res := salvage(context.Background(), append(recrawlArgs(second), "--previous", cdx)...)
	if res.code != 2 || !strings.Contains(res.stderr, "its seeds are unknown") {
		t.Fatalf("without seeds: exit %d\n%s", res.code, res.stderr)
	}
	res = salvage(context.Background(), append(recrawlArgs(second), "--previous", cdx, base+"/")...)
	if res.code != 0 {
		t.Fatalf("recrawl: exit %d\n%s", res.code, res.stderr)
	}
	after := readArchive(t, second)
	logo := only(t, after, base+"/logo.png", "revisit")
	if logo.Get("WARC-Profile") != warc.ProfileServerNotModified || logo.Get("WARC-Refers-To") != "" ||
		logo.Get("WARC-Refers-To-Target-URI") != base+"/logo.png" {
		t.Errorf("logo revisit: %v", logo.Header)
	}
	a := only(t, after, base+"/a", "revisit") // fetched whole (no 304), the same payload
	if a.Get("WARC-Profile") == warc.ProfileServerNotModified || a.Get("WARC-Refers-To-Target-URI") != base+"/a" {
		t.Errorf("/a revisit: %v", a.Header)
	}
	only(t, after, base+"/a/child", "revisit")
	only(t, after, base+"/orphan", "revisit")
}

// The earlier folder cannot be the new one.
func TestRecrawlNeedsNewFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	res := salvage(context.Background(), append(recrawlArgs(dir), "--previous", dir, "http://127.0.0.1:1/")...)
	if res.code != 2 || strings.Count(strings.TrimSpace(res.stderr), "\n") != 0 ||
		!strings.Contains(res.stderr, "--previous must be another folder than --out") {
		t.Errorf("exit %d\n%s", res.code, res.stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the folder was written: %v", entries)
	}
}

// TestRecrawlSharedOnRedis: on a shared crawl, the first worker loads the
// earlier crawl's payloads into the Redis digest map (and its URLs into the
// frontier) once; a worker joining later does not load them again.
func TestRecrawlSharedOnRedis(t *testing.T) {
	id := requireRedis(t)
	site := newMonthlySite(t)
	base := site.srv.URL
	first := t.TempDir()
	if res := salvage(context.Background(), append(recrawlArgs(first), base+"/")...); res.code != 0 {
		t.Fatalf("first crawl: exit %d\n%s", res.code, res.stderr)
	}
	site.version.Store(2)
	loads := 0
	var outs []string
	for _, worker := range []string{"w1", "w2"} {
		out := t.TempDir()
		outs = append(outs, out)
		res := salvage(context.Background(), append(recrawlArgs(out), "--previous", first, "--log-level", "info",
			"--state", testRedisURL, "--crawl-id", id, "--worker-id", worker)...)
		if res.code != 0 {
			t.Fatalf("worker %s: exit %d\n%s", worker, res.code, res.stderr)
		}
		loads += strings.Count(res.stderr, "earlier crawl loaded")
	}
	if loads != 1 {
		t.Errorf("the earlier crawl was loaded %d times, want once", loads)
	}
	after := readArchive(t, outs[0])
	checkRevisit(t, only(t, after, base+"/a", "revisit"), warc.ProfileServerNotModified, only(t, readArchive(t, first), base+"/a", "response"))
	only(t, after, base+"/a/child", "revisit")
	only(t, after, base+"/orphan", "revisit")
	only(t, after, base+"/b", "response")

	// A shared crawl's worker folder holds no state: its seeds are read from
	// its warcinfo record.
	res := salvage(context.Background(), append(recrawlArgs(t.TempDir()), "--previous", outs[0], "--state", "memory")...)
	if res.code != 0 || !strings.Contains(res.stderr, "starting a new crawl of 1 seed(s)") {
		t.Errorf("recrawl of a worker's folder: exit %d\n%s", res.code, res.stderr)
	}
}

// TestRecrawlReplica: a recrawl of the unchanged replica (which answers 304
// to If-Modified-Since) archives every URL of its manifest once, as a full
// crawl does, mostly as revisits: the 304 pages led to their children.
func TestRecrawlReplica(t *testing.T) {
	t.Parallel()
	r := startReplica(t, crawltest.Config{MediaThrottle: 500 * time.Millisecond})
	first, second := t.TempDir(), t.TempDir()
	args := append([]string{"crawl", "--delay", "0", "--progress", "off", "--max-stream-time", "1s", "--no-report"},
		replicaArgs(t, r)...)
	if res := salvage(context.Background(), append(args, "--out", first, minusmaSeed)...); res.code != 0 {
		t.Fatalf("crawl: exit %d\n%s", res.code, res.stderr)
	}
	if res := salvage(context.Background(), append(args, "--out", second, "--previous", first)...); res.code != 0 {
		t.Fatalf("recrawl: exit %d\n%s", res.code, res.stderr)
	}
	a := readArchive(t, second)
	checkCapturedOnce(t, a, r.Manifest())
	sum := loadSummary(t, second)
	if sum.NotModified < len(r.Manifest().Pages)/2 || sum.Revisits < sum.Fetches/2 {
		t.Errorf("recrawl: %d fetches, %d revisits, %d not modified; want most unchanged", sum.Fetches, sum.Revisits, sum.NotModified)
	}
}

// TestRecrawlChangesReport: the recrawl's changes.json puts every URL of the
// monthly site in the class its change calls for, against the site's own
// list; changes.html opens on what was lost.
func TestRecrawlChangesReport(t *testing.T) {
	t.Parallel()
	site := newMonthlySite(t)
	base := site.srv.URL
	first, second := t.TempDir(), t.TempDir()
	args := func(out string) []string {
		return []string{"crawl", "--out", out, "--delay", "0", "--progress", "off", "--offline-report", "--no-sitemaps"}
	}
	if res := salvage(context.Background(), append(args(first), base+"/")...); res.code > 1 {
		t.Fatalf("first crawl: exit %d\n%s", res.code, res.stderr)
	}
	site.version.Store(2)
	res := salvage(context.Background(), append(args(second), "--previous", first)...)
	if res.code > 1 {
		t.Fatalf("recrawl: exit %d\n%s", res.code, res.stderr)
	}
	var rep changes.Report
	if err := json.Unmarshal([]byte(readFileString(t, filepath.Join(second, changes.JSONFile))), &rep); err != nil {
		t.Fatal(err)
	}
	want := map[string]policy.ChangeKind{
		"/": policy.ChangeChanged, "/a": policy.ChangeUnchanged, "/a/child": policy.ChangeUnchanged,
		"/b": policy.ChangeChanged, "/logo.png": policy.ChangeUnchanged, "/doc.pdf": policy.ChangeChanged,
		"/moved": policy.ChangeMoved, "/gone": policy.ChangeGone, "/orphan": policy.ChangeOrphaned,
		"/new": policy.ChangeNew, "/moved-here": policy.ChangeNew,
	}
	got := map[string]changes.Change{}
	for _, c := range rep.URLs {
		got[strings.TrimPrefix(c.URL, base)] = c
	}
	for p, k := range want {
		if got[p].Kind != k {
			t.Errorf("%s: %q, want %s", p, got[p].Kind, k)
		}
	}
	if len(got) != len(want)+1 { // and /robots.txt, a 404 both times
		t.Errorf("%d URLs in the report, want %d: %v", len(got), len(want)+1, got)
	}
	if got["/moved"].Target != base+"/moved-here" || got["/gone"].ReplayURL == "" {
		t.Errorf("moved target %q, gone replay %q", got["/moved"].Target, got["/gone"].ReplayURL)
	}
	page := readFileString(t, filepath.Join(second, changes.HTMLFile))
	if lost, changed := strings.Index(page, base+"/gone"), strings.Index(page, base+"/doc.pdf"); lost < 0 || changed < 0 || lost > changed {
		t.Errorf("changes.html: gone at %d, changed at %d; want what was lost first", lost, changed)
	}
	if !strings.Contains(res.stdout, "changes since") {
		t.Errorf("the summary has no changes section:\n%s", res.stdout)
	}
	// verify reads the recrawl with the earlier WARC files its previous.txt
	// names: a 304 page is its earlier 2xx page, with its links, so compared
	// with the crawl's own link report nothing broke.
	out := t.TempDir()
	v := salvage(context.Background(), "verify", "--offline", "--out", out, "--previous", filepath.Join(second, "links.json"), "--fail-on-new", second)
	if v.code != 0 {
		t.Errorf("verify --fail-on-new of the recrawl against its own links.json: exit %d\n%s%s", v.code, v.stdout, v.stderr)
	}
	var own, again verify.Report
	json.Unmarshal([]byte(readFileString(t, filepath.Join(second, "links.json"))), &own)
	json.Unmarshal([]byte(readFileString(t, filepath.Join(out, "links.json"))), &again)
	if len(own.Links) == 0 || len(again.Links) != len(own.Links) {
		t.Errorf("verify of the recrawl found %d link targets, the crawl %d", len(again.Links), len(own.Links))
	}
	// Against last month's report: /gone and /orphan are no longer linked
	// (nothing that is still linked broke), so --fail-on-new passes.
	v = salvage(context.Background(), "verify", "--offline", "--out", t.TempDir(), "--previous", filepath.Join(first, "links.json"), "--fail-on-new", second)
	if v.code != 0 || !strings.Contains(v.stdout, "0 ok before and a problem now, 2 no longer linked") {
		t.Errorf("verify --previous last month --fail-on-new: exit %d\n%s%s", v.code, v.stdout, v.stderr)
	}
}

func TestOnlyNotModifiedResolved(t *testing.T) {
	resolved := `  FAILURES (2)
    FAIL cdxj-compare(salvage.wacz!indexes/index.cdxj): http://127.0.0.1:33365/a 20261205144144: status: warcio="304" theirs="200"
    FAIL cdxj-compare(salvage.wacz!indexes/index.cdxj): http://127.0.0.1:33365/logo.png 20261205144144: status: warcio="304" theirs="200"`
	other := resolved + "\n    FAIL cdxj-compare(salvage.wacz!indexes/index.cdxj): http://h/b 20261205144144: digest: warcio=\"x\" theirs=\"y\""
	if !onlyNotModifiedResolved(resolved) || onlyNotModifiedResolved(other) || onlyNotModifiedResolved("FAILURES (0)") {
		t.Error("onlyNotModifiedResolved: want true for the resolved 304 lines alone")
	}
}

// TestRecrawlFoldsPerRequestTokens: a page whose search form carries a new
// build id and token in every response, and whose script a new CSP nonce,
// is unchanged in a recrawl when nothing else changed; an edited page is
// changed.
func TestRecrawlFoldsPerRequestTokens(t *testing.T) {
	t.Parallel()
	var n, version atomic.Int32
	version.Store(1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := fmt.Sprintf("form-%d-%x", n.Add(1), time.Now().UnixNano())
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		form := `<script nonce="` + id + `">var s = {"form_build_id":"` + id + `"};</script>` +
			`<form method="post"><input type="hidden" name="form_build_id" value="` + id + `">` +
			`<input type="hidden" name="form_token" value="` + id + `"></form>`
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<!doctype html><title>home</title>`+form+`<a href="/edited">e</a>`)
		case "/edited":
			fmt.Fprintf(w, `<!doctype html><title>edited</title>%s<p>version %d</p>`, form, version.Load())
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	first, second := t.TempDir(), t.TempDir()
	if res := salvage(context.Background(), append(recrawlArgs(first), srv.URL+"/")...); res.code != 0 {
		t.Fatalf("first crawl: exit %d\n%s", res.code, res.stderr)
	}
	version.Store(2)
	if res := salvage(context.Background(), append(recrawlArgs(second), "--previous", first)...); res.code != 0 {
		t.Fatalf("recrawl: exit %d\n%s", res.code, res.stderr)
	}
	got := recrawlChanges(t, second)
	for p, want := range map[string]policy.ChangeKind{"/": policy.ChangeUnchanged, "/edited": policy.ChangeChanged} {
		if got[srv.URL+p] != want {
			t.Errorf("%s: %s, want %s", p, got[srv.URL+p], want)
		}
	}
}
