package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/crawltest"
	"github.com/salvage-archive/salvage/warc"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// TestBadInputOneLine: each mistake gives one clear line on stderr and the
// documented exit code.
func TestBadInputOneLine(t *testing.T) {
	t.Parallel()
	roFile := filepath.Join(t.TempDir(), "file")
	os.WriteFile(roFile, []byte("x"), 0o644)
	closed := "http://127.0.0.1:1/"
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no seed", []string{"crawl"}, cli.ExitUsage, "no seed"},
		{"malformed seed", []string{"crawl", "--out", t.TempDir(), "ht!tp://x y"}, cli.ExitUsage, "bad seed"},
		{"relative seed", []string{"crawl", "--out", t.TempDir(), "/en"}, cli.ExitUsage, "bad seed"},
		{"mailto seed", []string{"crawl", "--out", t.TempDir(), "mailto:x@y.org"}, cli.ExitUsage, "bad seed"},
		{"unknown flag", []string{"crawl", "--nope", "https://x.org/"}, cli.ExitUsage, "unknown flag --nope"},
		{"bad regex", []string{"crawl", "--exclude", "(", "https://x.org/"}, cli.ExitUsage, "scope"},
		{"bad resolve", []string{"crawl", "--resolve", "nonsense", "https://x.org/"}, cli.ExitUsage, "--resolve"},
		{"bad digest", []string{"crawl", "--digest", "md5", "https://x.org/"}, cli.ExitUsage, "--digest"},
		{"unwritable out", []string{"crawl", "--out", filepath.Join(roFile, "sub"), "https://x.org/"}, cli.ExitRuntime, "output folder"},
		{"unreachable seed", []string{"crawl", "--out", t.TempDir(), "--progress", "off", "--retry-delay", "10ms", "--resolve", "*:*:127.0.0.1:1", closed}, cli.ExitRuntime, "connection refused"},
		{"unknown command", []string{"crawle"}, cli.ExitUsage, "unknown command"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := salvage(context.Background(), tc.args...)
			if res.code != tc.code {
				t.Errorf("exit %d, want %d; stderr %q", res.code, tc.code, res.stderr)
			}
			lines := strings.Split(strings.TrimSpace(res.stderr), "\n")
			if strings.HasPrefix(lines[0], "salvage: starting a new crawl") {
				lines = lines[1:] // the start line
			}
			if res.code == cli.ExitUsage && lines[len(lines)-1] == cli.UsageHint(tc.args[0]) {
				lines = lines[:len(lines)-1] // the pointer to --help
			}
			if len(lines) != 1 {
				t.Errorf("stderr has %d lines, want one: %q", len(lines), res.stderr)
			}
			if !strings.Contains(res.stderr, tc.want) {
				t.Errorf("stderr %q does not say %q", res.stderr, tc.want)
			}
		})
	}
}

// TestSIGTERMClosesWarcsCleanly runs the real binary, stops it mid-crawl with
// SIGTERM, and checks that every WARC file is closed and valid.
func TestSIGTERMClosesWarcsCleanly(t *testing.T) {
	t.Parallel()
	r := startReplica(t, crawltest.Config{Latency: 30 * time.Millisecond, Articles: 200})
	out := t.TempDir()
	args := append([]string{"crawl", "--out", out, "--delay", "0", "--progress", "off"}, replicaArgs(t, r)...)
	cmd := exec.Command(os.Args[0], append(args, minusmaSeed)...)
	cmd.Env = append(os.Environ(), "SALVAGE_TEST_MAIN=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForFile(t, filepath.Join(out, "*.warc.gz.open"))
	time.Sleep(500 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGTERM)
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != cli.ExitRuntime {
		t.Errorf("exit %v, want %d; stderr %s", err, cli.ExitRuntime, stderr.String())
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr %q does not say the crawl was interrupted", stderr.String())
	}
	a := readArchive(t, out)
	if len(a.files) == 0 || len(a.responses) == 0 {
		t.Fatalf("nothing archived before the signal: %d files", len(a.files))
	}
	for _, f := range a.files {
		if rep, err := warc.Verify(f); err != nil || !rep.OK() {
			t.Errorf("%s after SIGTERM: %v %+v", f, err, rep)
		}
	}
}

func waitForFile(t *testing.T, pattern string) {
	t.Helper()
	for range 200 {
		if m, _ := filepath.Glob(pattern); len(m) > 0 {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("no file matching %s appeared", pattern)
}

// TestHelpExitsZero: -h, --help and salvage help CMD print a command's
// usage on stdout, with its flags' two dashes, and are not an error.
func TestHelpExitsZero(t *testing.T) {
	t.Parallel()
	for _, c := range commandNames {
		for _, args := range [][]string{{c, "-h"}, {c, "--help"}, {"help", c}} {
			res := salvage(context.Background(), args...)
			if res.code != cli.ExitOK || !strings.Contains(res.stdout, "Usage: salvage "+c) || res.stderr != "" {
				t.Errorf("salvage %v: exit %d, stdout %.80q, stderr %.80q", args, res.code, res.stdout, res.stderr)
			}
			if n := strings.Count(res.stdout, "\n  --"); n == 0 || n != strings.Count(res.stdout, "\n  -") {
				t.Errorf("salvage %v: flags not shown with two dashes:\n%s", args, res.stdout)
			}
		}
	}
}
