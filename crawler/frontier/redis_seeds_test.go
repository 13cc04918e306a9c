package frontier

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler"
)

// TestRedisSeedsAndFailedSeeds: the stored seeds and the failed seeds are
// the crawl's, seen by the next worker; a failed seed is queued again once.
func TestRedisSeedsAndFailedSeeds(t *testing.T) {
	rdb, id := testRedis(t)
	f := openRedisTest(t, rdb, id, "w1", time.Minute)
	if s, err := f.Seeds(); err != nil || s != nil {
		t.Fatalf("new crawl: seeds %v, %v; want none", s, err)
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
	f.Close()

	g := openRedisTest(t, rdb, id, "w2", time.Minute)
	if s, _ := g.Seeds(); !slices.Equal(s, []string{seed}) {
		t.Errorf("next worker: seeds %v, want [%s]", s, seed)
	}
	if got := g.FailedSeeds(); got[seed] != "connection refused" || len(got) != 1 {
		t.Errorf("failed seeds %v", got)
	}
	if n := g.RequeueFailed(); n != 1 {
		t.Fatalf("RequeueFailed = %d, want 1", n)
	}
	if n := g.RequeueFailed(); n != 0 {
		t.Errorf("second RequeueFailed = %d, want 0", n)
	}
	if s := g.Stats(); s.Queued != 1 {
		t.Errorf("stats %+v, want 1 queued", s)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if it, err := g.Next(ctx); err != nil || it.URL != seed {
		t.Errorf("next %+v, %v; want the seed", it, err)
	}
}
