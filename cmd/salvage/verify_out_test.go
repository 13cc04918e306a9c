package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// verify --out - writes the one chosen format on stdout and creates no
// folder named "-"; several formats with - are refused.
func TestVerifyOutStdout(t *testing.T) {
	dir := t.TempDir()
	_, gz, _ := writeARCFixtures(t, dir)
	res := salvage(context.Background(), "verify", "--offline", "--fail-on", "none", "--out", "-", gz)
	var rep verify.Report
	if err := json.Unmarshal([]byte(res.stdout), &rep); res.code != 0 || err != nil || len(rep.Links) == 0 {
		t.Fatalf("verify --out -: exit %d, %v; stdout %.200q; stderr %s", res.code, err, res.stdout, res.stderr)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Errorf("verify --out - created a folder named -")
	}
	res = salvage(context.Background(), "verify", "--offline", "--out", "-", "--format", "md", gz)
	if !strings.HasPrefix(res.stdout, "#") {
		t.Errorf("verify --out - --format md: stdout %.200q", res.stdout)
	}
	res = salvage(context.Background(), "verify", "--offline", "--out", "-", "--format", "json,md", gz)
	if res.code != cli.ExitUsage || !strings.Contains(res.stderr, "one format") {
		t.Errorf("verify --out - --format json,md: exit %d, stderr %q", res.code, res.stderr)
	}
}

// verify without --out writes into verify/ of the archive's folder, never
// over the crawl's own links.*; exit 1 names the failing classes.
func TestVerifyOwnFolderAndFailingLine(t *testing.T) {
	dir := t.TempDir()
	_, gz, _ := writeARCFixtures(t, dir)
	own := filepath.Join(dir, "links.json")
	os.WriteFile(own, []byte("the crawl's own report"), 0o644)
	res := salvage(context.Background(), "verify", "--offline", "--fail-on", "not-checked", gz)
	if got := readFileString(t, own); got != "the crawl's own report" {
		t.Errorf("verify overwrote the crawl's links.json")
	}
	if _, err := os.Stat(filepath.Join(dir, "verify", "links.json")); err != nil {
		t.Errorf("no verify/links.json: %v; stdout %s", err, res.stdout)
	}
	if res.code != cli.ExitProblems || !strings.Contains(res.stderr, "salvage: 2 links in failing classes: not-checked 2\n") {
		t.Errorf("verify --fail-on not-checked: exit %d, stderr %q", res.code, res.stderr)
	}
}

func TestFailingLine(t *testing.T) {
	counts := map[string]int{"ok": 40, "refused": 1, "not-found": 2}
	got := failingLine(3, counts, []policy.LinkClass{"refused", "not-found", "timeout"})
	if want := "3 links in failing classes: not-found 2, refused 1"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
