package frontier

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/policy"
)

// stopAfter cancels the crawl once it has seen n fetched pages.
type stopAfter struct {
	mu     sync.Mutex
	n      int
	cancel func()
}

func (s *stopAfter) Event(ev crawler.Event) {
	if ev.Kind != crawler.EventFetched || !strings.Contains(ev.URL, "/p") {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n--; s.n == 0 && s.cancel != nil {
		s.cancel()
	}
}

// chainSite serves /p0 -> /p1 -> /p2 ...: one page at a time, so a page
// budget of N fetches exactly N pages. It counts the page requests.
func chainSite(t *testing.T) (*httptest.Server, func() int) {
	var mu sync.Mutex
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/p"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		hits++
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, "<a href=/p%d>next</a>", n+1)
	}))
	t.Cleanup(srv.Close)
	return srv, func() int { mu.Lock(); defer mu.Unlock(); return hits }
}

// TestPageBudgetHoldsAcrossResume: --max-pages-per-host counts live in the
// frontier's state. A crawl stopped after 3 pages and resumed (bbolt: the
// file reopened; Redis: another worker joining) fetches 5 pages in all,
// not 3 + 5.
func TestPageBudgetHoldsAcrossResume(t *testing.T) {
	const budget = 5
	// Each store is set up once per subtest; open is called once per run.
	type opener func(run int) (crawler.Frontier, func() error)
	stores := map[string]func(t *testing.T) opener{
		"bolt": func(t *testing.T) opener {
			path := filepath.Join(t.TempDir(), "state.db")
			return func(int) (crawler.Frontier, func() error) {
				f, err := OpenBolt(BoltConfig{Path: path, NoSync: true})
				if err != nil {
					t.Fatal(err)
				}
				return f, f.Close
			}
		},
		"redis": func(t *testing.T) opener {
			rdb, id := testRedis(t)
			return func(run int) (crawler.Frontier, func() error) {
				f, err := OpenRedis(context.Background(), RedisConfig{Client: rdb, CrawlID: id, WorkerID: fmt.Sprint("w", run), LeaseTTL: 5 * time.Second})
				if err != nil {
					t.Fatal(err)
				}
				return f, f.Close
			}
		},
	}
	for name, setup := range stores {
		t.Run(name, func(t *testing.T) {
			open := setup(t)
			srv, hits := chainSite(t)
			seed := srv.URL + "/p0"
			for run, stop := range []int{3, 0} {
				fr, closeFr := open(run)
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				sink := &stopAfter{n: stop}
				if stop > 0 {
					sink.cancel = cancel
				}
				runBudgetCrawl(t, ctx, seed, fr, sink, budget)
				cancel()
				if err := closeFr(); err != nil {
					t.Fatal(err)
				}
				t.Logf("after run %d: %d pages fetched", run+1, hits())
			}
			if n := hits(); n != budget {
				t.Errorf("%d pages fetched over a stop and a resume, budget %d", n, budget)
			}
		})
	}
}

func runBudgetCrawl(t *testing.T, ctx context.Context, seed string, fr crawler.Frontier, sink crawler.Sink, budget int) {
	t.Helper()
	sc := policy.DefaultScopeConfig()
	sc.Seeds = []string{seed}
	scope, err := policy.NewScope(sc)
	if err != nil {
		t.Fatal(err)
	}
	cr, err := crawler.New(crawler.Config{Seeds: sc.Seeds, Scope: scope, Transport: &http.Transport{}, Sink: sink,
		Frontier: fr, Workers: 1, MaxPagesPerHost: budget, Grace: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := cr.Run(ctx); err != nil && ctx.Err() == nil {
		t.Fatal(err)
	}
}
