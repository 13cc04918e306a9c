package main

import (
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/cmd/internal/changes"
	"github.com/salvage-archive/salvage/crawler/crawltest"
	"github.com/salvage-archive/salvage/policy"
	"github.com/salvage-archive/salvage/warc"
)

// TestRecrawlReplicaSecondVersion: the replica as it closed is crawled;
// then the replica a month later (pages edited, removed, moved with a 301,
// unlinked but served, new pages, a PDF replaced) is recrawled with
// --previous. Every URL the replica says is unchanged is a revisit record
// (server-not-modified or identical payload); changes.json puts every URL of
// the replica's own list of changes in its class; warc-check (warcio.js)
// finds no fault in the new WARC files.
func TestRecrawlReplicaSecondVersion(t *testing.T) {
	t.Parallel()
	cfg := crawltest.Config{MediaThrottle: 500 * time.Millisecond}
	want, err := crawltest.Changes(cfg, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	first, second := t.TempDir(), t.TempDir()
	crawl := func(version int, extra ...string) {
		cfg := cfg
		cfg.Version = version
		r := startReplica(t, cfg)
		defer r.Close()
		args := append([]string{"crawl", "--delay", "0", "--progress", "off", "--max-stream-time", "1s", "--offline-report"}, replicaArgs(t, r)...)
		if res := salvage(context.Background(), append(args, extra...)...); res.code > 1 {
			t.Fatalf("crawl of version %d: exit %d\n%s", version, res.code, res.stderr)
		}
	}
	crawl(1, "--out", first, minusmaSeed)
	crawl(2, "--out", second, "--previous", first)

	got := recrawlChanges(t, second)
	a := readArchive(t, second)
	counts := map[policy.ChangeKind]int{}
	for _, u := range slices.Sorted(maps.Keys(want)) {
		k := want[u]
		counts[k]++
		if got[u] != k {
			t.Errorf("%s: %q in changes.json, the replica says %s", u, got[u], k)
		}
		if k == policy.ChangeUnchanged && !isRevisit(a.responses[u]) {
			t.Errorf("%s: unchanged, but not written as a revisit: %v", u, profilesOf(a.responses[u]))
		}
	}
	// The session mazes' pages, left out of the replica's list, differ only
	// in the session ids their links carry: not changed. (The radio's sample
	// is a new one every crawl.)
	r, err := crawltest.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	stream := r.Manifest().Stream
	for u, k := range got {
		if _, listed := want[u]; !listed && k == policy.ChangeChanged && u != stream {
			t.Errorf("%s: changed, though the replica changed nothing there", u)
		}
	}
	t.Logf("the replica's changes: %v", counts)
	warcCheck(t, folderWARCs(second)...)
	checkLostReplays(t, second, "https://minusma.unmissions.org/en/archives-2015", "Archives 2015")
}

// checkLostReplays: the replay link changes.json gives a lost page opens
// its last capture in `salvage replay DIR` (the link names DIR's collection
// on replay's default address; here replay listens elsewhere).
func checkLostReplays(t *testing.T, dir, lost, text string) {
	t.Helper()
	var rep changes.Report
	if err := json.Unmarshal([]byte(readFileString(t, filepath.Join(dir, changes.JSONFile))), &rep); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rep.URLs, func(c changes.Change) bool { return c.URL == lost })
	prefix := "http://" + defaultReplayListen + "/" + collectionName("", dir) + "/"
	if i < 0 || !strings.HasPrefix(rep.URLs[i].ReplayURL, prefix) || rep.Replay != "salvage replay "+dir {
		t.Fatalf("replay link of %s: %+v (report says %q), want it under %s", lost, rep.URLs[max(i, 0)], rep.Replay, prefix)
	}
	base := replayServer(t, dir)
	resp, err := http.Get(base + "/demo/" + strings.TrimPrefix(rep.URLs[i].ReplayURL, prefix))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), text) {
		t.Errorf("replay of %s: %d, want 200 with %q", rep.URLs[i].ReplayURL, resp.StatusCode, text)
	}
}

// recrawlChanges reads a recrawl's changes.json: URL -> kind.
func recrawlChanges(t *testing.T, dir string) map[string]policy.ChangeKind {
	t.Helper()
	var rep changes.Report
	if err := json.Unmarshal([]byte(readFileString(t, filepath.Join(dir, changes.JSONFile))), &rep); err != nil {
		t.Fatal(err)
	}
	got := map[string]policy.ChangeKind{}
	for _, c := range rep.URLs {
		got[c.URL] = c.Kind
	}
	return got
}

// isRevisit: the URL's last record is a revisit of an unchanged payload.
func isRevisit(recs []warc.Record) bool {
	if len(recs) == 0 {
		return false
	}
	last := recs[len(recs)-1]
	profile := last.Get("WARC-Profile")
	return last.Type == "revisit" && (strings.HasSuffix(profile, "/server-not-modified") || strings.HasSuffix(profile, "/identical-payload-digest"))
}

func profilesOf(recs []warc.Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.Type+" "+r.Get("WARC-Profile"))
	}
	return out
}
