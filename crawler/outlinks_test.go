package crawler

import (
	"fmt"
	"slices"
	"testing"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/policy"
)

// TestCapOutlinks: embeds first, then links, each in document order; a
// Location and sitemap entries are never dropped.
func TestCapOutlinks(t *testing.T) {
	var links []extract.Link
	for i, h := range "LELELLSRE" {
		links = append(links, extract.Link{URL: fmt.Sprintf("/%d", i), Hop: policy.Hop(h)})
	}
	urls := func(ls []extract.Link) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.URL+string(byte(l.Hop)))
		}
		return out
	}
	tests := []struct {
		max     int
		want    []string
		dropped int
	}{
		{0, urls(links), 0},
		{9, urls(links), 0},
		{4, []string{"/0L", "/1E", "/3E", "/6S", "/7R", "/8E"}, 3},
		{2, []string{"/1E", "/3E", "/6S", "/7R"}, 5},
	}
	for _, tt := range tests {
		got, dropped := capOutlinks(slices.Clone(links), tt.max)
		if !slices.Equal(urls(got), tt.want) || dropped != tt.dropped {
			t.Errorf("capOutlinks(max %d) = %v, %d dropped; want %v, %d", tt.max, urls(got), dropped, tt.want, tt.dropped)
		}
	}
}

func TestRedirectsInRow(t *testing.T) {
	for path, want := range map[string]int{"": 0, "L": 0, "R": 1, "LRR": 2, "RLR": 1, "LRRRE": 0} {
		if got := redirectsInRow(path); got != want {
			t.Errorf("redirectsInRow(%q) = %d, want %d", path, got, want)
		}
	}
}
