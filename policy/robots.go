package policy

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Limits of the robots.txt parser.
const (
	// MaxRobotsSize is how much of a robots.txt is parsed (RFC 9309 §2.5:
	// at least 500 KiB); the rest, and a line cut by the limit, is ignored.
	MaxRobotsSize = 500 << 10
	// maxRobotsPattern: longer Allow/Disallow patterns are ignored, which
	// bounds the cost of matching a hostile file.
	maxRobotsPattern = 8 << 10
	// maxCrawlDelay caps Crawl-delay values.
	maxCrawlDelay = 24 * time.Hour
)

// robotsAccess is what a robots.txt that was not parsed means.
type robotsAccess int

const (
	robotsParsed robotsAccess = iota
	robotsAllowAll
	robotsDisallowAll
)

// Robots holds the rules of one robots.txt (RFC 9309). A nil *Robots allows
// everything. Robots is immutable and safe for concurrent use.
type Robots struct {
	status   int // what ParseRobots was given
	access   robotsAccess
	groups   []robotsGroup
	agents   map[string][]int // product token ("*" for any) -> indexes of its groups
	sitemaps []string
}

// robotsGroup holds one group's rules, the winning rule first (see
// sortRules), and its largest Crawl-delay (0: none).
type robotsGroup struct {
	rules []robotsRule
	delay time.Duration
}

// robotsRule is an Allow or Disallow line with its normalised pattern.
type robotsRule struct {
	allow    bool
	pattern  string // '*' matches any run of bytes
	anchored bool   // the pattern ended in '$'
	length   int    // the priority of the rule: its pattern's length
}

// ParseRobots interprets a robots.txt response by its status, as RFC 9309
// §2.3.1 says: 2xx is parsed; 3xx (the crawler follows up to five
// redirects before calling this) and 4xx allow everything; 429, 5xx and
// status 0 or below (unreachable; a crawler may pass its negative fetch
// status, which Status gives back) disallow everything and report
// Unavailable so the crawler can try again later. 429 is treated as a
// server error, as Google does, rather than as the 4xx the RFC makes it.
func ParseRobots(status int, body []byte) *Robots {
	r := &Robots{access: robotsDisallowAll}
	switch {
	case status >= 200 && status < 300:
		r = parseRobotsBody(body)
	case status == 429:
	case status >= 300 && status < 500:
		r.access = robotsAllowAll
	}
	r.status = status
	return r
}

// Status is the status the rules were parsed from: an HTTP status, or 0 or
// below when robots.txt got no answer. It tells an Unavailable robots.txt
// that answered 5xx from one that could not be fetched at all.
func (r *Robots) Status() int {
	if r == nil {
		return 0
	}
	return r.status
}

// Unavailable reports whether robots.txt could not be fetched (5xx, 429,
// unreachable): everything is disallowed until it is fetched again.
func (r *Robots) Unavailable() bool {
	return r != nil && r.access == robotsDisallowAll
}

// Allowed reports whether userAgent may fetch pathAndQuery (a request URI
// such as "/en/news?page=2"). /robots.txt itself is always allowed. The
// rules of the groups naming userAgent's product token apply, else those
// of the "*" groups; the matching rule with the longest pattern wins and
// Allow wins a tie.
func (r *Robots) Allowed(userAgent, pathAndQuery string) bool {
	allowed, _ := r.Verdict(userAgent, pathAndQuery)
	return allowed
}

// Verdict is Allowed with the rule that decided, as robots.txt spells it
// ("Disallow: /user/login"); rule is "" when no rule matched (or the file
// was not parsed: see Unavailable).
func (r *Robots) Verdict(userAgent, pathAndQuery string) (allowed bool, rule string) {
	path := robotsPath(pathAndQuery)
	if r == nil || isRobotsTxt(path) || r.access == robotsAllowAll {
		return true, ""
	}
	if r.access == robotsDisallowAll {
		return false, ""
	}
	var best *robotsRule
	for _, i := range r.groupsFor(userAgent) {
		if rule := r.groups[i].match(path); rule != nil && (best == nil || rule.beats(best)) {
			best = rule
		}
	}
	if best == nil {
		return true, ""
	}
	return best.allow, best.String()
}

// String spells the rule as a robots.txt line (its pattern normalised).
func (r *robotsRule) String() string {
	s := "Disallow: " + r.pattern
	if r.allow {
		s = "Allow: " + r.pattern
	}
	if r.anchored {
		s += "$"
	}
	return s
}

// match returns the group's winning rule for path, or nil.
func (g *robotsGroup) match(path string) *robotsRule {
	for i := range g.rules {
		if robotsMatch(g.rules[i].pattern, g.rules[i].anchored, path) {
			return &g.rules[i]
		}
	}
	return nil
}

// beats reports whether rule r wins over rule o: a longer pattern, or an
// Allow against a Disallow of the same length.
func (r *robotsRule) beats(o *robotsRule) bool {
	return r.length > o.length || (r.length == o.length && r.allow && !o.allow)
}

// CrawlDelay returns the Crawl-delay for userAgent (the largest given in
// its groups), 0 when there is none. Values are capped at 24 hours.
func (r *Robots) CrawlDelay(userAgent string) time.Duration {
	if r == nil {
		return 0
	}
	var d time.Duration
	for _, i := range r.groupsFor(userAgent) {
		d = max(d, r.groups[i].delay)
	}
	return d
}

// Sitemaps returns the Sitemap URLs, in file order, without duplicates.
func (r *Robots) Sitemaps() []string {
	if r == nil {
		return nil
	}
	return append([]string(nil), r.sitemaps...)
}

// groupsFor returns the indexes of the groups naming userAgent's product
// token, or else of the "*" groups; RFC 9309 §2.2.1 combines them.
func (r *Robots) groupsFor(userAgent string) []int {
	if gs, ok := r.agents[productToken(userAgent)]; ok {
		return gs
	}
	return r.agents["*"]
}

// productToken returns the leading [a-zA-Z_-] run of s, lower-cased:
// "Salvage/0.1 (+https://...)" -> "salvage"; "*" for a value starting
// with '*'.
func productToken(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "*") {
		return "*"
	}
	i := 0
	for i < len(s) && (isAlpha(s[i]) || s[i] == '_' || s[i] == '-') {
		i++
	}
	return strings.ToLower(s[:i])
}

// robotsPath normalises a request URI for matching: "" becomes "/",
// escapes are normalised as in patterns.
func robotsPath(pathAndQuery string) string {
	p := normalizeRobots(pathAndQuery)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return p
}

func isRobotsTxt(path string) bool {
	p, _, _ := strings.Cut(path, "?")
	return p == "/robots.txt"
}

// normalizeRobots applies RFC 9309 §2.2.2 to a path or pattern: escapes of
// unreserved characters are decoded, other escapes upper-cased, bytes
// outside printable ASCII percent-encoded; reserved characters stay as
// they are.
func normalizeRobots(s string) string {
	return normalizeEscapes(s, func(c byte) bool { return c > ' ' && c < 0x7f })
}

// robotsMatch matches path against a pattern in which '*' matches any run
// of bytes. An unanchored pattern need only match a prefix of path.
func robotsMatch(pattern string, anchored bool, path string) bool {
	p, s := 0, 0
	star, mark := -1, 0
	for s < len(path) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, s
			p++
		case p < len(pattern) && pattern[p] == path[s]:
			p++
			s++
		case p == len(pattern) && !anchored:
			return true
		case star >= 0:
			p, mark = star+1, mark+1
			s = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// parseRobotsBody parses the first MaxRobotsSize bytes of a robots.txt.
func parseRobotsBody(body []byte) *Robots {
	r := &Robots{agents: make(map[string][]int)}
	p := robotsParser{r: r, cur: -1, sitemaps: make(map[string]bool)}
	for _, l := range robotsLines(body) {
		p.line(l)
	}
	for i := range r.groups {
		sortRules(r.groups[i].rules)
	}
	return r
}

// sortRules puts the rule that wins first: longest pattern first, Allow
// before Disallow of the same length (RFC 9309 §2.2.2), else file order.
func sortRules(rules []robotsRule) {
	slices.SortStableFunc(rules, func(a, b robotsRule) int {
		if a.length != b.length {
			return b.length - a.length
		}
		return boolRank(b.allow) - boolRank(a.allow)
	})
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// robotsLines splits the capped body into lines (LF, CRLF or CR).
func robotsLines(body []byte) []string {
	s := string(body)
	if len(s) > MaxRobotsSize {
		s = s[:MaxRobotsSize]
		if i := strings.LastIndexAny(s, "\r\n"); i >= 0 {
			s = s[:i]
		}
	}
	s = strings.TrimPrefix(s, "\ufeff")
	return strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
}

// robotsParser groups lines: consecutive user-agent lines open a group,
// rules attach to the open group, rules before any group are ignored.
type robotsParser struct {
	r         *Robots
	cur       int  // index of the open group, -1 before the first
	afterRule bool // a rule was seen since the last user-agent line
	sitemaps  map[string]bool
}

func (p *robotsParser) line(l string) {
	key, value, ok := robotsKeyValue(l)
	if !ok {
		return
	}
	switch key {
	case "user-agent":
		p.userAgent(value)
	case "allow", "disallow":
		p.rule(key == "allow", value)
	case "crawl-delay":
		p.crawlDelay(value)
	case "sitemap":
		p.sitemap(value)
	}
}

// robotsKeyValue splits "Key: value # comment" into a lower-case key
// (with "useragent" and "user agent" read as "user-agent") and a value.
func robotsKeyValue(l string) (key, value string, ok bool) {
	l, _, _ = strings.Cut(l, "#")
	key, value, ok = strings.Cut(l, ":")
	key = strings.ToLower(strings.TrimSpace(key))
	if key == "useragent" || key == "user agent" {
		key = "user-agent"
	}
	return key, strings.TrimSpace(value), ok
}

func (p *robotsParser) userAgent(value string) {
	if p.cur < 0 || p.afterRule {
		p.r.groups = append(p.r.groups, robotsGroup{})
		p.cur, p.afterRule = len(p.r.groups)-1, false
	}
	token := productToken(value)
	if gs := p.r.agents[token]; len(gs) == 0 || gs[len(gs)-1] != p.cur {
		p.r.agents[token] = append(gs, p.cur)
	}
}

func (p *robotsParser) rule(allow bool, value string) {
	if p.cur < 0 {
		return
	}
	p.afterRule = true
	if rule, ok := newRobotsRule(allow, value); ok {
		g := &p.r.groups[p.cur]
		g.rules = append(g.rules, rule)
	}
}

// newRobotsRule normalises a pattern; an empty one is no rule.
func newRobotsRule(allow bool, value string) (robotsRule, bool) {
	if value == "" || len(value) > maxRobotsPattern {
		return robotsRule{}, false
	}
	length := len(normalizeRobots(value))
	pattern, anchored := strings.CutSuffix(value, "$")
	pattern = collapseStars(normalizeRobots(pattern))
	if !strings.HasPrefix(pattern, "/") && !strings.HasPrefix(pattern, "*") {
		pattern = "/" + pattern
	}
	return robotsRule{allow: allow, pattern: pattern, anchored: anchored, length: length}, true
}

// collapseStars turns runs of '*' into one, which matches the same.
func collapseStars(s string) string {
	for strings.Contains(s, "**") {
		s = strings.ReplaceAll(s, "**", "*")
	}
	return s
}

func (p *robotsParser) crawlDelay(value string) {
	if p.cur < 0 {
		return
	}
	p.afterRule = true
	secs, err := strconv.ParseFloat(value, 64)
	if err != nil || secs < 0 || math.IsNaN(secs) {
		return
	}
	d := maxCrawlDelay
	if secs < maxCrawlDelay.Seconds() {
		d = time.Duration(secs * float64(time.Second))
	}
	g := &p.r.groups[p.cur]
	g.delay = max(g.delay, d)
}

func (p *robotsParser) sitemap(value string) {
	if value == "" || p.sitemaps[value] {
		return
	}
	p.sitemaps[value] = true
	p.r.sitemaps = append(p.r.sitemaps, value)
}
