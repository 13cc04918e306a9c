package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/crawltest"
)

const minusmaSeed = "https://minusma.unmissions.org/en"

// TestCrawlReplica crawls the whole replica and checks the archive URL by URL
// against the replica's manifest.
func TestCrawlReplica(t *testing.T) {
	t.Parallel()
	r := startReplica(t, crawltest.Config{MediaThrottle: 500 * time.Millisecond})
	out := t.TempDir()
	args := append([]string{"crawl", "--out", out, "--delay", "0", "--progress", "off",
		"--max-stream-time", "1s", "--warc-size", "400KB", "--offline-report"}, replicaArgs(t, r)...)
	args = append(args, minusmaSeed)
	res := salvage(context.Background(), args...)
	if res.code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
	a := readArchive(t, out)
	m := r.Manifest()
	t.Logf("%d WARC files, %d URLs archived; manifest: %d pages, %d requisites, %d PDFs, %d off-site requisites, %d replica hits",
		len(a.files), len(a.responses), len(m.Pages), len(m.Requisites), len(m.PDFs), len(m.OffsiteRequisites), len(r.Requests()))
	if len(a.files) < 2 {
		t.Errorf("%d WARC files; --warc-size 400KB should rotate", len(a.files))
	}
	t.Run("captured once", func(t *testing.T) { checkCapturedOnce(t, a, m) })
	t.Run("statuses", func(t *testing.T) { checkStatuses(t, a, m) })
	t.Run("nothing out of scope", func(t *testing.T) { checkNothingOutOfScope(t, a, r, m) })
	t.Run("stream sample", func(t *testing.T) {
		if got := a.truncated[m.Stream]; got != "time" && got != "length" {
			t.Errorf("radio stream %s: WARC-Truncated %q, want a truncated sample", m.Stream, got)
		}
	})
	t.Run("logs", func(t *testing.T) { checkLogs(t, out, m) })
	t.Run("traps", func(t *testing.T) { t.Logf("requests per trap: %v", checkTrapCosts(t, out, r, m)) })
	t.Run("discovery", func(t *testing.T) { checkDiscovery(t, out, a, m) })
	t.Run("deferred", func(t *testing.T) { checkDeferredRerun(t, r, out, args) }) // last: it runs the crawl again
}

// checkCapturedOnce: every page, requisite and PDF is archived exactly once
// (a response, or a revisit when its payload was already stored).
func checkCapturedOnce(t *testing.T, a archive, m crawltest.Manifest) {
	lists := manifestKinds(m)
	lists["sitemap-only"], lists["feed-only"], lists["hreflang-only"] = m.SitemapOnly, m.FeedOnly, m.HreflangOnly
	for kind, urls := range lists {
		for _, u := range urls {
			if n := a.final(u); n != 1 {
				t.Errorf("%s %s archived %d times, want once (%v)", kind, u, n, a.lines[u])
			}
		}
	}
	checkMazePagesOnce(t, a, m)
	for _, u := range m.Pages {
		if len(a.responses[u]) == 1 && a.responses[u][0].Type == "response" && a.metadata[u] == 0 {
			t.Errorf("page %s has no metadata record of its outlinks", u)
		}
	}
}

func checkStatuses(t *testing.T, a archive, m crawltest.Manifest) {
	for _, u := range m.Redirects {
		if s := a.status[u]; !strings.Contains(s, " 30") {
			t.Errorf("redirect %s archived with status line %q", u, s)
		}
	}
	for _, u := range m.NotFound {
		if s := a.status[u]; !strings.Contains(s, " 404") {
			t.Errorf("not-found %s archived with status line %q", u, s)
		}
	}
	for _, u := range m.Pages {
		if s := a.status[u]; len(a.responses[u]) == 1 && a.responses[u][0].Type == "response" && !strings.Contains(s, " 200") {
			t.Errorf("page %s archived with status line %q", u, s)
		}
	}
}

// checkNothingOutOfScope: the replica's own request log holds only URLs the
// manifest says a crawl may fetch, plus each host's robots.txt, the views of
// the session mazes' pages and the members of its trap families (whose
// costs checkTrapCosts bounds).
func checkNothingOutOfScope(t *testing.T, a archive, r *crawltest.Replica, m crawltest.Manifest) {
	allowed := map[string]bool{m.Stream: true, m.RetryLater: true}
	for _, list := range [][]string{m.Seeds, m.Pages, m.Requisites, m.PDFs, m.Redirects, m.NotFound,
		m.Traps, m.Discovery, m.OffsiteRequisites, m.SitemapOnly, m.FeedOnly, m.HreflangOnly} {
		for _, u := range list {
			allowed[u] = true
		}
	}
	for _, h := range r.Requests() {
		if strings.HasSuffix(h.URL, "/robots.txt") || allowed[h.URL] || trapMember(m, h.URL) != "" {
			continue
		}
		t.Errorf("fetched %s (%s %s), which is not in scope", h.URL, h.Host, h.Path)
	}
	for _, u := range m.RobotsDisallowed {
		if a.requests[u] > 0 {
			t.Errorf("robots.txt disallows %s, yet it was fetched", u)
		}
	}
	for u := range m.External {
		if a.requests[u] > 0 && !contains(m.OffsiteRequisites, u) {
			t.Errorf("off-site page %s was fetched; off-site pages are outlinks only", u)
		}
	}
}

// trapMember names the trap family or session maze u belongs to, "" if none.
func trapMember(m crawltest.Manifest, u string) string {
	for _, f := range m.TrapFamilies {
		if strings.HasPrefix(u, f.Prefix) {
			return f.Name
		}
	}
	if strings.HasPrefix(u, m.TrapPrefix) {
		return "calendar"
	}
	for _, z := range m.SessionMazes {
		if _, ok := z.Page(u); ok {
			return "maze " + z.Param
		}
	}
	return ""
}

// checkMazePagesOnce: every page of every session maze is archived once,
// whatever session id its URL carried.
func checkMazePagesOnce(t *testing.T, a archive, m crawltest.Manifest) {
	got := map[string]int{}
	for u := range a.responses {
		for _, z := range m.SessionMazes {
			if page, ok := z.Page(u); ok {
				got[page] += a.final(u)
			}
		}
	}
	for _, z := range m.SessionMazes {
		for _, p := range z.Pages {
			if got[p] != 1 {
				t.Errorf("maze (%s) page %s archived %d times, want once", z.Param, p, got[p])
			}
		}
	}
}

// maxTrapFetches is what one trap family or session maze may cost a crawl.
const maxTrapFetches = 30

// checkTrapCosts: each trap family and each session maze costs at most a
// few dozen requests (the replica's own log), and each is logged refused.
func checkTrapCosts(t *testing.T, out string, r *crawltest.Replica, m crawltest.Manifest) map[string]int {
	cost := map[string]int{}
	for _, h := range r.Requests() {
		if name := trapMember(m, h.URL); name != "" {
			cost[name]++
		}
	}
	for name, n := range cost {
		if n > maxTrapFetches {
			t.Errorf("trap %s cost %d requests, more than %d", name, n, maxTrapFetches)
		}
	}
	log := readFileString(t, filepath.Join(out, "crawl.log"))
	for _, f := range m.TrapFamilies {
		if !strings.Contains(log, " "+f.Prefix) || !strings.Contains(log, "-4000          - "+f.Prefix) {
			t.Errorf("crawl.log shows no refusal in trap family %s (%s)", f.Name, f.Prefix)
		}
	}
	return cost
}

func checkLogs(t *testing.T, out string, m crawltest.Manifest) {
	log := readFileString(t, filepath.Join(out, "crawl.log"))
	for _, u := range m.RobotsDisallowed {
		if !strings.Contains(log, "-9998          - "+u+" ") {
			t.Errorf("crawl.log does not show %s refused by robots.txt (-9998)", u)
		}
	}
	if !strings.Contains(log, " "+m.Stream+" ") || !strings.Contains(log, "timeTrunc") {
		t.Errorf("crawl.log does not show the stream as timeTrunc")
	}
	if !strings.Contains(log, "trap:calendar-steps") {
		t.Errorf("crawl.log does not show the calendar trap refused")
	}
	sum := loadSummary(t, out)
	if len(sum.Deferred) != 1 || sum.Deferred[0].URL != m.RetryLater || sum.Deferred[0].Status != 503 {
		t.Errorf("summary.json deferred %+v, want %s (503)", sum.Deferred, m.RetryLater)
	}
	if sum.Pages < len(m.Pages) || sum.PDFs != len(m.PDFs) || sum.Truncated < 1 {
		t.Errorf("summary pages %d (manifest %d), PDFs %d (manifest %d), truncated %d",
			sum.Pages, len(m.Pages), sum.PDFs, len(m.PDFs), sum.Truncated)
	}
}

// checkDeferredRerun: the page that answered 503 Retry-After 3600 was
// deferred; once it answers, the same command fetches it and nothing else.
func checkDeferredRerun(t *testing.T, r *crawltest.Replica, out string, args []string) {
	m := r.Manifest()
	before := len(r.Requests())
	r.SetRetryLater(false)
	res := salvage(context.Background(), args...)
	if res.code != 0 {
		t.Fatalf("rerun exit %d\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	var fetched []string
	for _, h := range r.Requests()[before:] {
		fetched = append(fetched, h.URL)
	}
	if !contains(fetched, m.RetryLater) {
		t.Errorf("rerun did not fetch the deferred %s; it fetched %v", m.RetryLater, fetched)
	}
	if len(fetched) > 20 {
		t.Errorf("rerun fetched %d URLs, want the deferred page and what it links anew: %v", len(fetched), fetched)
	}
	if a := readArchive(t, out); a.final(m.RetryLater) != 1 {
		t.Errorf("deferred page %s: %v captures after the rerun, want one answer", m.RetryLater, a.lines[m.RetryLater])
	}
}
