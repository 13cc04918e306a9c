package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/crawltest"
	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// classOfBehaviour is the link class each replica behaviour must land in.
var classOfBehaviour = map[string]policy.LinkClass{
	crawltest.ExternalOK:            policy.ClassOK,
	crawltest.ExternalNotFound:      policy.ClassNotFound,
	crawltest.ExternalLoginRedirect: policy.ClassLoginWall,
	crawltest.ExternalNoPhotos:      policy.ClassOK, // the link answers; the feed is what is closed
	crawltest.ExternalForbiddenBot:  policy.ClassBotBlocked,
	crawltest.ExternalAuthRequired:  policy.ClassLoginWall,
	crawltest.ExternalSoft404:       policy.ClassSoft404,
	crawltest.ExternalRedirectLoop:  policy.ClassServerError,
	crawltest.ExternalSlow:          policy.ClassTimeout,
	crawltest.ExternalStream:        policy.ClassStream,
	crawltest.ExternalRefused:       policy.ClassRefused,
}

// crawlForVerify crawls the replica once (link report offline) and returns the output folder.
func crawlForVerify(t *testing.T, r *crawltest.Replica) string {
	t.Helper()
	out := t.TempDir()
	args := append([]string{"crawl", "--out", out, "--delay", "0", "--progress", "off",
		"--max-stream-time", "500ms", "--offline-report"}, replicaArgs(t, r)...)
	if res := salvage(context.Background(), append(args, minusmaSeed)...); res.code != 0 {
		t.Fatalf("crawl exit %d: %s", res.code, res.stderr)
	}
	return out
}

func loadReport(t *testing.T, path string) (*verify.Report, map[string]verify.Link) {
	t.Helper()
	var rep verify.Report
	if err := json.Unmarshal([]byte(readFileString(t, path)), &rep); err != nil {
		t.Fatal(err)
	}
	byURL := map[string]verify.Link{}
	for _, l := range rep.Links {
		byURL[l.URL] = l
	}
	return &rep, byURL
}

// TestVerifyReplicaLinks: every link and feed of the replica lands in the class
// its fixture says, link by link; the radio is down, so its port refuses.
// The slow host answers after 8 s and checks time out at 3 s: margins wide
// enough that a loaded machine (load average 15 seen) does not time out the rest.
func TestVerifyReplicaLinks(t *testing.T) {
	t.Parallel()
	r := startReplica(t, crawltest.Config{SlowDelay: 8 * time.Second})
	out := crawlForVerify(t, r)
	r.SetRadioDown(true)
	// --scope host: the radio on mikadofm.minusma.unmissions.org is external, so checked live.
	args := append([]string{"verify", "--out", out, "--seed", minusmaSeed, "--scope", "host", "--check-timeout", "3s",
		"--check-rate", "1000", "--check-per-host", "4", "--fail-on", "not-found"}, replicaArgs(t, r)...)
	res := salvage(context.Background(), append(args, out)...)
	if res.code != cli.ExitProblems {
		t.Fatalf("verify exit %d, want %d (not-found links exist)\n%s\n%s", res.code, cli.ExitProblems, res.stdout, res.stderr)
	}
	rep, links := loadReport(t, filepath.Join(out, "links.json"))
	m := r.Manifest()
	t.Logf("%d links: %v", len(rep.Links), rep.Counts)
	checkExternalClasses(t, links, m)
	checkInternalClasses(t, links, m)
	checkFeeds(t, rep)
	checkArchiveAware(t, links, m)
	for _, f := range []string{"links.html", "links.csv", "links.md", "links.junit.xml", "links.sarif", "missing.txt"} {
		if fi, err := os.Stat(filepath.Join(out, f)); err != nil || fi.Size() == 0 {
			t.Errorf("report %s missing or empty: %v", f, err)
		}
	}
}

func checkExternalClasses(t *testing.T, links map[string]verify.Link, m crawltest.Manifest) {
	seen := 0
	for u, behaviour := range m.External {
		l, ok := links[u]
		if !ok {
			continue // a login page or redirect target: not linked from any page
		}
		seen++
		want, known := classOfBehaviour[behaviour]
		if !known {
			t.Errorf("no expected class for behaviour %q", behaviour)
			continue
		}
		if l.Class != want {
			t.Errorf("%s (%s): class %s (%s), want %s", u, behaviour, l.Class, l.Evidence, want)
		}
	}
	if seen < 15 {
		t.Errorf("only %d of the replica's external URLs appear as links", seen)
	}
	if l := links[m.Stream]; l.Class != policy.ClassRefused {
		t.Errorf("radio %s with its port closed: %s (%s), want refused", m.Stream, l.Class, l.Evidence)
	}
}

func checkInternalClasses(t *testing.T, links map[string]verify.Link, m crawltest.Manifest) {
	expect := func(urls []string, want policy.LinkClass, minShare float64) {
		found := 0
		for _, u := range urls {
			l, ok := links[u]
			if !ok {
				continue
			}
			found++
			if strings.Contains(u, "://"+m.RateLimitedHost+"/") && l.Class == want {
				continue // with --scope host, the media subdomain is external (checked live)
			}
			if l.Class != want || !l.Internal {
				t.Errorf("internal %s: %s (%s, internal=%v), want %s", u, l.Class, l.Evidence, l.Internal, want)
			}
		}
		if float64(found) < minShare*float64(len(urls)) {
			t.Errorf("%d of %d %s URLs appear as links", found, len(urls), want)
		}
	}
	expect(m.Pages, policy.ClassOK, 0.9)
	expect(m.PDFs, policy.ClassOK, 1)
	expect(m.NotFound, policy.ClassNotFound, 1)
	expect(m.Redirects, policy.ClassRedirected, 0.6)
	expect(m.RobotsDisallowed, policy.ClassRobotsExcluded, 1)
	for u, l := range links {
		if strings.HasPrefix(u, "mailto:") || strings.HasPrefix(u, "tel:") || strings.HasPrefix(u, "javascript:") {
			if l.Class != policy.ClassNotChecked {
				t.Errorf("%s: %s, want not-checked", u, l.Class)
			}
		}
	}
}

func checkFeeds(t *testing.T, rep *verify.Report) {
	want := map[string]policy.FeedState{
		"twitter timeline": policy.FeedClosed, "flickr photos": policy.FeedClosed,
		"instagram profile": policy.FeedUnverifiable, "soundcloud profile": policy.FeedClosed,
		"youtube embed": policy.FeedLive, "facebook page": policy.FeedUnverifiable,
	}
	got := map[string]policy.FeedState{}
	for _, f := range rep.Feeds {
		got[f.Platform+" "+f.Kind] = f.State
		if strings.Contains(f.URL, ":8001/") && f.State != policy.FeedClosed {
			t.Errorf("radio feed %s with the port refusing: %s, want closed (%v)", f.URL, f.State, f.Evidence)
		}
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("feed %s: %q, want %q (all: %v)", k, got[k], w, got)
		}
	}
}

// checkArchiveAware: archived links say where; dead links with a capture get a replay URL.
func checkArchiveAware(t *testing.T, links map[string]verify.Link, m crawltest.Manifest) {
	for _, u := range m.Pages[:10] {
		if l := links[u]; l.Captured == nil || l.Captured.File == "" || l.Captured.Status != 200 {
			t.Errorf("page %s: capture %+v, want the WARC file and status 200", u, l.Captured)
		}
	}
	// The radio refuses now, but the crawl archived a sample of it: point there.
	if l := links[m.Stream]; l.Captured == nil || !strings.HasSuffix(l.ReplayURL, "/"+m.Stream) {
		t.Errorf("dead radio link %s: capture %+v, replay URL %q", m.Stream, l.Captured, l.ReplayURL)
	}
}
