package frontier

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler"
)

// noveltyContract runs the NoveltyStore contract: a and b are two handles on
// one crawl's state (the same store, a reopened file, or two workers).
func noveltyContract(t *testing.T, a crawler.NoveltyStore, reopen func() crawler.NoveltyStore) {
	t.Helper()
	if a.SeenVariant("https://e.org/s?visit=*") {
		t.Error("first variant reported seen")
	}
	if !a.SeenVariant("https://e.org/s?visit=*") {
		t.Error("second variant not reported seen")
	}
	if !a.FirstFetchedAt("b1", "https://e.org/a") || a.FirstFetchedAt("b1", "https://e.org/b") {
		t.Error("a body's first URL is not the one that fetched it first")
	}
	if n := a.Contribute("e.org/cal?w", []uint64{1, 2, 3}); n != 3 {
		t.Errorf("first links of a family: %d new, want 3", n)
	}
	if n := a.Contribute("e.org/cal?w", []uint64{3, 2, 4}); n != 1 {
		t.Errorf("two known links and one new: %d new, want 1", n)
	}
	for i := 1; i <= 3; i++ {
		if n := a.Charge("e.org/cal?w"); n != i {
			t.Errorf("charge %d counted %d", i, n)
		}
	}
	a.Credit("e.org/cal?w", 2)
	if n := a.Charge("e.org/cal?w"); n != 2 {
		t.Errorf("after a credit of 2 the count is %d, want 2", n)
	}
	a.Credit("e.org/cal?w", 5)
	if n := a.Charge("e.org/cal?w"); n != 1 {
		t.Errorf("a credit takes a count to 0 at most: %d, want 1", n)
	}
	a.CloseFamily("e.org/cal?w")
	a.Credit("e.org/cal?w", 9)
	b := reopen()
	if !b.FamilyClosed("e.org/cal?w") || b.FamilyClosed("e.org/news?page") {
		t.Error("closure not kept, or another family closed")
	}
	if !b.SeenVariant("https://e.org/s?visit=*") {
		t.Error("variant forgotten")
	}
	if !b.FirstFetchedAt("b1", "https://e.org/a") || b.FirstFetchedAt("b1", "https://e.org/b") {
		t.Error("a body's first URL forgotten: fetched again there (a worker died), it is no duplicate")
	}
	if n := b.Contribute("e.org/cal?w", []uint64{1}); n != 0 {
		t.Error("family links forgotten")
	}
	links := make([]uint64, crawler.FamilyLinkCap+10)
	for i := range links {
		links[i] = uint64(i + 100)
	}
	b.Contribute("e.org/big?p", links)
	if n := b.Contribute("e.org/big?p", []uint64{100}); n < 3 {
		t.Errorf("a family past the link cap must count as adding (%d)", n)
	}
}

func TestBoltNoveltySurvivesResume(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	f := openTest(t, path)
	var g *Bolt
	noveltyContract(t, f, func() crawler.NoveltyStore {
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		g = openTest(t, path)
		return g
	})
	if got := g.ClosedFamilies(); len(got) != 1 || got[0] != "e.org/cal?w" {
		t.Errorf("closed families %v", got)
	}
	g.Close()
}

func TestRedisNoveltySharedByWorkers(t *testing.T) {
	rdb, id := testRedis(t)
	a := openRedisTest(t, rdb, id, "w1", time.Minute)
	noveltyContract(t, a, func() crawler.NoveltyStore { return openRedisTest(t, rdb, id, "w2", time.Minute) })
}
