package crawler

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"net/url"
	"strings"
	"sync"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/policy"
)

// The novelty budget catches crawler traps by what their pages do, not by
// the shape of their URLs. URLs are grouped into families (policy.Family:
// /en/calendar/#, /en/news?page, /subscribe?sid). A family is charged one
// page when
//
//   - a fetched page of it links new URLs (links never queued before) and
//     adds nothing to what its family's pages linked to or embedded outside
//     the family so far (a "barren" page: an endless calendar's next month, a session
//     maze's next view): each family that got new members from it is
//     charged;
//   - a link is new only through a token (policy.NoveltyKey: the same page
//     but for a session id, a nonce): its family is charged.
//
// A page of the family that adds something (a link outside the family its
// siblings did not make: pagination's new articles) takes addCredit off its
// family's count, and so does a genuinely new member found from a page that
// adds something (the listing that names the next articles); a loop's
// members never do. Leaves (images, PDFs, pages that queue nothing new)
// never count. At NoveltyLimit the family is closed: links into it are refused, and its queued
// members are not fetched, each with "trap:no-novelty". The counts live in
// the frontier's state (NoveltyStore), so a closed family stays closed
// across resume and for every worker of a shared crawl.

// NoveltyLimit is the default number of barren pages in a row that closes a
// family. Five: an endless calendar, a session maze or a relative-link loop
// stops after a handful of pages (each closing costs ~K+2 fetches, the first
// two warming the family's record), while a real listing resets its count
// on every page that names something new.
const NoveltyLimit = 5

// FamilyLinkCap bounds the outside links remembered per family: a family
// whose pages linked to more distinct places than this is real content, and
// its pages count as adding.
const FamilyLinkCap = 4096

// addCredit is what a page that adds something takes off its family's
// count. A barren page adds one, so a family closes when its barren pages
// outrun its adding ones: at once for a calendar or a maze (nothing ever
// adds), after a while for facets over known documents (a view that shows
// one not shown before now and then), never for a listing (every page
// adds).
const addCredit = 2

// NoveltyStore keeps the novelty budget's state. A Frontier that implements
// it keeps the state with the crawl's (crawler/frontier: Bolt, Redis);
// otherwise it is kept in memory.
type NoveltyStore interface {
	// SeenVariant records a URL's token-free novelty key and reports whether
	// it was recorded before.
	SeenVariant(key string) bool
	// FirstFetchedAt records url as where the page body body (its hash)
	// was first fetched, unless a URL was recorded for it before, and
	// reports whether the recorded URL is url. One step, so a worker that
	// dies after it leaves no half-recorded body behind.
	FirstFetchedAt(body, url string) bool
	// Contribute records the outside links (hashes) of a page of family fam
	// and returns how many were new for fam (FamilyLinkCap once fam holds
	// that many: a family that links so widely is content).
	Contribute(fam string, links []uint64) int
	// Charge counts one barren page against fam and returns the count.
	Charge(fam string) int
	// Credit takes n off fam's count (not below zero) unless fam is closed.
	Credit(fam string, n int)
	// CloseFamily closes fam for good; FamilyClosed reports whether it is.
	CloseFamily(fam string)
	FamilyClosed(fam string) bool
}

// noveltyStore is fr's own store, or one in memory.
func noveltyStore(fr Frontier) NoveltyStore {
	if ns, ok := fr.(NoveltyStore); ok {
		return ns
	}
	return newMemNovelty()
}

// novelty applies the budget for one crawl.
type novelty struct {
	store  NoveltyStore
	limit  int // 0: off
	closed sync.Map
	keys   noveltyKeys
}

// family is u's family when it can have other members ("" when u is the
// only URL its template matches).
func family(u *url.URL) string {
	tpl, generalized := policy.Family(u)
	if !generalized {
		return ""
	}
	return tpl
}

// isClosed reports whether fam is closed (a closure, once seen, is cached).
func (n *novelty) isClosed(fam string) bool {
	if n.limit <= 0 || fam == "" {
		return false
	}
	if _, ok := n.closed.Load(fam); ok {
		return true
	}
	if n.store.FamilyClosed(fam) {
		n.closed.Store(fam, struct{}{})
		return true
	}
	return false
}

// refusal is the rule and reason for a URL of a closed family.
func (n *novelty) refusal(fam string) (string, string) {
	return "trap:no-novelty", fmt.Sprintf("family %s closed: %d of its pages in a row added nothing new", fam, n.limit)
}

// newLink is a link or embed the page queued for the first time.
type newLink struct {
	fam   string // "" for a one-member family (and for embeds)
	novel bool   // new even with its tokens ignored
	loop  bool   // in a relative-link loop (policy.HasLoop): never content
	embed bool   // an embed: never charged, but new content on the page
}

// pageNovelty is what one fetched page contributed.
type pageNovelty struct {
	fam     string   // the page's family ("" : never barren)
	outside []uint64 // its navigational links outside fam
	added   []newLink
}

// charge applies one page's contribution and returns the families it closed.
func (n *novelty) charge(p pageNovelty) []string {
	closed, _ := n.chargePage(p)
	return closed
}

// chargePage is charge, also saying whether the page added something.
func (n *novelty) chargePage(p pageNovelty) ([]string, bool) {
	if n.limit <= 0 || !queuedLinks(p.added) {
		return nil, false // a leaf
	}
	v := n.verdict(p)
	if v == adding && p.fam != "" {
		n.store.Credit(p.fam, addCredit)
	}
	var closed []string
	charged := map[string]bool{}
	for _, l := range p.added {
		switch {
		case l.embed || l.fam == "" || charged[l.fam]:
		case !l.novel || v == barren || l.loop:
			charged[l.fam] = true
			if n.store.Charge(l.fam) >= n.limit && !n.isClosed(l.fam) {
				n.store.CloseFamily(l.fam)
				closed = append(closed, l.fam)
			}
		case v == adding && l.fam != p.fam:
			n.store.Credit(l.fam, addCredit)
		}
	}
	return closed, v != barren
}

// pageVerdict is what a page brought to the crawl.
type pageVerdict int

const (
	barren    pageVerdict = iota // nothing its family had not linked: charges
	reshowing                    // things its family had not linked, all known elsewhere (a listing of known items, a month page's "older" page): neither charges nor credits
	adding                       // something new to the crawl outside its family: credits
)

// verdict judges a page: a page of a one-member family always adds; another
// adds when it queues a genuinely new link or embed outside its family,
// reshows when it links or embeds outside its family things its family's
// pages had not, and is barren otherwise.
func (n *novelty) verdict(p pageNovelty) pageVerdict {
	if p.fam == "" {
		return adding
	}
	fresh := n.store.Contribute(p.fam, p.outside) > 0
	for _, l := range p.added {
		if l.novel && !l.loop && (l.embed || l.fam != p.fam) {
			return adding
		}
	}
	if fresh {
		return reshowing
	}
	return barren
}

// queuedLinks reports whether the page queued any new link (embeds alone
// make it a leaf).
func queuedLinks(added []newLink) bool {
	for _, l := range added {
		if !l.embed {
			return true
		}
	}
	return false
}

// outsideLinks hashes the links and embeds of page, of family fam, that
// lead outside it, token-free: what its siblings are compared on (a gallery
// page's new photo is something new). Links that only restate the page (its
// print view, a login link returning to it, a share button carrying its
// address) are left out: every page has its own, and they add nothing.
func (n *novelty) outsideLinks(page *url.URL, fam string, links []extract.Link) []uint64 {
	var out []uint64
	seen := map[uint64]bool{}
	self := pageMarkers(page)
	for _, l := range links {
		if l.Hop != policy.HopLink && l.Hop != policy.HopEmbed || restates(l.URL, page, self) {
			continue
		}
		h, lf := n.keys.of(l.URL)
		if lf == fam {
			continue
		}
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}

// pageMarkers are the page's path and query, decoded and without the
// leading slash, as another link may carry them: whole, and without a first
// segment (Drupal writes /en/print/documents/x for the page /en/documents/x).
// Too short to be recognised inside another link: none.
func pageMarkers(page *url.URL) []string {
	m := strings.TrimPrefix(unescapeAll(page.RequestURI()), "/")
	if len(m) < 6 {
		return nil
	}
	out := []string{m}
	if _, rest, ok := strings.Cut(m, "/"); ok && len(rest) >= 6 {
		out = append(out, rest)
	}
	return out
}

// restates reports whether link carries the page's own address somewhere
// other than at the start of its path (a child page starts with it).
func restates(link string, page *url.URL, markers []string) bool {
	if len(markers) == 0 {
		return false
	}
	u, err := url.Parse(link)
	if err != nil || u.Host == page.Host && strings.HasPrefix(strings.TrimPrefix(unescapeAll(u.RequestURI()), "/"), markers[0]) {
		return false
	}
	d := unescapeAll(link)
	for _, m := range markers {
		if containsBounded(d, m) {
			return true
		}
	}
	return false
}

// containsBounded finds m in d between separators: after / = or :, before
// the end, & # ? or a quote.
func containsBounded(d, m string) bool {
	for i := 0; ; {
		j := strings.Index(d[i:], m)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(m)
		if (j == 0 || strings.ContainsRune("/=:", rune(d[j-1]))) && (end == len(d) || strings.ContainsRune("&#?\"'", rune(d[end]))) {
			return true
		}
		i = j + 1
	}
}

// unescapeAll decodes percent escapes (twice: destination= values are often
// encoded again), leaving what does not decode.
func unescapeAll(s string) string {
	for range 2 {
		d, err := url.QueryUnescape(s)
		if err != nil || d == s {
			break
		}
		s = d
	}
	return s
}

// noveltyKey is a raw link's token-free key and family.
// noveltyKeys remembers the hashed novelty key and family of link URLs:
// pages of one site repeat their template's links (menus, footer), and
// canonicalizing each on every page was a few percent of a crawl's CPU.
// It holds at most maxNoveltyKeys URLs and starts afresh when full.
type noveltyKeys struct {
	mu sync.Mutex
	m  map[string]hashedKey
}

// hashedKey is noveltyKey's answer with the key hashed.
type hashedKey struct {
	hash uint64
	fam  string
}

const maxNoveltyKeys = 1 << 13

// of returns hash64 of raw's novelty key, and its family.
func (k *noveltyKeys) of(raw string) (uint64, string) {
	k.mu.Lock()
	e, ok := k.m[raw]
	k.mu.Unlock()
	if ok {
		return e.hash, e.fam
	}
	key, fam := noveltyKey(raw)
	e = hashedKey{hash: hash64(key), fam: fam}
	k.mu.Lock()
	if k.m == nil || len(k.m) >= maxNoveltyKeys {
		k.m = make(map[string]hashedKey)
	}
	k.m[raw] = e
	k.mu.Unlock()
	return e.hash, e.fam
}

func noveltyKey(raw string) (key, fam string) {
	u, err := policy.Canonicalize(raw, nil)
	if err != nil {
		return raw, ""
	}
	key, _ = policy.NoveltyKey(u)
	return key, family(u)
}

func hash64(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// duplicatePage reports whether an HTML page's body is byte for byte one
// already fetched at another URL. Its links are then not followed: they
// are the earlier copy's, or the same relative links one level deeper (a
// catch-all page under a relative-link loop, /docs/a/b/a/...).
func (cr *Crawler) duplicatePage(res *fetchResult) bool {
	if cr.nov.limit <= 0 || res.status != 200 || parseKind(res.ctype) != kindHTML || len(res.body) == 0 {
		return false
	}
	sum := sha256.Sum256(res.body)
	// The URL that first fetched the body, fetched again (a worker died
	// before queueing its links, a resumed crawl), is no duplicate: its
	// links must be followed.
	return !cr.nov.store.FirstFetchedAt(hex.EncodeToString(sum[:16]), res.fetchURL)
}

// isNovel reports whether a new URL is new even with its tokens ignored.
func (n *novelty) isNovel(u *url.URL) bool {
	key, hasToken := policy.NoveltyKey(u)
	if !hasToken {
		return true
	}
	return !n.store.SeenVariant(key)
}

// memNovelty is a NoveltyStore in memory.
type memNovelty struct {
	mu       sync.Mutex
	variants map[string]struct{}
	bodies   map[string]string // page body -> the URL that first fetched it
	links    map[string]map[uint64]struct{}
	counts   map[string]int
	closed   map[string]bool
}

var _ NoveltyStore = (*memNovelty)(nil)

func newMemNovelty() *memNovelty {
	return &memNovelty{variants: map[string]struct{}{}, bodies: map[string]string{}, links: map[string]map[uint64]struct{}{},
		counts: map[string]int{}, closed: map[string]bool{}}
}

func (m *memNovelty) SeenVariant(key string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.variants[key]
	m.variants[key] = struct{}{}
	return ok
}

func (m *memNovelty) FirstFetchedAt(body, url string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	first, ok := m.bodies[body]
	if !ok {
		m.bodies[body], first = url, url
	}
	return first == url
}

func (m *memNovelty) Contribute(fam string, links []uint64) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	set := m.links[fam]
	if set == nil {
		set = map[uint64]struct{}{}
		m.links[fam] = set
	}
	added := 0
	for _, h := range links {
		if len(set) >= FamilyLinkCap {
			return FamilyLinkCap
		}
		if _, ok := set[h]; !ok {
			set[h] = struct{}{}
			added++
		}
	}
	return added
}

func (m *memNovelty) Charge(fam string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.counts[fam]++
	return m.counts[fam]
}

func (m *memNovelty) Credit(fam string, n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.closed[fam] {
		m.counts[fam] = max(0, m.counts[fam]-n)
	}
}

func (m *memNovelty) CloseFamily(fam string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed[fam] = true
}

func (m *memNovelty) FamilyClosed(fam string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.closed[fam]
}
