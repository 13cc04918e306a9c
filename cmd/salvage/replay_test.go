package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/crawltest"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// crawlWithWACZ crawls the replica with --wacz (link report off) and returns the folder.
func crawlWithWACZ(t *testing.T) string {
	t.Helper()
	r := startReplica(t, crawltest.Config{})
	out := t.TempDir()
	args := append([]string{"crawl", "--out", out, "--delay", "0", "--progress", "off", "--wacz",
		"--max-stream-time", "500ms", "--no-report"}, replicaArgs(t, r)...)
	res := salvage(context.Background(), append(args, minusmaSeed)...)
	if res.code != 0 {
		t.Fatalf("crawl exit %d: %s", res.code, res.stderr)
	}
	if !strings.Contains(res.stdout, "replay: salvage replay "+out) || !strings.Contains(res.stdout, "WACZ "+filepath.Join(out, "salvage.wacz")) {
		t.Errorf("crawl output does not name the WACZ and the replay command:\n%s", res.stdout)
	}
	return out
}

// One crawl of the replica with --wacz feeds the checks of the replay outputs (a crawl
// takes most of the time).
func TestCrawlReplayOutputs(t *testing.T) {
	out := crawlWithWACZ(t)
	t.Run("index and WACZ", func(t *testing.T) { checkIndexAndWACZ(t, out) })
	t.Run("replay in Chromium", func(t *testing.T) { checkReplayInChromium(t, out) })
	t.Run("WACZ in ReplayWeb.page", func(t *testing.T) { checkReplayWebPage(t, filepath.Join(out, "salvage.wacz")) })
	t.Run("banner in Chromium", func(t *testing.T) { checkBannerInChromium(t, out) })
}

// rwpVerdict is what testdata/replay/replay-check --json prints.
type rwpVerdict struct {
	Replayed    bool   `json:"replayed"`
	Reason      string `json:"reason"`
	Title       string `json:"title"`
	TitleFound  bool   `json:"titleFound"`
	Stylesheets int    `json:"stylesheets"`
	Images      struct {
		Total  int   `json:"total"`
		Broken []any `json:"broken"`
	} `json:"images"`
	BlockedOutside []string `json:"blockedOutside"`
}

// The crawl's WACZ replays in ReplayWeb.page: the homepage and the French page have
// their title, stylesheets and every image, and nothing leaves 127.0.0.1.
func checkReplayWebPage(t *testing.T, wacz string) {
	node, modules := crawltest.BrowserTools(t, "../..", true, "warcio")
	check := filepath.Join(filepath.Dir(modules), "replay-check")
	for _, page := range []string{"https://minusma.unmissions.org/en", "https://minusma.unmissions.org/"} {
		cmd := exec.Command(node, check, wacz, page, filepath.Join(t.TempDir(), "shot.png"), "--expect-title", "MINUSMA", "--json")
		b, err := cmd.Output()
		var v rwpVerdict
		if jerr := json.Unmarshal(b, &v); jerr != nil {
			t.Fatalf("replay-check %s: %v %v\n%s", page, err, jerr, b)
		}
		t.Logf("ReplayWeb.page %s: replayed %v, title %q, %d stylesheets, %d images", page, v.Replayed, v.Title, v.Stylesheets, v.Images.Total)
		if err != nil || !v.Replayed || !v.TitleFound || v.Stylesheets == 0 || v.Images.Total == 0 || len(v.Images.Broken) > 0 || len(v.BlockedOutside) > 0 {
			t.Errorf("%s in ReplayWeb.page: exit %v, replayed %v (%s), title %q, %d stylesheets, %d images, broken %v, off 127.0.0.1 %q",
				page, err, v.Replayed, v.Reason, v.Title, v.Stylesheets, v.Images.Total, v.Images.Broken, v.BlockedOutside)
		}
	}
}

// The index written while crawling is the index `salvage index` builds from the WARC
// files afterwards, and warcio.js builds the same (offsets, lengths, digests, status).
func checkIndexAndWACZ(t *testing.T, out string) {
	crawlIndex := readFileString(t, filepath.Join(out, "index.cdxj"))
	res := salvage(context.Background(), "index", out)
	if res.code != 0 || res.stdout != crawlIndex {
		t.Fatalf("salvage index (exit %d, %s) differs from the crawl's index.cdxj", res.code, res.stderr)
	}
	if n := strings.Count(crawlIndex, "\n"); n < 100 {
		t.Errorf("index has %d lines", n)
	}
	if res := salvage(context.Background(), "index", "--format", "cdx11", out); res.code != 0 || !strings.HasPrefix(res.stdout, " CDX N b a m s k r M S V g\n") {
		t.Errorf("cdx11: exit %d %q", res.code, res.stdout[:min(80, len(res.stdout))])
	}
	wacz := filepath.Join(out, "salvage.wacz")
	if res := salvage(context.Background(), "pack", "--check", wacz); res.code != 0 {
		t.Errorf("pack --check on the crawl's WACZ: exit %d\n%s", res.code, res.stdout)
	}
	warcs, _ := filepath.Glob(filepath.Join(out, "*.warc.gz"))
	node, modules := crawltest.BrowserTools(t, "../..", false, "warcio")
	checker := filepath.Join(filepath.Dir(modules), "warc-check")
	for _, args := range [][]string{append([]string{"--compare-cdxj", filepath.Join(out, "index.cdxj")}, warcs...), {wacz}} {
		cmd := exec.Command(node, append([]string{checker}, args...)...)
		if b, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(b), "0 failure(s)") {
			t.Errorf("warc-check %v: %v\n%s", args, err, b)
		} else if args[0] == "--compare-cdxj" && !regexp.MustCompile(`differing 0, only in warcio 0, only in theirs 0`).Match(b) {
			t.Errorf("warcio.js index differs:\n%s", b)
		}
	}
}

// A corrupted copy of the WACZ fails pack --check with the fault named.
func TestPackCheckNamesFault(t *testing.T) {
	dir := t.TempDir()
	a := recordSmallSite(t, dir)
	wacz := filepath.Join(dir, "x.wacz")
	if res := salvage(context.Background(), "pack", "--out", wacz, a); res.code != 0 {
		t.Fatalf("pack exit %d: %s", res.code, res.stderr)
	}
	raw, _ := os.ReadFile(wacz)
	i := bytes.Index(raw, []byte("WARC/1.1")) // only visible when not compressed: the index of a plain WARC
	if i < 0 {
		t.Fatal("WARC not stored")
	}
	raw[i+3] = 'X'
	bad := filepath.Join(dir, "bad.wacz")
	os.WriteFile(bad, raw, 0o644)
	res := salvage(context.Background(), "pack", "--check", bad)
	if res.code != cli.ExitProblems || !strings.Contains(res.stdout, "FAIL archive/") || !strings.Contains(res.stdout, "hash mismatch") {
		t.Errorf("corrupted WACZ: exit %d\n%s", res.code, res.stdout)
	}
	if res := salvage(context.Background(), "pack", "--out", "x.zip", a); res.code != cli.ExitUsage {
		t.Errorf("pack --out x.zip: exit %d", res.code)
	}
}

// recordSmallSite crawls a tiny page into an uncompressed-looking folder and returns
// the WARC file.
func recordSmallSite(t *testing.T, dir string) string {
	t.Helper()
	r := startReplica(t, crawltest.Config{})
	out := filepath.Join(dir, "crawl")
	args := append([]string{"crawl", "--out", out, "--delay", "0", "--progress", "off", "--no-report",
		"--requisites-only", "--max-stream-time", "200ms"}, replicaArgs(t, r)...)
	if res := salvage(context.Background(), append(args, "https://minusma.unmissions.org/en/contact")...); res.code != 0 {
		t.Fatalf("crawl exit %d: %s", res.code, res.stderr)
	}
	warcs, _ := filepath.Glob(filepath.Join(out, "*.warc.gz"))
	// gunzip into a plain .warc so that the stored bytes are visible in the ZIP
	plain := filepath.Join(dir, "site.warc")
	cmd := exec.Command("sh", "-c", "gzip -dc "+warcs[0]+" > "+plain)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gunzip: %v %s", err, b)
	}
	return plain
}

// replayServer runs `salvage replay` in-process and returns its base URL.
func replayServer(t *testing.T, archives ...string) string {
	t.Helper()
	return replayServerArgs(t, nil, archives...)
}

// replayServerArgs is replayServer with more flags.
func replayServerArgs(t *testing.T, flags []string, archives ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		args := append([]string{"replay", "--listen", "127.0.0.1:0", "--collection", "demo"}, flags...)
		run(ctx, append(args, archives...), pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() { cancel(); wg.Wait() })
	line, err := bufio.NewReader(pr).ReadString('\n')
	go io.Copy(io.Discard, pr)
	m := regexp.MustCompile(`at (http://\S+)/demo/`).FindStringSubmatch(line)
	if err != nil || m == nil {
		t.Fatalf("replay did not start: %q %v", line, err)
	}
	return m[1]
}

type pageVerdict struct {
	URL               string   `json:"url"`
	Error             string   `json:"error"`
	Status            int      `json:"status"`
	Title             string   `json:"title"`
	TitleFound        bool     `json:"titleFound"`
	StylesheetApplied bool     `json:"stylesheetApplied"`
	Images            int      `json:"images"`
	BrokenImages      []string `json:"brokenImages"`
	Outside           []string `json:"outside"`
	Banner            float64  `json:"banner"` // the archive banner's height, 0 when absent
}

// The demo WACZ replays in `salvage replay` in Chromium: the homepage and the French
// page have their title, their stylesheets applied, every image loaded, the archive
// banner, and no request leaves the replay origin.
func checkReplayInChromium(t *testing.T, out string) {
	node, modules := crawltest.BrowserTools(t, "../..", true, "warcio")
	base := replayServer(t, filepath.Join(out, "salvage.wacz"))
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	pages := []string{"https://minusma.unmissions.org/en", "https://minusma.unmissions.org/"}
	args := []string{filepath.Join("..", "..", "warc", "replay", "testdata", "check-replay.mjs"), modules, t.TempDir()}
	for _, p := range pages {
		args = append(args, base+"/demo/2030/"+p, "MINUSMA")
	}
	var stdout bytes.Buffer
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Stdout, cmd.Stderr = &stdout, os.Stderr
	runErr := cmd.Run()
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if runErr != nil || len(lines) != len(pages) {
		t.Fatalf("check-replay.mjs: %v\n%s", runErr, stdout.String())
	}
	for _, l := range lines {
		var v pageVerdict
		if err := json.Unmarshal([]byte(l), &v); err != nil || v.Error != "" {
			t.Fatalf("verdict %q: %v", l, err)
		}
		t.Logf("%s: status %d, title %q, %d images, banner %.0fpx", v.URL, v.Status, v.Title, v.Images, v.Banner)
		if v.Status != 200 || !v.TitleFound || !v.StylesheetApplied || v.Images == 0 || len(v.BrokenImages) > 0 || len(v.Outside) > 0 || v.Banner == 0 {
			t.Errorf("%s: status %d, title %q, stylesheet applied %v, %d images, broken %q, requests off the origin %q, banner %.0fpx",
				v.URL, v.Status, v.Title, v.StylesheetApplied, v.Images, v.BrokenImages, v.Outside, v.Banner)
		}
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// Keys as warcio.js makes them: SURT for http(s), other schemes (wget's metadata://
// records) as they are.
func TestSurtKey(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.Example.org/a?b=2&a=1":                  "org,example)/a?a=1&b=2",
		"http://127.0.0.1:8080/x":                            "1,0,0,127:8080)/x",
		"metadata://gnu.org/software/wget/warc/MANIFEST.txt": "metadata://gnu.org/software/wget/warc/MANIFEST.txt",
	} {
		if got := surtKey(in); got != want {
			t.Errorf("surtKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// Bad input to the replay commands: one line, exit 2 (usage) or 3 (runtime).
func TestReplayCommandsBadInput(t *testing.T) {
	dir := t.TempDir()
	notWARC := filepath.Join(dir, "x.warc.gz")
	os.WriteFile(notWARC, []byte("not a warc"), 0o644)
	notZip := filepath.Join(dir, "x.wacz")
	os.WriteFile(notZip, []byte("not a zip"), 0o644)
	tests := []struct {
		args []string
		code int
		want string // in stderr, or in stdout for findings
	}{
		{[]string{"index"}, cli.ExitUsage, "no archive"},
		{[]string{"index", filepath.Join(dir, "missing.warc")}, cli.ExitUsage, "missing.warc"},
		{[]string{"index", "--format", "cdx9", notWARC}, cli.ExitUsage, "cdx9"},
		{[]string{"index", "--zipnum", notWARC}, cli.ExitUsage, "--zipnum needs"},
		{[]string{"index", dir + "/x.warc.gz"}, cli.ExitRuntime, "x.warc.gz"},
		{[]string{"index", t.TempDir()}, cli.ExitUsage, "holds no"},
		{[]string{"pack", notWARC}, cli.ExitUsage, "--out FILE.wacz"},
		{[]string{"pack", "--check", filepath.Join(dir, "missing.wacz")}, cli.ExitUsage, "missing.wacz"},
		{[]string{"pack", "--check", notZip}, cli.ExitProblems, "not a readable ZIP"},
		{[]string{"replay"}, cli.ExitUsage, "no archive"},
		{[]string{"replay", "--listen", "256.0.0.1:bad", notWARC}, cli.ExitRuntime, "x.warc.gz"},
		{[]string{"replay", "--collection", "a/b", notZip}, cli.ExitUsage, "wacz"},
	}
	for _, tt := range tests {
		res := salvage(context.Background(), tt.args...)
		msg := res.stderr + res.stdout
		if res.code != tt.code || !strings.Contains(msg, tt.want) || (tt.code != cli.ExitProblems && strings.Count(strings.TrimSpace(res.stderr), "\n") > 0) {
			t.Errorf("salvage %v: exit %d, want %d with %q:\n%s", tt.args, res.code, tt.code, tt.want, msg)
		}
	}
}
