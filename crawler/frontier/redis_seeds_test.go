package frontier

import (
	"context"
	"testing"
	"time"
)

// TestRedisSeedsAndFailedSeeds: the stored seeds and the failed seeds are
// the crawl's, seen by the next worker; a failed seed is queued again once.
func TestRedisSeedsAndFailedSeeds(t *testing.T) {
	rdb, id := testRedis(t)
	f := openRedisTest(t, rdb, id, "w1", time.Minute)
	seed := "http://127.0.0.1:1/"
	failOneSeed(t, f, seed)
	f.Close()

	g := openRedisTest(t, rdb, id, "w2", time.Minute)
	checkFailedSeed(t, g, seed)
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
