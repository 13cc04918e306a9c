package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/ from the output")

// The CLI's help, usage error and version, against golden files
// (go test -run TestGolden -update rewrites them).
func TestGoldenCLI(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file string
		args []string
	}{
		{"help.golden", []string{"--help"}},
		{"crawl-help.golden", []string{"crawl", "--help"}},
		{"crawl-mistyped-flag.golden", []string{"crawl", "--ouut", "x", "https://example.org/"}},
		{"crawl-bad-duration.golden", []string{"crawl", "--delay", "5", "https://example.org/"}},
		{"version.golden", []string{"--version"}},
	}
	for _, tc := range cases {
		res := salvage(context.Background(), tc.args...)
		got := maskVersion(fmt.Sprintf("$ salvage %s\nexit %d\n--- stdout\n%s--- stderr\n%s", strings.Join(tc.args, " "), res.code, res.stdout, res.stderr))
		path := filepath.Join("testdata", tc.file)
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test -run TestGoldenCLI -update writes it)", err)
		}
		if got != string(want) {
			t.Errorf("salvage %v differs from %s:\n%s\nwant\n%s", tc.args, path, got, want)
		}
	}
}

var (
	commitLine = regexp.MustCompile(`(?m)^commit .*$`)
	goLine     = regexp.MustCompile(`(?m)^go1\S* \S+$`)
)

// maskVersion hides what differs between builds: the commit and the Go version.
func maskVersion(s string) string {
	s = commitLine.ReplaceAllString(s, "commit COMMIT")
	return goLine.ReplaceAllString(s, "GOVERSION OS/ARCH")
}

// salvage completion writes each shell's script from the commands' flag
// sets; another shell is a usage error.
func TestCompletion(t *testing.T) {
	t.Parallel()
	for _, sh := range []string{"bash", "zsh", "fish"} {
		res := salvage(context.Background(), "completion", sh)
		if res.code != 0 || !strings.Contains(res.stdout, "seeds-from") || !strings.Contains(res.stdout, "fail-on") ||
			!strings.Contains(res.stdout, "crawl-id") || !strings.Contains(res.stdout, "explain") {
			t.Errorf("completion %s: exit %d, stderr %q, stdout %.300q", sh, res.code, res.stderr, res.stdout)
		}
	}
	if res := salvage(context.Background(), "completion", "tcsh"); res.code != 2 {
		t.Errorf("completion tcsh: exit %d", res.code)
	}
}

// salvage crawl example.org is https://example.org/, said once on stderr.
func TestSeedWithoutScheme(t *testing.T) {
	t.Parallel()
	// --workers 0 stops the crawl at the flag checks, after the seed is read: no traffic
	res := salvage(context.Background(), "crawl", "--out", t.TempDir(), "--workers", "0", "example.org")
	if strings.Count(res.stderr, "salvage: seed example.org taken as https://example.org/\n") != 1 || strings.Contains(res.stderr, "bad seed") {
		t.Errorf("stderr %q", res.stderr)
	}
}
