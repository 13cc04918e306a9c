package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/crawltest"
)

// bannerVerdict is what warc/replay/testdata/banner-shot.mjs prints.
type bannerVerdict struct {
	Error      string `json:"error"`
	PlainHasIt bool   `json:"plainBanner"`
	Banner     struct {
		Present bool    `json:"present"`
		Top     float64 `json:"top"`
		Height  float64 `json:"height"`
		Width   float64 `json:"width"`
		Shadow  bool    `json:"shadow"`
		Topmost bool    `json:"topmost"`
		InBody  bool    `json:"inBody"`
		Text    string  `json:"text"`
	} `json:"banner"`
	List struct {
		Links  int     `json:"links"`
		Bottom float64 `json:"bottom"`
		Shown  bool    `json:"shown"`
	} `json:"list"`
	ClosedGone        bool `json:"closedGone"`
	ClosedAfterReload bool `json:"closedAfterReload"`
	Shots             struct {
		Plain, Banner, List, Closed string
	} `json:"shots"`
}

// maxDiff is the share of pixels that may differ where the page must look as archived.
const maxDiff = 0.001

// The replica's /en replayed with the archive banner looks, below the banner, exactly
// as replayed with --no-banner; the banner is a strip at the top, above the page; its
// close button removes it, and then the page is the --no-banner page, pixel for pixel.
func checkBannerInChromium(t *testing.T, out string) {
	node, modules := crawltest.BrowserTools(t, "../..", true, "warcio")
	wacz := filepath.Join(out, "salvage.wacz")
	page := "/demo/2030/https://minusma.unmissions.org/en"
	with, without := replayServer(t, wacz)+page, replayServerArgs(t, []string{"--no-banner"}, wacz)+page
	dir := t.ArtifactDir()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	var stdout bytes.Buffer
	cmd := exec.CommandContext(ctx, node, filepath.Join("..", "..", "warc", "replay", "testdata", "banner-shot.mjs"), modules, dir, with, without)
	cmd.Stdout, cmd.Stderr = &stdout, os.Stderr
	runErr := cmd.Run()
	var v bannerVerdict
	if err := json.Unmarshal(stdout.Bytes(), &v); err != nil || runErr != nil || v.Error != "" {
		t.Fatalf("banner-shot.mjs: %v %v %s\n%s", runErr, err, v.Error, stdout.String())
	}
	t.Logf("screenshots: %s %s %s %s", v.Shots.Plain, v.Shots.Banner, v.Shots.List, v.Shots.Closed)
	b := v.Banner
	t.Logf("banner: %.0fx%.0f at top %.0f, topmost %v, text %q", b.Width, b.Height, b.Top, b.Topmost, b.Text)
	if v.PlainHasIt || !b.Present || !b.Shadow || !b.Topmost || b.InBody || b.Top != 0 || b.Width != 1280 || b.Height < 10 || b.Height > 40 ||
		!strings.Contains(b.Text, "https://minusma.unmissions.org/en") || !strings.Contains(b.Text, "TimeMap") {
		t.Errorf("banner: %+v (on the --no-banner page: %v)", b, v.PlainHasIt)
	}
	if v.List.Links == 0 || !v.List.Shown || v.List.Bottom <= b.Height {
		t.Errorf("the list of captures does not drop down below the banner: %+v", v.List)
	}
	if !v.ClosedGone || !v.ClosedAfterReload {
		t.Errorf("close: removed %v, still closed after a reload %v", v.ClosedGone, v.ClosedAfterReload)
	}
	plain, banner, closed := readPNG(t, v.Shots.Plain), readPNG(t, v.Shots.Banner), readPNG(t, v.Shots.Closed)
	h := int(b.Height + 0.999)
	below := pixelDiff(plain, banner, h)
	strip := pixelDiff(plain, banner, 0, h)
	whole := pixelDiff(plain, closed, 0)
	t.Logf("pixels differing from the --no-banner page: below the banner's %dpx %.4f%%, in the top strip %.1f%%; after close, whole page %.4f%%",
		h, 100*below, 100*strip, 100*whole)
	if below > maxDiff || whole > maxDiff {
		t.Errorf("the banner changed the page: %.4f%% of the pixels below it differ, %.4f%% after close (at most %.1f%%)", 100*below, 100*whole, 100*maxDiff)
	}
	if strip < 0.5 {
		t.Errorf("the banner is not visible: only %.1f%% of the top %dpx differ from the --no-banner page", 100*strip, h)
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

// pixelDiff is the share of pixels that differ between a and b in rows from..to
// (to omitted: the last row); images of different sizes differ everywhere.
func pixelDiff(a, b image.Image, from int, to ...int) float64 {
	ra, rb := a.Bounds(), b.Bounds()
	if ra != rb {
		return 1
	}
	end := ra.Max.Y
	if len(to) > 0 {
		end = ra.Min.Y + to[0]
	}
	n, diff := 0, 0
	for y := ra.Min.Y + from; y < end; y++ {
		for x := ra.Min.X; x < ra.Max.X; x++ {
			n++
			if !samePixel(a, b, x, y) {
				diff++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(diff) / float64(n)
}

func samePixel(a, b image.Image, x, y int) bool {
	r1, g1, b1, a1 := a.At(x, y).RGBA()
	r2, g2, b2, a2 := b.At(x, y).RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}
