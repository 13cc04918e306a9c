package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// index --merge refuses, in one line naming the file and with exit 2, an input
// that is not a sorted CDXJ or CDX index, and writes nothing.
func TestIndexMergeRefusesNonIndex(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const a = `org,example)/ 20240501120000 {"url":"https://example.org/","status":"200"}`
	const b = `org,example)/fr 20240501120001 {"url":"https://example.org/fr","status":"200"}`
	good := writeTestFile(t, dir, "good.cdxj", a+"\n"+b+"\n")
	inputs := map[string]string{
		"crawl.log":     "2024-05-01T12:00:00.000Z   200       1234 https://example.org/ - - text/html #001 20240501120000000+12 sha1:ABC - -\n",
		"unsorted.cdxj": b + "\n" + a + "\n",
	}
	for name, text := range inputs {
		bad := writeTestFile(t, dir, name, text)
		out := filepath.Join(dir, "merged-"+name)
		res := salvage(context.Background(), "index", "--merge", "--out", out, good, bad)
		if res.code != 2 || strings.Count(strings.TrimSpace(res.stderr), "\n") != 0 || !strings.Contains(res.stderr, bad) {
			t.Errorf("%s: exit %d, stderr %q: want exit 2 and one line naming the file", name, res.code, res.stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: %s was written", name, out)
		}
		if res = salvage(context.Background(), "index", "--merge", "--out", "-", good, bad); res.code != 2 || res.stdout != "" {
			t.Errorf("%s to stdout: exit %d, stdout %q", name, res.code, res.stdout)
		}
	}
}

func writeTestFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
