package crawler

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// trapSite is a small site with the traps of issue 11 in shapes no URL
// guard knows (numbers that are no dates, a session parameter nobody lists,
// a catch-all relative-link loop), beside the real families that look like
// them (300 pages of pagination whose items are all known beforehand, image
// style derivatives, cache-busters).
type trapSite struct {
	mu   sync.Mutex
	hits map[string]int // family name -> requests
	rng  *rand.Rand
}

const trapPages = 300

func newTrapSite(t *testing.T) (*httptest.Server, *trapSite) {
	s := &trapSite{hits: map[string]int{}, rng: rand.New(rand.NewPCG(1, 2))}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv, s
}

func (s *trapSite) count(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[name]
}

func (s *trapSite) snapshot() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.hits {
		out[k] = v
	}
	return out
}

func (s *trapSite) token() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, 24)
	for i := range b {
		b[i] = alphabet[s.rng.IntN(len(alphabet))]
	}
	return string(b)
}

const trapMenu = `<ul class="menu"><li><a href="/">Home</a></li><li><a href="/about">About</a></li>
<li><a href="/news?page=0">News</a></li><li><a href="/all-items">All items</a></li><li><a href="/agenda/week?w=2500">Agenda</a></li>
<li><a href="/loop/">Docs</a></li><li><a href="/gallery">Gallery</a></li><li><a href="/blog/1">Blog</a></li></ul>`

func (s *trapSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, body := s.route(r)
	s.mu.Lock()
	s.hits[name]++
	s.mu.Unlock()
	if name == "file" {
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write([]byte("jpeg " + r.URL.String()))
		return
	}
	if body == "" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<html><body>%s\n%s</body></html>", trapMenu, body)
}

func (s *trapSite) route(r *http.Request) (name, body string) {
	p, q := r.URL.Path, r.URL.Query()
	switch {
	case p == "/robots.txt":
		return "robots", ""
	case p == "/" || p == "/about":
		return "menu", "<p>welcome " + p + "</p>"
	case p == "/news":
		return "news", s.newsPage(q.Get("page"))
	case p == "/all-items":
		return "all-items", allItems()
	case strings.HasPrefix(p, "/blog/"):
		return s.blogRoute(strings.TrimPrefix(p, "/blog/"))
	case strings.HasPrefix(p, "/item/"):
		return "item", "<p>item " + p + "</p>"
	case p == "/agenda/week":
		return "agenda", agendaWeek(q.Get("w"))
	case strings.HasPrefix(p, "/subscribe"):
		return "maze", s.mazePage()
	case strings.HasPrefix(p, "/loop/"):
		return "loop", `<p>documentation</p><a href="intro/">Intro</a> <a href="api/">API</a> <a href="faq/">FAQ</a>`
	case p == "/gallery":
		return "gallery", `<img src="/files/styles/large/public/p1.jpg?itok=AbC12xYz"><img src="/files/styles/thumb/public/p1.jpg?itok=Qw3rTy9P">
<link rel="stylesheet" href="/css/site.css?v=3f2a9c1e8b7d"><script src="/js/app.js?1700000000"></script>`
	case strings.HasPrefix(p, "/files/"), strings.HasPrefix(p, "/css/"), strings.HasPrefix(p, "/js/"):
		return "file", ""
	}
	return "other", ""
}

// newsPage lists two items and links its neighbours, first and last.
func (s *trapSite) newsPage(raw string) string {
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 || n >= trapPages {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<h1>News, page %d</h1><a href="/item/story-%d-a">A</a> <a href="/item/story-%d-b">B</a><ul class="pager">`, n, n, n)
	for _, k := range []int{0, n - 2, n - 1, n + 1, n + 2, trapPages - 1} {
		if k >= 0 && k < trapPages {
			fmt.Fprintf(&b, `<li><a href="/news?page=%d">%d</a></li>`, k, k+1)
		}
	}
	return b.String() + "</ul>"
}

// blogRoute: /blog/N (N = 1..blogPages) lists five posts /blog/ID, ids of
// six digits, in the same path as the listing; posts link only the menu.
func (s *trapSite) blogRoute(tail string) (string, string) {
	n, err := strconv.Atoi(tail)
	switch {
	case err != nil:
		return "other", ""
	case n >= 100000:
		return "post", fmt.Sprintf("<p>post %d</p>", n)
	case n < 1 || n > blogPages:
		return "other", ""
	}
	var b strings.Builder
	for k := range 5 {
		fmt.Fprintf(&b, `<a href="/blog/%d">post</a> `, 100000+n*5+k)
	}
	if n > 1 {
		fmt.Fprintf(&b, `<a href="/blog/%d">newer</a> `, n-1)
	}
	if n < blogPages {
		fmt.Fprintf(&b, `<a href="/blog/%d">older</a>`, n+1)
	}
	return "blog", b.String()
}

const blogPages = 60

// allItems names every item before pagination is crawled: pagination pages
// add no new link to the crawl, only to their own family.
func allItems() string {
	var b strings.Builder
	for n := range trapPages {
		fmt.Fprintf(&b, `<a href="/item/story-%d-a">%d a</a> <a href="/item/story-%d-b">%d b</a>`+"\n", n, n, n, n)
	}
	return b.String()
}

// agendaWeek: an endless week calendar with numbers that are no dates.
func agendaWeek(raw string) string {
	w, err := strconv.Atoi(raw)
	if err != nil {
		return ""
	}
	return fmt.Sprintf(`<h1>Week %d</h1><p>No events.</p><a href="/agenda/week?w=%d">previous</a> <a href="/agenda/week?w=%d">next</a>`, w, w-1, w+1)
}

// mazePage: four pages whose every link carries a fresh token.
func (s *trapSite) mazePage() string {
	var b strings.Builder
	for _, p := range []string{"/subscribe", "/subscribe/daily", "/subscribe/weekly", "/subscribe/confirm"} {
		fmt.Fprintf(&b, `<a href="%s?visit=%s">%s</a> `, p, s.token(), p)
	}
	return b.String()
}

// TestNoveltyBudgetStopsTraps crawls the trap site with default settings:
// each trap family stops after a handful of pages, each logged as
// trap:no-novelty with its family, while pagination (whose items were all
// known before), the items, image derivatives and cache-busters are
// fetched whole.
func TestNoveltyBudgetStopsTraps(t *testing.T) {
	srv, site := newTrapSite(t)
	log := crawl(t, srv.URL+"/", Config{Workers: 4, HostConcurrency: 4})
	t.Logf("requests per family: %v", site.snapshot())
	if n := site.count("news"); n != trapPages {
		t.Errorf("pagination: %d of %d pages fetched", n, trapPages)
	}
	if n := site.count("item"); n != 2*trapPages {
		t.Errorf("items: %d of %d fetched", n, 2*trapPages)
	}
	if n, p := site.count("blog"), site.count("post"); n != blogPages || p != 5*blogPages {
		t.Errorf("path pagination: %d of %d listing pages, %d of %d posts", n, blogPages, p, 5*blogPages)
	}
	if n := site.count("file"); n != 4 {
		t.Errorf("derivatives and cache-busted files: %d fetched, want 4", n)
	}
	for name, most := range map[string]int{"agenda": 14, "loop": 6} {
		if n := site.count(name); n > most || n < 2 {
			t.Errorf("trap %s: %d fetches, want 2..%d", name, n, most)
		}
	}
	refused := map[string]int{}
	for _, e := range log.events {
		if e.Kind == EventRefused && e.Rule == "trap:no-novelty" {
			fam, _, _ := strings.Cut(strings.TrimPrefix(e.Reason, "family "), " closed")
			refused[fam]++
		}
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	if refused[host+"/agenda/week?w"] == 0 {
		t.Errorf("no trap:no-novelty refusal names the agenda's family; refusals by family: %v", refused)
	}
}

// TestNoveltyBudgetSessionMaze: a maze whose links carry a fresh token of a
// parameter nobody lists is stopped by token churn, within a few dozen fetches.
func TestNoveltyBudgetSessionMaze(t *testing.T) {
	srv, site := newTrapSite(t)
	mux := http.NewServeMux()
	mux.Handle("/", site)
	mux.HandleFunc("/start", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<a href="/subscribe?visit=%s">subscribe</a>`, site.token())
	})
	srv.Config.Handler = mux
	crawl(t, srv.URL+"/start", Config{Workers: 4, HostConcurrency: 4})
	t.Logf("requests per family: %v", site.snapshot())
	if n := site.count("maze"); n > 30 || n < 4 {
		t.Errorf("maze: %d fetches, want 4..30", n)
	}
}

// TestLearnedSessionParameter: a maze that stamps one fresh token of an
// unlisted parameter on all the links of a view is learned from its first
// page: each of its pages is fetched once.
func TestLearnedSessionParameter(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	site := &trapSite{hits: map[string]int{}, rng: rand.New(rand.NewPCG(3, 4))}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		tok := site.token()
		for _, p := range []string{"/survey", "/survey/step-1", "/survey/step-2", "/survey/done"} {
			fmt.Fprintf(w, `<a href="%s?visitor_key=%s">%s</a> `, p, tok, p)
		}
	}))
	defer srv.Close()
	log := crawl(t, srv.URL+"/survey", Config{Workers: 4, HostConcurrency: 4})
	for _, p := range []string{"/survey", "/survey/step-1", "/survey/step-2", "/survey/done"} {
		if hits[p] != 1 {
			t.Errorf("%s fetched %d times, want once: %v", p, hits[p], hits)
		}
	}
	folded := 0
	for _, e := range log.events {
		if e.Kind == EventRefused && e.Rule == "session:visitor_key" {
			folded++
		}
	}
	if folded == 0 {
		t.Error("no URL refused with rule session:visitor_key")
	}
}

// TestNoveltyStoreCounts: charges, credits and closure in the memory store.
func TestNoveltyStoreCounts(t *testing.T) {
	m := newMemNovelty()
	n := &novelty{store: m, limit: 3}
	page := pageNovelty{fam: "x/cal?w", outside: []uint64{1, 2}, added: []newLink{{fam: "x/cal?w", novel: true}}}
	if closed := n.charge(page); len(closed) != 0 {
		t.Fatalf("first page of a family adds its links: closed %v", closed)
	}
	for i := range 3 {
		closed := n.charge(page)
		if want := i == 2; (len(closed) == 1) != want {
			t.Fatalf("barren page %d: closed %v", i+1, closed)
		}
	}
	if !n.isClosed("x/cal?w") {
		t.Fatal("family not closed after 3 barren pages")
	}
	m.Credit("x/cal?w", 10)
	if !m.FamilyClosed("x/cal?w") {
		t.Error("a credit reopened a closed family")
	}
	// A page that adds an outside link takes addCredit off its family's count.
	page2 := pageNovelty{fam: "x/list?page", outside: []uint64{7}, added: []newLink{{fam: "x/list?page", novel: true}}}
	n.charge(page2)
	n.charge(page2)
	n.charge(page2)
	page2.outside = []uint64{8} // reshows: new to its family, nothing new to the crawl
	n.charge(page2)
	if c := m.counts["x/list?page"]; c != 2 {
		t.Errorf("count after two barren pages and a reshowing one: %d, want 2", c)
	}
	page2.outside = []uint64{9}
	page2.added = append(page2.added, newLink{fam: "x/item-#1", novel: true}) // adds: a new item
	n.charge(page2)
	if c := m.counts["x/list?page"]; c != 0 {
		t.Errorf("count after an adding page: %d, want 0", c)
	}
	// Leaves never count; a page that queued only embeds is a leaf.
	if closed := n.charge(pageNovelty{fam: "x/leaf?p", added: []newLink{{embed: true, novel: true}}}); closed != nil || m.counts["x/leaf?p"] != 0 {
		t.Error("a leaf was charged")
	}
	// A link into a loop is charged whatever the page adds.
	loop := pageNovelty{fam: "", added: []newLink{{fam: "x/docs/~loop", novel: true, loop: true}}}
	for range 3 {
		n.charge(loop)
	}
	if !n.isClosed("x/docs/~loop") {
		t.Error("a loop family is closed by the links into it")
	}
}

func TestRestatesPage(t *testing.T) {
	page, _ := url.Parse("http://mission.test/en/documents/browse?f%5B0%5D=type%3Areport")
	self := pageMarkers(page)
	for link, want := range map[string]bool{
		"http://mission.test/en/print/en/documents/browse?f%5B0%5D=type%3Areport":                                            true,
		"http://mission.test/en/user/login?destination=en/documents/browse%3Ff%255B0%255D%3Dtype%253Areport":                 true,
		"https://twitter.com/share?url=http%3A%2F%2Fmission.test%2Fen%2Fdocuments%2Fbrowse%3Ff%255B0%255D%3Dtype%253Areport": true,
		"http://mission.test/en/documents/browse?f%5B0%5D=type%3Areport&f%5B1%5D=region%3Agao":                               false,
		"http://mission.test/sites/default/files/documents/report.pdf":                                                       false,
		"http://mission.test/en/documents/browse?f%5B0%5D=type%3Areports":                                                    false,
	} {
		if got := restates(link, page, self); got != want {
			t.Errorf("restates(%s) = %v, want %v", link, got, want)
		}
	}
	if pageMarkers(&url.URL{Path: "/en"}) != nil {
		t.Error("a short path is not recognised inside other links")
	}
}

// TestDuplicatePageRefetch: the same URL fetched again (its first fetch's
// worker died before queueing its links) is not a duplicate of itself; the
// same body at another URL is.
func TestDuplicatePageRefetch(t *testing.T) {
	cr := &Crawler{nov: &novelty{store: newMemNovelty(), limit: 5}}
	page := func(u string) *fetchResult {
		return &fetchResult{status: 200, ctype: "text/html", body: []byte("<p>same</p>"), fetchURL: u}
	}
	if cr.duplicatePage(page("http://e.org/a")) || cr.duplicatePage(page("http://e.org/a")) {
		t.Error("a page fetched twice at its own URL was taken for a duplicate")
	}
	if !cr.duplicatePage(page("http://e.org/a/a/")) {
		t.Error("the same body at another URL is a duplicate")
	}
}
