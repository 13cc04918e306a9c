package frontier

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/salvage-archive/salvage/crawler"
)

// TestBoltSeedsAndFailedSeeds: the stored seeds and the failed seeds
// survive a reopen; a failed seed, seen already, is queued again by
// RequeueFailed (Add refuses it) and its failure forgotten.
func TestBoltSeedsAndFailedSeeds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	f := openTest(t, path)
	if s, err := f.Seeds(); err != nil || s != nil {
		t.Fatalf("new state: seeds %v, %v; want none", s, err)
	}
	seed := "http://127.0.0.1:1/"
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
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	f = openTest(t, path)
	defer f.Close()
	if s, _ := f.Seeds(); !slices.Equal(s, []string{seed}) {
		t.Errorf("reopened: seeds %v, want [%s]", s, seed)
	}
	if got := f.FailedSeeds(); got[seed] != "connection refused" || len(got) != 1 {
		t.Errorf("failed seeds %v, want %s: connection refused", got, seed)
	}
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
