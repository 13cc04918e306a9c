package crawltest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// BrowserTools finds node and the project's pinned node tools
// (testdata/replay/node_modules below root, the repository's root relative
// to the test's package; playwright-core and the packages named in also),
// and with chromium set Debian's /usr/bin/chromium. A missing tool skips the
// test loudly, or fails it when SALVAGE_REQUIRE_BROWSER=1 (as CI sets).
func BrowserTools(t testing.TB, root string, chromium bool, also ...string) (node, modules string) {
	t.Helper()
	modules, err := filepath.Abs(filepath.Join(root, "testdata", "replay", "node_modules"))
	if err != nil {
		t.Fatal(err)
	}
	node, err = exec.LookPath("node")
	missing := ""
	switch {
	case err != nil:
		missing = "node is not on PATH"
	case chromium && !exists("/usr/bin/chromium"):
		missing = "/usr/bin/chromium is missing (apt-get install chromium)"
	case !exists(filepath.Join(modules, "playwright-core", "index.mjs")):
		missing = modules + "/playwright-core is missing (make replay-deps)"
	}
	for _, m := range also {
		if missing == "" && !exists(filepath.Join(modules, m)) {
			missing = modules + "/" + m + " is missing (make replay-deps)"
		}
	}
	if missing != "" {
		if os.Getenv("SALVAGE_REQUIRE_BROWSER") == "1" {
			t.Fatalf("browser test cannot run: %s (SALVAGE_REQUIRE_BROWSER=1)", missing)
		}
		t.Skipf("SKIP: browser test not run: %s (set SALVAGE_REQUIRE_BROWSER=1 to fail instead)", missing)
	}
	return node, modules
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
