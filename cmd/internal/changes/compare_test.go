package changes

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
	"github.com/salvage-archive/salvage/warc/cdxj"
)

const hostile = `https://ex.org/"><script>alert(1)</script>`

var t0 = time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)

// capture is one hand-made index line: URL, minutes after t0, status,
// digest and mime.
type capture struct {
	url         string
	min, status int
	digest      string
	mime        string
}

func writeIndex(t *testing.T, path string, caps []capture) {
	t.Helper()
	var b strings.Builder
	for i, c := range caps {
		r := cdxj.Record{URL: c.url, Time: t0.Add(time.Duration(c.min) * time.Minute), Status: c.status, Digest: c.digest,
			Mime: c.mime, Length: 100, Offset: int64(i * 100), Filename: "crawl.warc.gz"}
		b.WriteString(r.Line(func(string) string { return "org,ex)/" }) + "\n")
	}
	writeFile(t, path, b.String())
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeLinks(t *testing.T, path string, rep *verify.Report) {
	t.Helper()
	rep.Schema = verify.SchemaVersion
	raw, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, string(raw))
}

// link is a link target on page with class c.
func link(u string, c policy.LinkClass, pages ...string) verify.Link {
	l := verify.Link{URL: u, Class: c}
	for _, p := range pages {
		l.Appearances = append(l.Appearances, verify.Appearance{Page: p, Element: "a"})
	}
	return l
}

const home = "https://ex.org/"

// fixture writes an earlier and a current crawl folder with every kind of
// change and returns their paths.
func fixture(t *testing.T) (prev, cur string) {
	prev, cur = filepath.Join(t.TempDir(), "prev"), filepath.Join(t.TempDir(), "cur")
	os.MkdirAll(prev, 0o755)
	os.MkdirAll(cur, 0o755)
	html := "text/html"
	writeIndex(t, filepath.Join(prev, "index.cdxj"), []capture{
		{home, 0, 200, "H", html},
		{home + "same", 1, 200, "S", html},
		{home + "revisit", 1, 200, "R", html},
		{home + "not-modified", 1, 200, "N", html},
		{home + "changed", 1, 200, "C1", html},
		{home + "gone", 1, 200, "G", "application/pdf"},
		{home + "logo.png", 1, 200, "L", "image/png"},
		{hostile, 1, 200, "X", html},
		{home + "refused", 1, 200, "F", html},
		{home + "moved", 1, 200, "M", html},
		{home + "orphan", 1, 200, "O", html},
		{home + "skipped", 1, 200, "K", html},
		{home + "latest", 1, 200, "OLD", html},
		{home + "latest", 2, 200, "X", html}, // the later capture is the one compared
		{home + "sitemap.xml", 1, 200, "SM", "application/xml"},
	})
	writeIndex(t, filepath.Join(cur, "index.cdxj"), []capture{
		{home, 100, 200, "H", html},
		{home + "same", 101, 200, "S", html},
		{home + "revisit", 101, 200, "R", "warc/revisit"},
		{home + "sitemap.xml", 101, 200, "SM", "application/xml"}, // found through robots.txt: no link to it
		{home + "not-modified", 101, 304, "", "warc/revisit"},
		{home + "changed", 101, 200, "C2", html},
		{home + "gone", 101, 404, "G404", html},
		{home + "logo.png", 101, 410, "", "text/html"},
		{hostile, 101, 500, "E", html},
		{home + "moved", 101, 301, "", html},
		{home + "orphan", 101, 200, "O", html},
		{home + "latest", 104, 200, "X", html}, // latest, though listed first
		{home + "latest", 103, 200, "Y", html},
		{home + "new", 101, 200, "W", html},
	})
	writeLinks(t, filepath.Join(prev, "links.json"), &verify.Report{Generated: t0, Links: []verify.Link{
		link(home+"same", policy.ClassOK, home), link(home+"orphan", policy.ClassOK, home+"same"),
		link("https://other.org/broke", policy.ClassOK, home), link("https://other.org/was-bad", policy.ClassNotFound, home),
		link("https://other.org/redir", policy.ClassRedirected, home), link("https://other.org/dropped", policy.ClassOK, home),
	}, Feeds: []verify.Feed{
		{Platform: "twitter", Kind: "timeline", URL: "https://twitter.com/ex", State: policy.FeedLive},
		{Platform: "flickr", Kind: "photos", URL: "https://flickr.com/ex", State: policy.FeedUnverifiable},
	}})
	moved := link(home+"moved", policy.ClassRedirected, home)
	moved.Chain = []verify.Hop{{URL: home + "moved", Status: 301, Location: "/moved-here"}, {URL: home + "moved-here", Status: 200}}
	broke := link("https://other.org/broke", policy.ClassTimeout, home, home+"same", home)
	broke.Evidence = "timeout: no answer"
	writeLinks(t, filepath.Join(cur, "links.json"), &verify.Report{Generated: t0.Add(time.Hour), Seeds: []string{home}, Links: []verify.Link{
		link(home+"same", policy.ClassOK, home), link(home+"revisit", policy.ClassOK, home), link(home+"not-modified", policy.ClassOK, home),
		link(home+"changed", policy.ClassOK, home), link(home+"gone", policy.ClassNotFound, home), link(home+"logo.png", policy.ClassNotFound, home),
		link(hostile, policy.ClassServerError, home), link(home+"refused", policy.ClassRobotsExcluded, home), moved,
		link(home+"latest", policy.ClassOK, home), link(home+"new", policy.ClassOK, home), link(home+"orphan", policy.ClassOK),
		broke, link("https://other.org/was-bad", policy.ClassServerError, home), link("https://other.org/redir", policy.ClassOK, home),
		link("https://other.org/fresh", policy.ClassOK, home),
	}, Feeds: []verify.Feed{
		{Platform: "twitter", Kind: "timeline", URL: "https://twitter.com/ex", State: policy.FeedClosed, Evidence: []string{"closed marker"}},
		{Platform: "flickr", Kind: "photos", URL: "https://flickr.com/ex", State: policy.FeedClosed},
	}})
	return prev, cur
}

func load(t *testing.T, path string) *Source {
	t.Helper()
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func kinds(r *Report) map[string]policy.ChangeKind {
	m := map[string]policy.ChangeKind{}
	for _, c := range r.URLs {
		m[c.URL] = c.Kind
	}
	return m
}

func TestCompareEveryKind(t *testing.T) {
	prev, cur := fixture(t)
	r := Compare(load(t, prev), load(t, cur), Options{Clock: func() time.Time { return t0 }})
	want := map[string]policy.ChangeKind{
		home: policy.ChangeUnchanged, home + "same": policy.ChangeUnchanged, home + "revisit": policy.ChangeUnchanged,
		home + "not-modified": policy.ChangeUnchanged, home + "changed": policy.ChangeChanged, home + "gone": policy.ChangeGone,
		home + "logo.png": policy.ChangeGone, hostile: policy.ChangeGone, home + "refused": policy.ChangeGone,
		home + "moved": policy.ChangeMoved, home + "orphan": policy.ChangeOrphaned, home + "skipped": policy.ChangeNotRecrawled,
		home + "latest": policy.ChangeUnchanged, home + "new": policy.ChangeNew, home + "sitemap.xml": policy.ChangeUnchanged,
	}
	got := kinds(r)
	for u, k := range want {
		if got[u] != k {
			t.Errorf("%s: %s, want %s", u, got[u], k)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d URLs, want %d: %v", len(got), len(want), got)
	}
	if r.Counts[policy.ChangeGone] != 4 || r.Counts[policy.ChangeUnchanged] != 6 || len(r.Counts) != len(policy.ChangeKinds()) {
		t.Errorf("counts %v", r.Counts)
	}
	checkDetails(t, r)
}

func checkDetails(t *testing.T, r *Report) {
	t.Helper()
	lost := r.Lost()
	if len(lost) != 5 || !lost[0].Document || lost[0].Kind != policy.ChangeGone || lost[len(lost)-1].Kind != policy.ChangeMoved {
		t.Errorf("lost: documents first, gone before moved: %+v", lost)
	}
	for _, c := range r.URLs {
		switch c.URL {
		case home + "moved":
			if c.Target != home+"moved-here" || c.ReplayURL != "/20261101100100/"+home+"moved" {
				t.Errorf("moved: target %q, replay %q", c.Target, c.ReplayURL)
			}
		case home + "refused":
			if c.Class != policy.ClassRobotsExcluded || c.After != nil {
				t.Errorf("refused: %+v", c)
			}
		case home + "logo.png":
			if c.Document {
				t.Errorf("an image counted as a document")
			}
		}
	}
	rot := r.Links
	if !r.LinksCompared || len(rot.Broken) != 1 || rot.Broken[0].URL != "https://other.org/broke" || rot.Broken[0].Before != policy.ClassOK ||
		rot.Broken[0].After != policy.ClassTimeout || len(rot.Broken[0].Pages) != 2 {
		t.Errorf("broken links: %+v", rot.Broken)
	}
	if strings.Join(rot.Disappeared, " ") != "https://ex.org/orphan https://other.org/dropped" {
		t.Errorf("disappeared: %v", rot.Disappeared)
	}
	if len(rot.Appeared) == 0 || !contains(rot.Appeared, "https://other.org/fresh") || contains(rot.Appeared, home+"same") {
		t.Errorf("appeared: %v", rot.Appeared)
	}
	if len(r.Feeds) != 1 || r.Feeds[0].Platform != "twitter" || r.Feeds[0].After != policy.FeedClosed {
		t.Errorf("closed feeds: %+v", r.Feeds)
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// A bare CDXJ as the earlier crawl: URLs compared, links not (and the
// report says so); every URL it captured counts as linked before, but a
// sitemap is never orphaned (no link report holds discovery's edges).
func TestCompareBareCDXJ(t *testing.T) {
	prev, cur := fixture(t)
	r := Compare(load(t, filepath.Join(prev, "index.cdxj")), load(t, cur), Options{})
	got := kinds(r)
	if got[home+"gone"] != policy.ChangeGone || got[home+"orphan"] != policy.ChangeOrphaned || got[home] != policy.ChangeUnchanged ||
		got[home+"revisit"] != policy.ChangeUnchanged || got[home+"sitemap.xml"] != policy.ChangeUnchanged {
		t.Errorf("kinds: %v", got)
	}
	if r.LinksCompared || !strings.Contains(r.NotCompared, "earlier crawl has no link report") || len(r.Links.Broken) != 0 {
		t.Errorf("links compared from a bare CDXJ: %+v %q", r.Links, r.NotCompared)
	}
	lines := strings.Join(Lines(r), "\n")
	if !strings.Contains(lines, "4 gone, 1 moved, 1 changed, 1 orphaned, 1 not-recrawled, 1 new, 6 unchanged") || !strings.Contains(lines, "no link report") {
		t.Errorf("lines:\n%s", lines)
	}
}

func TestLoadErrorsAreOneLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "links.json")
	writeFile(t, bad, "{\"schema\": \"2.0\"}")
	if _, err := LoadLinks(bad); err == nil || !strings.Contains(err.Error(), "schema 1.x") {
		t.Errorf("schema 2.0: %v", err)
	}
	writeFile(t, bad, "{\n\"links\": [1,\n")
	if _, err := LoadLinks(bad); err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "not a link report") {
		t.Errorf("broken JSON: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "nothing")); err == nil {
		t.Error("Load of a missing path: no error")
	}
	writeFile(t, filepath.Join(dir, "index.cdxj"), "garbage\n")
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("Load of a bad index: %v", err)
	}
}

// TestCompareFoldsSessionIDs: a session maze hands out new ids in every
// crawl; its pages are the same URLs of the report (unchanged or changed),
// not one orphaned and one new, whether the parameter is a known one
// (jsessionid) or one learned from the crawls' URLs (visit).
func TestCompareFoldsSessionIDs(t *testing.T) {
	prev, cur := filepath.Join(t.TempDir(), "prev"), filepath.Join(t.TempDir(), "cur")
	os.MkdirAll(prev, 0o755)
	os.MkdirAll(cur, 0o755)
	html := "text/html"
	writeIndex(t, filepath.Join(prev, "index.cdxj"), []capture{
		{home + "portal;jsessionid=8C2D0E7A41F9B3C65D1E0A7F29B48C3E", 1, 200, "P", html},
		{home + "survey/step-2?visit=6vt7Z6ped9lNxL_Vkc0M", 1, 200, "S2", html},
		{home + "survey/step-3?visit=6vt7Z6ped9lNxL_Vkc0M", 1, 200, "S3", html},
	})
	writeIndex(t, filepath.Join(cur, "index.cdxj"), []capture{
		{home + "portal;jsessionid=87959EDF6AFC9AA1CD14CD2721775B85", 101, 200, "P2", html},
		{home + "survey/step-2?visit=Qx81mZ0aa3LpWv9Ytt2K", 101, 200, "S2", html},
		{home + "survey/step-3?visit=Qx81mZ0aa3LpWv9Ytt2K", 101, 200, "S3", html},
	})
	p, err := Load(prev)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(cur)
	if err != nil {
		t.Fatal(err)
	}
	r := Compare(p, c, Options{})
	got := map[string]policy.ChangeKind{}
	for _, ch := range r.URLs {
		got[ch.URL] = ch.Kind
	}
	want := map[string]policy.ChangeKind{
		home + "portal;jsessionid=87959EDF6AFC9AA1CD14CD2721775B85": policy.ChangeChanged,
		home + "survey/step-2?visit=Qx81mZ0aa3LpWv9Ytt2K":           policy.ChangeUnchanged,
		home + "survey/step-3?visit=Qx81mZ0aa3LpWv9Ytt2K":           policy.ChangeUnchanged,
	}
	if len(got) != len(want) {
		t.Fatalf("changes %v, want %v", got, want)
	}
	for u, k := range want {
		if got[u] != k {
			t.Errorf("%s: %s, want %s", u, got[u], k)
		}
	}
}
