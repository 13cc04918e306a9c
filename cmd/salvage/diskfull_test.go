package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// smallDisk mounts a tmpfs of size bytes for the test, or skips (loudly)
// where mounting is not permitted.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("SKIP: cannot mount a small tmpfs to fill (needs root): %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// TestDiskFullStopsCleanly: a crawl into a 3 MB filesystem of pages of random
// (incompressible) bytes runs out of space; salvage stops with exit 3 and one
// clear line naming the cause, and the WARC file left behind ends at its last
// complete record (valid, nothing .open).
func TestDiskFullStopsCleanly(t *testing.T) {
	disk := smallDisk(t, "3m")
	routes := map[string]func(net.Conn){}
	var index strings.Builder
	for i := range 40 {
		body := make([]byte, 200<<10)
		rand.Read(body)
		p := fmt.Sprintf("/blob/%d", i)
		routes[p] = respond("application/octet-stream", string(body))
		fmt.Fprintf(&index, `<a href="%s">%d</a>`, p, i)
	}
	routes["/"] = respond("text/html", index.String())
	s := startHostile(t, routes)
	out := filepath.Join(disk, "out")
	res := salvage(context.Background(), "crawl", "--out", out, "--delay", "0", "--progress", "off", "--no-report", s.url("/"))
	if res.code != 3 {
		t.Fatalf("exit %d, want 3 (runtime failure); stderr: %s", res.code, res.stderr)
	}
	if !strings.Contains(res.stderr, "no space left on device") {
		t.Errorf("stderr does not name the cause: %q", res.stderr)
	}
	t.Logf("stderr: %s", strings.TrimSpace(res.stderr))
	// Read the archive off the full disk, as a user would after freeing space.
	files, _ := filepath.Glob(filepath.Join(out, "*"))
	if len(files) == 0 {
		t.Fatal("nothing left in the output folder")
	}
	a := readArchive(t, out)
	if len(a.files) == 0 || len(a.responses) == 0 {
		t.Errorf("no complete record survived: files %v", a.files)
	}
	if _, err := os.Stat(filepath.Join(out, "crawl.log")); err != nil {
		t.Errorf("crawl.log: %v", err)
	}
}
