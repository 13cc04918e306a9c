package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/crawler/crawltest"
	"github.com/salvage-archive/salvage/warc/warcfix"
)

// writeFixtures writes the reader's fixtures (every gzip layout and damage) into a
// new folder.
func writeFixtures(t *testing.T) (string, []warcfix.Fixture) {
	t.Helper()
	dir := t.TempDir()
	fxs := warcfix.Fixtures()
	for _, fx := range fxs {
		if err := os.WriteFile(filepath.Join(dir, fx.Name), fx.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, fxs
}

// One index over a folder of archives in every layout, some damaged: every readable
// record of every file is indexed, each damaged file is named with the offset of each
// fault on one line, and the exit code is 1.
func TestIndexDamagedFolder(t *testing.T) {
	dir, fxs := writeFixtures(t)
	res := salvage(context.Background(), "index", dir)
	if res.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", res.code, res.stderr)
	}
	t.Logf("stderr:\n%s", res.stderr)
	for _, fx := range fxs {
		p := filepath.Join(dir, fx.Name)
		lines := strings.Count(res.stdout, `"filename":"`+fx.Name+`"`)
		if fx.Records > 0 && lines == 0 {
			t.Errorf("%s: no index line", fx.Name)
		}
		named := strings.Contains(res.stderr, "salvage: index: "+p+" at offset ")
		if named != (len(fx.Faults) > 0) {
			t.Errorf("%s: named on stderr %v, faults %v", fx.Name, named, fx.Faults)
		}
	}
}

// Records sharing one gzip member are all indexed: the member is named, exit 0.
func TestIndexSharedMember(t *testing.T) {
	p := filepath.Join(t.TempDir(), "one.warc.gz")
	os.WriteFile(p, warcfix.Gzip(warcfix.Plain(warcfix.Records())), 0o644)
	res := salvage(context.Background(), "index", p)
	if res.code != 0 || strings.Count(res.stdout, "\n") != 4 || !strings.Contains(res.stderr, p+" at offset 0: shared-member: ") {
		t.Errorf("exit %d\n%s\n%s", res.code, res.stdout, res.stderr)
	}
}

// A file with nothing readable is exit 3, saying what is wrong with it.
func TestIndexNothingReadable(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "empty.warc.gz")
	os.WriteFile(p, nil, 0o644)
	res := salvage(context.Background(), "index", p)
	if res.code != 3 || !strings.Contains(res.stderr, p+" at offset 0: the file is empty") {
		t.Errorf("exit %d\n%s", res.code, res.stderr)
	}
	res = salvage(context.Background(), "verify", "--offline", "--out", t.TempDir(), p)
	if res.code != 3 || strings.Contains(res.stderr, "no seeds") || !strings.Contains(res.stderr, "the file is empty") {
		t.Errorf("verify: exit %d\n%s", res.code, res.stderr)
	}
}

// salvage index gives warcio.js's lines on each fixture warcio.js reads (CDXJ by its
// CDXIndexer through testdata/replay/warc-check).
func TestIndexArchivesAsWarcio(t *testing.T) {
	dir, fxs := writeFixtures(t)
	node, modules := crawltest.BrowserTools(t, "../..", false, "warcio")
	checker := filepath.Join(filepath.Dir(modules), "warc-check")
	for _, fx := range fxs {
		if !fx.Warcio {
			continue
		}
		p := filepath.Join(dir, fx.Name)
		want, err := exec.Command(node, checker, "--cdxj-only", "-", p).Output()
		if err != nil {
			t.Errorf("%s: warc-check: %v", fx.Name, err)
			continue
		}
		res := salvage(context.Background(), "index", p)
		if got := warcioOverrun(fx.Name, res.stdout); got != string(want) {
			t.Errorf("%s (exit %d): salvage index\n%s\nwarcio.js\n%s", fx.Name, res.code, res.stdout, want)
		}
	}
}

// warcioOverrun is salvage's index as warcio.js 2.4.11 gets it wrong: it reads an HTTP
// header block up to a CRLF CRLF, and one whose lines end in CR CR LF has none, so in
// a plain file it reads on through the two CRLFs after the record and its length is 4
// more than the record's.
func warcioOverrun(name, index string) string {
	if !strings.HasSuffix(name, ".warc") {
		return index
	}
	lines := strings.Split(index, "\n")
	for i, l := range lines {
		if strings.Contains(l, `"url":"http://example.com/crcr"`) {
			lines[i] = regexp.MustCompile(`"length":"(\d+)"`).ReplaceAllStringFunc(l, func(m string) string {
				n, _ := strconv.Atoi(strings.Trim(strings.TrimPrefix(m, `"length":`), `"`))
				return fmt.Sprintf(`"length":"%d"`, n+4)
			})
		}
	}
	return strings.Join(lines, "\n")
}

// verify reads the links of a page whose header says chunked over a body stored
// de-chunked, in a folder where another file is damaged: that file is named, the
// others verified, exit 1.
func TestVerifyDamagedFolder(t *testing.T) {
	dir, _ := writeFixtures(t)
	out := t.TempDir()
	res := salvage(context.Background(), "verify", "--offline", "--out", out, "--fail-on", "none", dir)
	if res.code != 1 {
		t.Fatalf("exit %d, want 1\nstdout %s\nstderr %s", res.code, res.stdout, res.stderr)
	}
	for _, want := range []string{"cut.warc.gz at offset ", "documents read as stored: Transfer-Encoding: chunked"} {
		if !strings.Contains(res.stdout+res.stderr, want) {
			t.Errorf("no %q in\n%s\n%s", want, res.stdout, res.stderr)
		}
	}
	missing := readFileString(t, filepath.Join(out, "missing.txt"))
	if !strings.Contains(missing, "http://example.com/one") || !strings.Contains(missing, "http://example.com/two") {
		t.Errorf("the page's links are not read: missing.txt\n%s\n%s", missing, res.stdout)
	}
}
