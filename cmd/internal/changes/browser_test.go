package changes

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/crawltest"
)

// TestHTMLInChromium opens changes.html, whose lost section holds a URL
// with a script-injection payload, in headless Chromium from file://: no
// dialog, no error, no request, no script; the payload reads as text; the
// page opens on the lost section, styled under its CSP nonce.
func TestHTMLInChromium(t *testing.T) {
	node, modules := crawltest.BrowserTools(t, "../../..", true)
	prev, cur := fixture(t)
	dir := t.TempDir()
	if _, err := WriteAll(dir, Compare(load(t, prev), load(t, cur), Options{})); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join("testdata", "check-changes.mjs"), filepath.Join(dir, HTMLFile), modules, hostile)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var v struct {
		Error                     string
		Dialogs, PageErrors       []string
		ConsoleErrors, External   []string
		Scripts                   int
		FirstSection              string
		FirstSectionInFirstScreen bool
		PayloadShown, Styled      bool
		ReplayHrefs               []string
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &v); err != nil || v.Error != "" || runErr != nil {
		t.Fatalf("check-changes.mjs (%v, %v): %s\nstderr: %s", runErr, err, v.Error, stderr.String())
	}
	if len(v.Dialogs)+len(v.PageErrors)+len(v.ConsoleErrors)+len(v.External)+v.Scripts != 0 {
		t.Errorf("dialogs %v, page errors %v, console errors %v, requests %v, scripts %d", v.Dialogs, v.PageErrors, v.ConsoleErrors, v.External, v.Scripts)
	}
	if v.FirstSection != "lost" || !v.FirstSectionInFirstScreen || !v.PayloadShown || !v.Styled {
		t.Errorf("first section %q (in first screen %v), payload shown as text %v, styled %v", v.FirstSection, v.FirstSectionInFirstScreen, v.PayloadShown, v.Styled)
	}
	if len(v.ReplayHrefs) == 0 || !strings.HasPrefix(v.ReplayHrefs[0], "/20261101100100/") {
		t.Errorf("replay links of the lost section: %v", v.ReplayHrefs)
	}
}
