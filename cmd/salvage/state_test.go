package main

import (
	"context"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// TestStateFlagsBadInput: each mistake with --state is one clear line and
// the documented exit code.
func TestStateFlagsBadInput(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown state", []string{"crawl", "--out", t.TempDir(), "--state", "disk", "https://x.org/"}, cli.ExitUsage, "--state"},
		{"redis without crawl id", []string{"crawl", "--out", t.TempDir(), "--state", "redis://127.0.0.1:6379/0", "https://x.org/"}, cli.ExitUsage, "--crawl-id"},
		{"bad redis url", []string{"crawl", "--out", t.TempDir(), "--state", "redis://127.0.0.1:6379/notadb", "--crawl-id", "x", "https://x.org/"}, cli.ExitUsage, "--state"},
		{"redis not answering", []string{"crawl", "--out", t.TempDir(), "--state", "redis://127.0.0.1:1/0", "--crawl-id", "x", "https://x.org/"}, cli.ExitRuntime, "redis"},
		{"status without flags", []string{"status"}, cli.ExitUsage, "--crawl-id"},
		{"bad metrics address", []string{"crawl", "--out", t.TempDir(), "--state", "memory", "--metrics", "256.0.0.1:1", "https://x.org/"}, cli.ExitUsage, "--metrics"},
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
			if len(lines) != 1 {
				t.Errorf("stderr has %d lines, want one: %q", len(lines), res.stderr)
			}
			if !strings.Contains(res.stderr, tc.want) {
				t.Errorf("stderr %q does not say %q", res.stderr, tc.want)
			}
		})
	}
}
