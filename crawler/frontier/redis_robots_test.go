package frontier

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/policy"
)

// fetchLog counts one crawler's fetches by URL path.
type fetchLog struct {
	mu    sync.Mutex
	paths map[string]int
}

func (l *fetchLog) Event(ev crawler.Event) {
	if ev.Kind != crawler.EventFetched {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	i := strings.Index(ev.URL[len("http://"):], "/")
	l.paths[ev.URL[len("http://")+i:]]++
}

func (l *fetchLog) pages() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.paths) - l.paths["/robots.txt"]
}

// TestRedisRobotsFetchedOnce: two crawlers on one Redis crawl fetch (and
// archive) the host's robots.txt once between them, and both obey it.
func TestRedisRobotsFetchedOnce(t *testing.T) {
	rdb, id := testRedis(t)
	var robots, private atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/robots.txt":
			robots.Add(1)
			fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
			return
		case strings.HasPrefix(r.URL.Path, "/private"):
			private.Add(1)
		}
		time.Sleep(20 * time.Millisecond)
		w.Header().Set("Content-Type", "text/html")
		for i := range 30 {
			fmt.Fprintf(w, "<a href=/p%d>p</a> <a href=/private/%d>x</a>\n", i, i)
		}
	}))
	defer srv.Close()
	sc := policy.DefaultScopeConfig()
	sc.Seeds = []string{srv.URL + "/"}
	scope, err := policy.NewScope(sc)
	if err != nil {
		t.Fatal(err)
	}
	logs := []*fetchLog{{paths: map[string]int{}}, {paths: map[string]int{}}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var g errgroup.Group
	for i, log := range logs {
		fr, err := OpenRedis(ctx, RedisConfig{Client: rdb, CrawlID: id, WorkerID: fmt.Sprint("w", i), HostConcurrency: 2, LeaseTTL: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer fr.Close()
		cr, err := crawler.New(crawler.Config{Seeds: sc.Seeds, Scope: scope, Transport: &http.Transport{}, Sink: log,
			Frontier: fr, Robots: NewRedisRobots(rdb, id), Workers: 2, HostConcurrency: 2})
		if err != nil {
			t.Fatal(err)
		}
		g.Go(func() error { return cr.Run(ctx) })
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	t.Logf("robots.txt requests %d; pages per crawler %d, %d", robots.Load(), logs[0].pages(), logs[1].pages())
	if n := robots.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times by two crawlers sharing it, want 1", n)
	}
	if logs[0].pages() == 0 || logs[1].pages() == 0 {
		t.Errorf("one crawler did everything (%d, %d pages): the other never needed robots.txt", logs[0].pages(), logs[1].pages())
	}
	if n := private.Load(); n != 0 {
		t.Errorf("%d disallowed pages fetched", n)
	}
}

// TestRedisRobotsKeepFailure: a robots.txt fetch that got no answer is
// shared with its status and why (the kind its refusals carry).
func TestRedisRobotsKeepFailure(t *testing.T) {
	rdb, id := testRedis(t)
	r := NewRedisRobots(rdb, id)
	r.Put("x:80", crawler.RobotsFile{Status: crawler.StatusConnectFailed, Failure: policy.ErrRefused, Fetched: time.UnixMilli(1000), Attempts: 1})
	f, ok := r.Get("x:80")
	if !ok || f.Status != crawler.StatusConnectFailed || f.Failure != policy.ErrRefused || f.Attempts != 1 {
		t.Errorf("got %+v %v, want status %d, failure %q, 1 attempt", f, ok, crawler.StatusConnectFailed, policy.ErrRefused)
	}
}
