package frontier

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/salvage-archive/salvage/crawler"
)

// TestBoltSeedsAndFailedSeeds: the stored seeds and the failed seeds
// survive a reopen; a failed seed, seen already, is queued again by
// RequeueFailed (Add refuses it) and its failure forgotten.
func TestBoltSeedsAndFailedSeeds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	f := openTest(t, path)
	seed := "http://127.0.0.1:1/"
	failOneSeed(t, f, seed)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	f = openTest(t, path)
	defer f.Close()
	checkFailedSeed(t, f, seed)
	if f.Add(crawler.Item{URL: seed}) {
		t.Fatal("Add queued a seen seed")
	}
	if n := f.RequeueFailed(); n != 1 {
		t.Fatalf("RequeueFailed = %d, want 1", n)
	}
	if got := f.FailedSeeds(); len(got) != 0 {
		t.Errorf("failed seeds after requeue: %v", got)
	}
	if s := f.Stats(); s.Queued != 1 || s.Seen != 1 {
		t.Errorf("stats %+v, want 1 queued, 1 seen", s)
	}
	if it, err := f.Next(context.Background()); err != nil || it.URL != seed || it.HopPath != "" {
		t.Errorf("next %+v, %v; want the seed", it, err)
	}
}
