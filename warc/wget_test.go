package warc_test

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/crawltest"
	"github.com/salvage-archive/salvage/warc"
)

// TestWgetCapturesReplica crawls the replica with GNU wget (through the replica's
// forward proxy: wget has no --resolve) and indexes wget's WARC: the Index must read a
// foreign WARC/1.0 file and find most of the site's pages in it.
func TestWgetCapturesReplica(t *testing.T) {
	wget, err := exec.LookPath("wget")
	if err != nil {
		t.Skip("SKIPPED: GNU wget is not on PATH, so wget's WARC output is not checked (.ci/run installs wget)")
	}
	r, err := crawltest.New(crawltest.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	dir := t.TempDir()
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	files, out, err := r.Wget(ctx, wget, dir)
	took := time.Since(start)
	if err != nil {
		t.Fatalf("wget: %v after %v\n%s", err, took, tail(out, 40))
	}
	ix, err := warc.BuildIndex(files)
	if err != nil {
		t.Fatalf("index %v: %v", files, err)
	}
	m := r.Manifest()
	pages := captured(ix, m.Pages, 200)
	t.Logf("wget took %v, %d replica requests; %d WARC file(s), %d captures of %d URLs", took.Round(time.Millisecond),
		len(r.Requests()), len(files), ix.Len(), len(ix.URLs()))
	t.Logf("captured with 200: %d/%d pages, %d/%d requisites, %d/%d PDFs; 3xx: %d/%d redirects; 404: %d/%d; robots-disallowed fetched: %d",
		len(pages), len(m.Pages), len(captured(ix, m.Requisites, 200)), len(m.Requisites), len(captured(ix, m.PDFs, 200)), len(m.PDFs),
		len(captured(ix, m.Redirects, 300)), len(m.Redirects), len(captured(ix, m.NotFound, 404)), len(m.NotFound), len(captured(ix, m.RobotsDisallowed, 200)))
	for name, urls := range map[string][]string{"pages": m.Pages, "requisites": m.Requisites, "PDFs": m.PDFs} {
		if missing := missingFrom(urls, captured(ix, urls, 200)); len(missing) > 0 {
			t.Logf("%s wget did not capture with 200: %v", name, missing)
		}
	}
	known := map[string]bool{}
	for _, list := range [][]string{m.Pages, m.Requisites, m.PDFs, m.Redirects, m.NotFound, m.Discovery} {
		for _, u := range list {
			for _, c := range ix.Lookup(u) {
				known[c.URL] = true
			}
		}
	}
	for _, u := range ix.URLs() {
		if c := ix.Lookup(u); !known[u] {
			t.Logf("captured outside the manifest: %s (%d)", u, c[0].Status)
		}
		if c := ix.Lookup(u); len(c) > 1 {
			t.Logf("captured %d times: %s", len(c), u)
		}
	}
	if len(pages)*10 < len(m.Pages)*9 {
		t.Errorf("%d of %d pages captured with status 200, want at least 90%%", len(pages), len(m.Pages))
	}
	checkWgetDocuments(t, files, len(pages))
	checkLocations(t, files, ix)
	for _, f := range files {
		rep, err := warc.Verify(f)
		first := ""
		if len(rep.Problems) > 0 {
			first = rep.Problems[0]
		}
		t.Logf("Verify %s: %d records %v, %d digest failures, %d unpaired, %d problems (first: %s), error %v",
			filepath.Base(f), rep.Records, rep.ByType, len(rep.DigestFailures), len(rep.Unpaired), len(rep.Problems), first, err)
		if err != nil || len(rep.DigestFailures) > 0 || len(rep.Unpaired) > 0 {
			t.Errorf("wget's WARC fails Verify: digests %q, unpaired %q", rep.DigestFailures, rep.Unpaired)
		}
	}
}

// runWget runs wget against the replica with a 120 s limit and returns its output. Exit
// status 8 (some server answered an error: the replica's 404s) is not a failure. The
// reject pattern keeps wget out of the endless radio stream and the calendar trap
// (every month links the next, forever), which it would otherwise follow to the limit.

// captured returns the urls captured with the given status (3xx: any 3xx).
func captured(ix *warc.Index, urls []string, status int) []string {
	var out []string
	for _, u := range urls {
		for _, s := range ix.Lookup(u) {
			if s.Status == status || (status/100 == 3 && s.Status/100 == 3) {
				out = append(out, u)
				break
			}
		}
	}
	return out
}

func missingFrom(all, got []string) []string {
	have := map[string]bool{}
	for _, u := range got {
		have[u] = true
	}
	var out []string
	for _, u := range all {
		if !have[u] {
			out = append(out, u)
		}
	}
	return out
}

// checkWgetDocuments: ArchivedDocuments reads wget's pages with their bodies.
func checkWgetDocuments(t *testing.T, files []string, pages int) {
	t.Helper()
	kinds := map[string]int{}
	for doc, err := range warc.ArchivedDocuments(files, 0) {
		if err != nil {
			t.Fatal(err)
		}
		kinds[doc.ContentType]++
		if doc.Status == 200 && doc.ContentType == "text/html" && !bytes.Contains(doc.Body, []byte("</html>")) {
			t.Errorf("%s: body of %d bytes is not a whole page (%s)", doc.URL, len(doc.Body), doc.Note)
		}
	}
	t.Logf("documents read back: %v", kinds)
	if kinds["text/html"] < pages {
		t.Errorf("%d HTML documents, want at least the %d pages", kinds["text/html"], pages)
	}
}

func tail(b []byte, lines int) string {
	all := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(all[max(0, len(all)-lines):], "\n")
}

// checkLocations: every capture's offset and length are those of a record of its file,
// as ReadFile finds them. (ReadFile validates header fields at warn level, and gowarc
// then blanks a value it rejects: wget's bracketed WARC-Target-URI comes back empty
// there, which the scan behind the Index does not do.)
func checkLocations(t *testing.T, files []string, ix *warc.Index) {
	t.Helper()
	type loc struct {
		file   string
		offset int64
	}
	records := map[loc]warc.Record{}
	blank := 0
	for _, f := range files {
		for rec, err := range warc.ReadFile(f) {
			if err != nil {
				t.Fatal(err)
			}
			records[loc{f, rec.Offset}] = rec
			if rec.TargetURI == "" && rec.Type != "warcinfo" {
				blank++
			}
		}
	}
	t.Logf("ReadFile: %d of %d records have a blank WARC-Target-URI", blank, len(records))
	for _, u := range ix.URLs() {
		for _, s := range ix.Lookup(u) {
			rec, ok := records[loc{s.File, s.Offset}]
			if !ok || rec.Size != s.Length || rec.Type != s.Type {
				t.Errorf("%s at %s:%d (%d bytes): no such record (%+v)", u, filepath.Base(s.File), s.Offset, s.Length, rec)
			}
		}
	}
}
