package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/crawler/crawltest"
	"github.com/salvage-archive/salvage/warc"
)

// startReplica serves the MINUSMA replica on loopback for one test.
func startReplica(t testing.TB, cfg crawltest.Config) *crawltest.Replica {
	t.Helper()
	r, err := crawltest.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r
}

// replicaArgs are the flags that point salvage at the replica and nowhere else.
func replicaArgs(t testing.TB, r *crawltest.Replica) []string {
	t.Helper()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := r.WriteCAFile(ca); err != nil {
		t.Fatal(err)
	}
	args := []string{"--ca-cert", ca}
	for _, spec := range r.ResolveSpecs() {
		args = append(args, "--resolve", spec)
	}
	return args
}

type cliResult struct {
	code           int
	stdout, stderr string
}

// salvage runs the CLI in-process, as main would.
func salvage(ctx context.Context, args ...string) cliResult {
	var out, errb bytes.Buffer
	code := run(ctx, args, &out, &errb)
	return cliResult{code: code, stdout: out.String(), stderr: errb.String()}
}

// archive is what a folder of WARC files holds, by target URI.
// manifestKinds is the replica's URLs that every crawl of it must archive, by kind.
func manifestKinds(m crawltest.Manifest) map[string][]string {
	return map[string][]string{"page": m.Pages, "requisite": m.Requisites, "pdf": m.PDFs,
		"off-site requisite": m.OffsiteRequisites, "redirect": m.Redirects, "not-found": m.NotFound}
}

// repeatedCaptures reports every manifest URL a never archived and returns
// how many captures repeat one already made.
func repeatedCaptures(t *testing.T, a archive, m crawltest.Manifest) int {
	t.Helper()
	dups := 0
	for kind, urls := range manifestKinds(m) {
		for _, u := range urls {
			switch n := a.final(u); {
			case n == 0:
				t.Errorf("%s %s never archived", kind, u)
			case n > 1:
				dups += n - 1
			}
		}
	}
	return dups
}

type archive struct {
	files     []string
	responses map[string][]warc.Record // response and revisit records
	requests  map[string]int
	metadata  map[string]int
	truncated map[string]string
	status    map[string]string   // first line of the HTTP response block (the last record's)
	lines     map[string][]string // every response record's first line, in file order
}

func readArchive(t *testing.T, dir string) archive {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	if open, _ := filepath.Glob(filepath.Join(dir, "*.open")); len(open) > 0 {
		t.Errorf("files left open: %v", open)
	}
	a := archive{files: files, responses: map[string][]warc.Record{}, requests: map[string]int{},
		metadata: map[string]int{}, truncated: map[string]string{}, status: map[string]string{}, lines: map[string][]string{}}
	for _, f := range files {
		a.readFile(t, f)
	}
	return a
}

func (a *archive) readFile(t *testing.T, f string) {
	rep, err := warc.Verify(f)
	if err != nil || !rep.OK() {
		t.Errorf("verify %s: err %v, digests %v, unpaired %v, problems %v", f, err, rep.DigestFailures, rep.Unpaired, rep.Problems)
	}
	for rec, err := range warc.ReadFile(f) {
		if err != nil {
			t.Fatalf("read %s: %v", f, err)
		}
		if len(rec.Validation) > 0 {
			t.Errorf("%s %s: gowarc validation: %v", rec.Type, rec.TargetURI, rec.Validation)
		}
		a.add(rec)
	}
}

func (a *archive) add(rec warc.Record) {
	switch rec.Type {
	case "request":
		a.requests[rec.TargetURI]++
	case "metadata":
		a.metadata[rec.TargetURI]++
	case "response", "revisit":
		a.responses[rec.TargetURI] = append(a.responses[rec.TargetURI], rec)
		if tr := rec.Get("WARC-Truncated"); tr != "" {
			a.truncated[rec.TargetURI] = tr
		}
		if rec.Block != nil {
			head := make([]byte, 64)
			n, _ := rec.Block.Read(head)
			line, _, _ := strings.Cut(string(head[:n]), "\r\n")
			a.status[rec.TargetURI] = line
			a.lines[rec.TargetURI] = append(a.lines[rec.TargetURI], line)
		}
	}
}

// final counts u's captures that are an answer, not a "come back later"
// (429, or 503 with Retry-After: the crawl retried or deferred those).
func (a archive) final(u string) int {
	n := 0
	for _, line := range a.lines[u] {
		if !strings.Contains(line, " 429 ") && !strings.Contains(line, " 503 ") {
			n++
		}
	}
	if len(a.lines[u]) == 0 {
		return len(a.responses[u]) // a revisit or a record without a readable block
	}
	return n
}

func readFileString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }
