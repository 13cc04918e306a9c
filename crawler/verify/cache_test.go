package verify

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/policy"
)

func openCache(t *testing.T, path string) *Cache {
	t.Helper()
	c, err := OpenCache(path, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func lines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// TestCheckCacheHit: a second check of a cached URL makes no request.
func TestCheckCacheHit(t *testing.T) {
	h, m := startSite(t)
	cache := openCache(t, filepath.Join(t.TempDir(), "out", "links.jsonl"))
	c := newChecker(t, CheckerConfig{Dial: m.dial, Cache: cache})
	first := c.Check(t.Context(), "http://www.example.org/old")
	n := h.total()
	second := c.Check(t.Context(), "http://www.example.org/old")
	if h.total() != n {
		t.Errorf("the cache hit made %d requests", h.total()-n)
	}
	if !second.Cached || first.Cached || second.Class != policy.ClassRedirected || second.FinalURL != first.FinalURL ||
		len(second.Chain) != 2 || !second.CheckedAt.Equal(first.CheckedAt) {
		t.Errorf("first %+v\nsecond %+v", first, second)
	}
}

// TestCheckCacheExpiry: a failure is checked again after failAge, an ok
// result is not.
func TestCheckCacheExpiry(t *testing.T) {
	h, m := startSite(t)
	var now atomic.Pointer[time.Time]
	t0 := time.Now()
	now.Store(&t0)
	clock := func() time.Time { return *now.Load() }
	cache := openCache(t, filepath.Join(t.TempDir(), "links.jsonl"))
	c := newChecker(t, CheckerConfig{Dial: m.dial, Cache: cache, Clock: clock})
	for _, u := range []string{"http://www.example.org/gone", "http://www.example.org/en/page"} {
		c.Check(t.Context(), u)
	}
	later := t0.Add(11 * time.Minute)
	now.Store(&later)
	gone, ok := c.Check(t.Context(), "http://www.example.org/gone"), c.Check(t.Context(), "http://www.example.org/en/page")
	if gone.Cached || h.get("GET www.example.org/gone") != 2 {
		t.Errorf("expired failure: cached %v, %d GETs", gone.Cached, h.get("GET www.example.org/gone"))
	}
	if !ok.Cached || h.get("GET www.example.org/en/page") != 1 {
		t.Errorf("fresh ok: cached %v, %d GETs", ok.Cached, h.get("GET www.example.org/en/page"))
	}
}

func TestCacheReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "links.jsonl")
	c, err := OpenCache(path, time.Hour, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	c.Put(Result{URL: "https://a.example/", Status: 200, Class: policy.ClassOK, CheckedAt: now,
		Observation: policy.Observation{URL: "https://a.example/", Body: "<html>big</html>", Probe: &policy.Probe{Body: "probe"}}})
	c.Put(Result{URL: "https://b.example/", Status: 404, Class: policy.ClassNotFound, CheckedAt: now})
	c.Put(Result{URL: "https://c.example/", Status: 404, Class: policy.ClassNotFound, CheckedAt: now.Add(-time.Hour)})
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	c = openCache(t, path)
	a, ok := c.Get("https://a.example/")
	if !ok || !a.Cached || a.Status != 200 || !a.CheckedAt.Equal(now) || a.Observation.Body != "" || a.Observation.Probe.Body != "" {
		t.Errorf("a: %v %+v", ok, a)
	}
	if _, ok := c.Get("https://b.example/"); !ok {
		t.Error("b missing")
	}
	if _, ok := c.Get("https://c.example/"); ok {
		t.Error("c expired but served")
	}
	if got := lines(t, path); got[0] != cacheHeader {
		t.Errorf("header %q", got[0])
	}
}

func TestCacheTornLastLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "links.jsonl")
	c := openCache(t, path)
	c.Put(Result{URL: "https://a.example/", Class: policy.ClassOK, CheckedAt: time.Now()})
	c.Close()
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"url":"https://b.exa`) // a crash mid-write
	f.Close()
	c = openCache(t, path)
	if _, ok := c.Get("https://a.example/"); !ok {
		t.Error("a lost")
	}
	c.Put(Result{URL: "https://c.example/", Class: policy.ClassOK, CheckedAt: time.Now()})
	c.Close()
	if got := lines(t, path); len(got) != 3 || strings.Contains(got[2], "b.exa") {
		t.Errorf("file %q", got)
	}
	openCache(t, path)
}

func TestCacheCorrupt(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"not a cache":  "WARC/1.1\r\nWARC-Type: warcinfo\r\n",
		"bad line":     cacheHeader + "\n{\"url\":\"https://a.example/\"}\nnot json\n",
		"no url":       cacheHeader + "\n{}\n",
		"torn garbage": "garbage without a newline",
	} {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
		os.WriteFile(path, []byte(content), 0o644)
		_, err := OpenCache(path, 0, 0)
		if !errors.Is(err, ErrCorruptCache) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "delete the file") {
			t.Errorf("%s: %v", name, err)
		}
		if b, _ := os.ReadFile(path); string(b) != content {
			t.Errorf("%s: the file was changed", name)
		}
	}
}

func TestCacheCompaction(t *testing.T) {
	path := filepath.Join(t.TempDir(), "links.jsonl")
	c := openCache(t, path)
	for i := range 50 {
		c.Put(Result{URL: "https://a.example/", Status: 200 + i%2, Class: policy.ClassOK, CheckedAt: time.Now()})
	}
	c.Put(Result{URL: "https://old.example/", Class: policy.ClassNotFound, CheckedAt: time.Now().Add(-time.Hour)})
	c.Close()
	c = openCache(t, path)
	if got := lines(t, path); len(got) != 2 {
		t.Errorf("%d lines after compaction, want header and one entry", len(got))
	}
	if r, ok := c.Get("https://a.example/"); !ok || r.Status != 201 {
		t.Errorf("newest line lost: %v %+v", ok, r)
	}
	c.Put(Result{URL: "https://b.example/", Class: policy.ClassOK, CheckedAt: time.Now()})
	c.Close()
	if got := lines(t, path); len(got) != 3 {
		t.Errorf("append after compaction: %d lines", len(got))
	}
}

func TestCacheConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "links.jsonl")
	c := openCache(t, path)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				u := fmt.Sprintf("https://h%d.example/%d", g, i%10)
				c.Put(Result{URL: u, Class: policy.ClassOK, CheckedAt: time.Now(), Chain: []Hop{{URL: u, Status: 200}}})
				if r, ok := c.Get(u); !ok || r.URL != u {
					t.Errorf("%s: %v %+v", u, ok, r)
				}
			}
		})
	}
	wg.Wait()
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if got := lines(t, path); len(got) != 1+8*50 {
		t.Errorf("%d lines", len(got))
	}
	c = openCache(t, path)
	if _, ok := c.Get("https://h7.example/9"); !ok {
		t.Error("entry lost")
	}
}

func TestCacheNil(t *testing.T) {
	var c *Cache
	c.Put(Result{URL: "https://a.example/"})
	if _, ok := c.Get("https://a.example/"); ok {
		t.Error("nil cache hit")
	}
	if err := c.Close(); err != nil {
		t.Error(err)
	}
}
