package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/cmd/internal/folder"
	"github.com/salvage-archive/salvage/crawler/crawltest"
)

// TestPatchListCrawl: what verify finds missing, crawl --seeds-from fetches.
func TestPatchListCrawl(t *testing.T) {
	t.Parallel()
	r := startReplica(t, crawltest.Config{})
	const left = "https://minusma.unmissions.org/en/history"
	out := t.TempDir()
	args := append([]string{"crawl", "--out", out, "--delay", "0", "--progress", "off", "--max-stream-time", "300ms",
		"--offline-report", "--exclude", `/en/history$`}, replicaArgs(t, r)...)
	if res := salvage(context.Background(), append(args, minusmaSeed)...); res.code != 0 {
		t.Fatalf("crawl exit %d: %s", res.code, res.stderr)
	}
	if res := salvage(context.Background(), "verify", "--offline", "--fail-on", "none", "--seed", minusmaSeed, out); res.code != 0 {
		t.Fatalf("verify exit %d: %s", res.code, res.stderr)
	}
	patch := filepath.Join(out, "verify", "missing.txt") // verify's own folder in the crawl's
	list := readFileString(t, patch)
	if !strings.Contains(list, left+"\n") {
		t.Fatalf("missing.txt does not list the excluded page %s:\n%s", left, list)
	}
	if strings.Contains(list, "https://twitter.com/un_minusma") {
		t.Errorf("missing.txt lists another site's page (twitter): the patch list is the site and its requisites")
	}
	patched := t.TempDir()
	args = append([]string{"crawl", "--out", patched, "--delay", "0", "--progress", "off", "--offline-report",
		"--requisites-only", "--seeds-from", patch}, replicaArgs(t, r)...)
	if res := salvage(context.Background(), args...); res.code != 0 {
		t.Fatalf("patch crawl exit %d: %s", res.code, res.stderr)
	}
	a := readArchive(t, patched)
	if len(a.responses[left]) != 1 {
		t.Errorf("patch crawl archived %s %d times, want once", left, len(a.responses[left]))
	}
	if n := len(strings.Fields(list)); len(a.requests) > n+60 {
		t.Errorf("patch crawl of %d URLs made %d requests: it followed links", n, len(a.requests))
	}
}

// TestMementoAndRobustLinks: dead links the archive lacks are asked of a
// TimeGate; archived ones get Robust Links decorations.
func TestMementoAndRobustLinks(t *testing.T) {
	t.Parallel()
	r := startReplica(t, crawltest.Config{})
	out := crawlForVerify(t, r)
	gate := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Header.Get("Accept-Datetime") == "" {
			http.Error(w, "no Accept-Datetime", http.StatusBadRequest)
			return
		}
		target := strings.TrimPrefix(req.URL.RequestURI(), "/timegate/")
		w.Header().Set("Location", "http://"+req.Host+"/memento/20200101000000/"+target)
		w.WriteHeader(http.StatusFound)
	}))
	defer gate.Close()
	robust := filepath.Join(t.TempDir(), "robust.json")
	args := append([]string{"verify", "--fail-on", "none", "--seed", minusmaSeed, "--check-timeout", "1s",
		"--memento", gate.URL + "/timegate/", "--robust-links", robust, out}, replicaArgs(t, r)...)
	if res := salvage(context.Background(), args...); res.code != 0 {
		t.Fatalf("verify exit %d: %s", res.code, res.stderr)
	}
	_, links := loadReport(t, filepath.Join(out, "verify", "links.json"))
	const dead = "https://soundcloud.com/mikado-fm"
	if l := links[dead]; !strings.HasSuffix(l.Memento, "/memento/20200101000000/"+dead) {
		t.Errorf("%s (%s): memento %q", dead, l.Class, l.Memento)
	}
	var m map[string]folder.RobustLink
	if err := json.Unmarshal([]byte(readFileString(t, robust)), &m); err != nil {
		t.Fatal(err)
	}
	rl, ok := m[minusmaSeed]
	if !ok || rl.OriginalURL != minusmaSeed || !strings.HasSuffix(rl.VersionURL, "/"+minusmaSeed) || len(rl.VersionDate) != 10 {
		t.Errorf("robust link of %s: %+v (found %v)", minusmaSeed, rl, ok)
	}
}
