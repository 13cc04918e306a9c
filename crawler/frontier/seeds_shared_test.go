package frontier

import (
	"context"
	"slices"
	"testing"

	"github.com/salvage-archive/salvage/crawler"
)

// seedBook is what both durable frontiers keep of a crawl's seeds.
type seedBook interface {
	crawler.Frontier
	Seeds() ([]string, error)
	SetSeeds(seeds []string) error
	FailSeed(url, cause string)
	FailedSeeds() map[string]string
}

// failOneSeed stores seed as the crawl's only seed, fetches it and records
// it failed with "connection refused".
func failOneSeed(t *testing.T, f seedBook, seed string) {
	t.Helper()
	if s, err := f.Seeds(); err != nil || s != nil {
		t.Fatalf("new crawl: seeds %v, %v; want none", s, err)
	}
	if err := f.SetSeeds([]string{seed}); err != nil {
		t.Fatal(err)
	}
	f.Add(crawler.Item{URL: seed})
	it, err := f.Next(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f.Done(it, 0)
	f.FailSeed(seed, "connection refused")
}

// checkFailedSeed: f (reopened, or another worker's) holds seed as the
// crawl's seed and as failed with "connection refused".
func checkFailedSeed(t *testing.T, f seedBook, seed string) {
	t.Helper()
	if s, _ := f.Seeds(); !slices.Equal(s, []string{seed}) {
		t.Errorf("seeds %v, want [%s]", s, seed)
	}
	if got := f.FailedSeeds(); got[seed] != "connection refused" || len(got) != 1 {
		t.Errorf("failed seeds %v, want %s: connection refused", got, seed)
	}
}
