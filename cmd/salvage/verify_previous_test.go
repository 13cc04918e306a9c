package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"

	"github.com/salvage-archive/salvage/cmd/internal/changes"
	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// writeGoneARC writes an ARC file of the fixture page, its image and a 404
// for its link /gone, so an offline verify classes /gone not-found.
func writeGoneARC(t *testing.T, dir string) string {
	t.Helper()
	recs := arcFixtureRecords("gone.arc")
	block := "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 0\r\n\r\n"
	recs = append(recs, fmt.Sprintf("http://example.org/gone 127.0.0.1 20260301120003 text/html %d\n%s\n", len(block), block))
	path := filepath.Join(dir, "gone.arc")
	if err := os.WriteFile(path, []byte(strings.Join(recs, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// previousWith writes a copy of rep with the link u of class c.
func previousWith(t *testing.T, rep *verify.Report, u string, c policy.LinkClass) string {
	t.Helper()
	old := *rep
	old.Links = append([]verify.Link(nil), rep.Links...)
	for i := range old.Links {
		if old.Links[i].URL == u {
			old.Links[i].Class = c
		}
	}
	raw, _ := json.Marshal(&old)
	path := filepath.Join(t.TempDir(), "links.json")
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// verify --previous --fail-on-new exits 1 exactly when a link that was ok
// is a problem now: not for problems that were problems already.
func TestVerifyPreviousFailOnNew(t *testing.T) {
	dir := t.TempDir()
	arc := writeGoneARC(t, dir)
	out := filepath.Join(dir, "report")
	ctx := context.Background()
	res := salvage(ctx, "verify", "--offline", "--out", out, arc)
	rep, links := loadReport(t, filepath.Join(out, "links.json"))
	const gone = "http://example.org/gone"
	if res.code != cli.ExitProblems || links[gone].Class != policy.ClassNotFound {
		t.Fatalf("first verify: exit %d, %s is %s; stderr %s", res.code, gone, links[gone].Class, res.stderr)
	}
	same := filepath.Join(out, "links.json")
	for _, tc := range []struct {
		name     string
		previous string
		want     int
		broken   int
	}{
		{"same report: the 404 was a 404 already", same, 0, 0},
		{"problem to another problem", previousWith(t, rep, gone, policy.ClassServerError), 0, 0},
		{"was ok", previousWith(t, rep, gone, policy.ClassOK), cli.ExitProblems, 1},
		{"was redirected", previousWith(t, rep, gone, policy.ClassRedirected), cli.ExitProblems, 1},
	} {
		res := salvage(ctx, "verify", "--offline", "--out", filepath.Join(dir, "new"), "--previous", tc.previous, "--fail-on-new", arc)
		if res.code != tc.want {
			t.Errorf("%s: exit %d, want %d; stderr %s", tc.name, res.code, tc.want, res.stderr)
		}
		var r changes.Report
		raw, _ := os.ReadFile(filepath.Join(dir, "new", changes.JSONFile))
		if err := json.Unmarshal(raw, &r); err != nil || r.Schema != changes.SchemaVersion || len(r.Links.Broken) != tc.broken || !r.LinksCompared {
			t.Errorf("%s: changes.json: %v %+v", tc.name, err, r.Links)
		}
		if tc.broken > 0 && (!strings.Contains(res.stderr, "1 link was ok in") || !strings.Contains(res.stdout, "not-found  "+gone)) {
			t.Errorf("%s: stdout %s\nstderr %s", tc.name, res.stdout, res.stderr)
		}
	}
}

// A missing or invalid --previous is a one-line usage error before any
// work; --fail-on-new needs --previous.
func TestVerifyPreviousErrors(t *testing.T) {
	dir := t.TempDir()
	arc := writeGoneARC(t, dir)
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{\n  \"links\": oops\n"), 0o644)
	for _, args := range [][]string{
		{"--previous", filepath.Join(dir, "missing.json")},
		{"--previous", bad},
		{"--fail-on-new"},
	} {
		res := salvage(context.Background(), append(append([]string{"verify", "--offline", "--out", filepath.Join(dir, "r")}, args...), arc)...)
		if res.code != cli.ExitUsage || strings.Count(strings.TrimSpace(res.stderr), "\n") > 1 || !strings.Contains(res.stderr, "--") {
			t.Errorf("%v: exit %d, stderr %q", args, res.code, res.stderr)
		}
	}
}
