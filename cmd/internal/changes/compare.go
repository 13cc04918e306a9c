package changes

import (
	"cmp"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"slices"
	"time"

	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
	"github.com/salvage-archive/salvage/warc"
)

// Options are the report's settings; the zero value is usable.
type Options struct {
	ReplayBase string           // prefix of replay links: ReplayBase + "/" + TIMESTAMP + "/" + URL ("": relative)
	Replay     string           // how to serve them ("salvage replay FOLDER"), shown with them
	Tool       string           // "salvage VERSION"
	Clock      func() time.Time // nil: time.Now
}

func (o Options) now() time.Time {
	if o.Clock == nil {
		return time.Now()
	}
	return o.Clock()
}

// Compare makes the changes report of the earlier crawl prev and this crawl
// cur: what became of every URL of either, and, when both have a link
// report, the link rot between them.
func Compare(prev, cur *Source, opt Options) *Report {
	r := newReport(prev.Origin, cur.Origin, opt)
	r.CapturesCompared = true
	k := newKeyer(captureURLs(prev), captureURLs(cur), linkURLs(prev.Links), linkURLs(cur.Links))
	c := comparison{prev: prev, cur: cur, opt: opt, keys: k, linkedNow: k.linked(cur.Links), linkedBefore: k.linked(prev.Links),
		reachedNow: k.reachable(cur.Links), reachedBefore: k.reachable(prev.Links),
		beforeURL: map[string]string{}, afterURL: map[string]string{}}
	c.before, c.after = k.fold(prev.Captures, c.beforeURL), k.fold(cur.Captures, c.afterURL)
	for _, kk := range c.allKeys() {
		r.add(c.change(kk))
	}
	sortChanges(r.URLs)
	r.compareLinks(prev.Links, cur.Links)
	return r
}

// CompareReports makes the link-rot report of two link reports alone
// (`salvage verify --previous`): no URLs, only links and feeds.
func CompareReports(prev, cur *verify.Report, prevPath string, opt Options) *Report {
	r := newReport(Origin{Path: prevPath, Links: prevPath, Generated: prev.Generated}, Origin{Generated: cur.Generated}, opt)
	r.compareLinks(prev, cur)
	return r
}

func newReport(prev, cur Origin, opt Options) *Report {
	r := &Report{Schema: SchemaVersion, Tool: opt.Tool, Generated: opt.now(), Previous: prev, Current: cur,
		URLs: []Change{}, Feeds: []Feed{}, Counts: Counts{}, Replay: opt.Replay}
	r.Links = LinkRot{Broken: []Link{}, Disappeared: []string{}, Appeared: []string{}}
	for _, k := range policy.ChangeKinds() {
		r.Counts[k] = 0
	}
	return r
}

func (r *Report) add(c Change) {
	r.URLs = append(r.URLs, c)
	r.Counts[c.Kind]++
}

// compareLinks fills Links and Feeds, or says why it cannot.
func (r *Report) compareLinks(prev, cur *verify.Report) {
	switch {
	case prev == nil:
		r.NotCompared = "the earlier crawl has no link report (links.json): links and feeds were not compared"
		return
	case cur == nil:
		r.NotCompared = "this crawl has no link report (links.json): links and feeds were not compared, orphaned URLs not looked for"
		return
	}
	r.LinksCompared = true
	r.Links = CompareLinks(prev, cur)
	r.Feeds = ClosedFeeds(prev, cur)
}

// comparison is what Compare needs while it classifies URLs.
type comparison struct {
	prev, cur                 *Source
	opt                       Options
	keys                      keyer
	before, after             map[string]*Capture     // the crawls' captures by key
	beforeURL, afterURL       map[string]string       // key -> the URL captured
	linkedNow, linkedBefore   map[string]*verify.Link // nil: no link report
	reachedNow, reachedBefore map[string]bool         // keys reached by links from the seeds (keyer.reachable)
}

// allKeys is every key either crawl captured, sorted.
func (c *comparison) allKeys() []string {
	var all []string
	for k := range c.before {
		all = append(all, k)
	}
	for k := range c.after {
		if _, ok := c.before[k]; !ok {
			all = append(all, k)
		}
	}
	slices.Sort(all)
	return all
}

// change classifies the URL of one key and gathers what the report shows
// of it: under the URL this crawl captured, else the earlier one.
func (c *comparison) change(k string) Change {
	before, after := c.before[k], c.after[k]
	u := cmp.Or(c.afterURL[k], c.beforeURL[k])
	ch := Change{URL: u, Before: before, After: after}
	f := policy.ChangeFacts{Before: fetchOf(before), After: fetchOf(after), LinkedBefore: c.wasLinked(u), LinkedNow: c.isLinked(u, mimeOf(after, before)),
		PerRequestOnly: c.perRequestOnly(before, after)}
	if l := c.linkNow(u); after == nil && l != nil && l.Class.Problem() {
		f.Failed, ch.Class = true, l.Class
	}
	ch.Kind = policy.ClassifyChange(f)
	ch.Document = policy.DocumentType(mimeOf(before, after))
	if before != nil {
		ch.ReplayURL = c.opt.ReplayBase + "/" + before.Date.UTC().Format("20060102150405") + "/" + c.beforeURL[k]
	}
	if ch.Kind == policy.ChangeMoved {
		ch.Target = c.target(u, after)
	}
	return ch
}

func fetchOf(c *Capture) *policy.Fetch {
	if c == nil {
		return nil
	}
	return &policy.Fetch{Status: c.Status, Digest: c.Digest, Revisit: c.Revisit()}
}

// mimeOf is the URL's media type: the earlier capture's, unless that is a
// revisit record's.
func mimeOf(caps ...*Capture) string {
	for _, c := range caps {
		if c != nil && !c.Revisit() {
			return c.Mime
		}
	}
	return ""
}

func (c *comparison) linkNow(u string) *verify.Link {
	return c.linkedNow[c.keys.key(u)]
}

// isLinked: links from this crawl's seeds reach u, or u is no page's
// business (a seed, robots.txt, a sitemap or feed: the link graph holds no
// discovery edges), or this crawl has no link report to tell.
func (c *comparison) isLinked(u, mime string) bool {
	if c.linkedNow == nil || c.unlinkable(u, c.cur.Links.Seeds) || discovery(u, mime) {
		return true
	}
	return linkedIn(c.reachedNow, c.linkedNow, c.keys.key(u))
}

// wasLinked: links from the earlier crawl's seeds reached u; without its
// link report, every URL it captured was reached somehow.
func (c *comparison) wasLinked(u string) bool {
	if c.linkedBefore == nil {
		return true
	}
	return linkedIn(c.reachedBefore, c.linkedBefore, c.keys.key(u))
}

// linkedIn: links from the seeds reach key; for a report that names no
// seeds, some page links to it.
func linkedIn(reached map[string]bool, linked map[string]*verify.Link, key string) bool {
	if reached != nil {
		return reached[key]
	}
	l := linked[key]
	return l != nil && len(l.Appearances) > 0
}

// discovery: u (of media type mime) is a sitemap or a feed.
func discovery(u, mime string) bool {
	p, err := url.Parse(u)
	return err == nil && policy.DiscoveryResource(p.Path, mime)
}

// unlinkable: seeds and robots.txt are fetched without a link to them.
func (c *comparison) unlinkable(u string, seeds []string) bool {
	p, err := url.Parse(u)
	if err == nil && path.Clean("/"+p.Path) == "/robots.txt" {
		return true
	}
	for _, s := range seeds {
		if c.keys.key(s) == c.keys.key(u) {
			return true
		}
	}
	return false
}

// perRequestOnly: two captures of an HTML page with different payloads
// whose texts are the same once the session ids their links carry (the
// keyer's session rules) and their forms' per-request tokens are folded
// out: a session maze's page, viewed with a new id in each crawl; a Drupal
// page whose search form has a new build id in every response. Only pages
// both folders hold are read.
func (c *comparison) perRequestOnly(before, after *Capture) bool {
	if before == nil || after == nil || before.Revisit() || after.Revisit() || before.Digest == after.Digest ||
		before.Status != after.Status || policy.MediaType(before.Mime) != "text/html" || policy.MediaType(after.Mime) != "text/html" ||
		c.prev.Dir == "" || c.cur.Dir == "" {
		return false
	}
	a, okA := payloadText(c.prev.Dir, before)
	b, okB := payloadText(c.cur.Dir, after)
	return okA && okB && policy.FoldTokens(c.keys.rules.FoldText(a)) == policy.FoldTokens(c.keys.rules.FoldText(b))
}

// maxComparedPayload bounds what is read of a page to compare it.
const maxComparedPayload = 8 << 20

// payloadText is a capture's decoded payload, from its folder's WARC file.
func payloadText(dir string, cp *Capture) (string, bool) {
	resp, err := openCapture(dir, cp)
	if err != nil {
		return "", false
	}
	defer resp.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxComparedPayload))
	return string(b), err == nil
}

// target is where a moved URL now leads: the link report's redirect, else
// the Location of the archived 3xx.
func (c *comparison) target(u string, after *Capture) string {
	if l := c.linkNow(u); l != nil {
		if len(l.Chain) > 0 && l.Chain[0].Location != "" {
			return resolve(u, l.Chain[0].Location)
		}
		if l.FinalURL != "" {
			return l.FinalURL
		}
	}
	if c.cur.Dir == "" || after == nil {
		return ""
	}
	resp, err := openCapture(c.cur.Dir, after)
	if err != nil {
		return ""
	}
	defer resp.Close()
	return resolve(u, resp.Header.Get("Location"))
}

// openCapture opens a capture's response record in its folder's WARC file.
func openCapture(dir string, cp *Capture) (*warc.Response, error) {
	return warc.OpenResponse(filepath.Join(dir, filepath.Base(cp.Filename)), cp.Offset)
}

func resolve(base, ref string) string {
	b, err := url.Parse(base)
	r, err2 := url.Parse(ref)
	if err != nil || err2 != nil || ref == "" {
		return ref
	}
	return b.ResolveReference(r).String()
}

// sortChanges orders by kind (ChangeKinds order), documents first, then URL.
func sortChanges(cs []Change) {
	rank := map[policy.ChangeKind]int{}
	for i, k := range policy.ChangeKinds() {
		rank[k] = i
	}
	slices.SortStableFunc(cs, func(a, b Change) int {
		return cmp.Or(cmp.Compare(rank[a.Kind], rank[b.Kind]), -cmp.Compare(btoi(a.Document), btoi(b.Document)), cmp.Compare(a.URL, b.URL))
	})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
