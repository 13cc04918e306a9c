package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/crawltest"
)

// TestVerifyWgetWARC: salvage verify reads GNU wget's WARC files of the replica
// as well as its own: every internal link both archives hold lands in the same class.
func TestVerifyWgetWARC(t *testing.T) {
	t.Parallel()
	wget, err := exec.LookPath("wget")
	if err != nil {
		t.Skip("SKIPPED: GNU wget is not on PATH, so verify on wget's WARCs is not tested (.ci/run installs wget)")
	}
	r := startReplica(t, crawltest.Config{})
	wdir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	files, out, err := r.Wget(ctx, wget, wdir)
	if err != nil || len(files) == 0 {
		t.Fatalf("wget: %v (%d files)\n%s", err, len(files), out)
	}
	own := crawlForVerify(t, r)
	verifyOffline := func(dir string, warcs ...string) string {
		args := append([]string{"verify", "--offline", "--fail-on", "none", "--seed", minusmaSeed, "--out", dir}, warcs...)
		if res := salvage(context.Background(), args...); res.code != 0 {
			t.Fatalf("verify %v: exit %d\n%s", warcs, res.code, res.stderr)
		}
		return filepath.Join(dir, "links.json")
	}
	wrep, wlinks := loadReport(t, verifyOffline(t.TempDir(), files...))
	orep, olinks := loadReport(t, verifyOffline(t.TempDir(), own))
	t.Logf("wget archive: %d links %v; salvage archive: %d links %v", len(wrep.Links), wrep.Counts, len(orep.Links), orep.Counts)
	m := r.Manifest()
	compared := 0
	for _, list := range [][]string{m.Pages, m.PDFs, m.NotFound, m.Redirects} {
		for _, u := range list {
			w, inW := wlinks[u]
			o, inO := olinks[u]
			if !inW || !inO || w.Captured == nil || o.Captured == nil {
				continue
			}
			compared++
			if w.Class != o.Class {
				t.Errorf("%s: %s from wget's WARC (%s), %s from salvage's (%s)", u, w.Class, w.Evidence, o.Class, o.Evidence)
			}
		}
	}
	if compared < len(m.Pages)*9/10 {
		t.Errorf("only %d internal links compared; wget's archive should hold most pages", compared)
	}
	if len(wrep.Feeds) == 0 || len(wrep.Feeds) != len(orep.Feeds) {
		t.Errorf("feeds: %d from wget's WARC, %d from salvage's", len(wrep.Feeds), len(orep.Feeds))
	}
}
