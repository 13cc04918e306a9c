package policy

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// ScopeMode says which URLs a seed brings into scope.
type ScopeMode string

// Scope modes.
const (
	// ScopeHost: URLs on exactly a seed's host, any scheme, any port.
	ScopeHost ScopeMode = "host"
	// ScopeDomain: a seed's host and its subdomains, any scheme, any port:
	// seed minusma.unmissions.org includes mikadofm.minusma.unmissions.org:8001
	// but not www.unmissions.org. A seed's leading "www." is dropped first:
	// seed www.example.org includes example.org and media.example.org.
	ScopeDomain ScopeMode = "domain"
	// ScopePrefix: URLs on a seed's host and port whose path starts with the
	// seed's path up to and including its last '/' (scheme ignored).
	ScopePrefix ScopeMode = "prefix"
)

// ScopeConfig configures a Scope. Zero values: Mode "" means ScopeDomain;
// MaxHops 0 means unlimited; TransclusionHops 0 means no off-site embeds at
// all (DefaultScopeConfig sets 1); MaxPagesPerHost 0 means unlimited; a zero
// Traps disables every trap check (see TrapConfig).
type ScopeConfig struct {
	Mode  ScopeMode
	Seeds []string // absolute http(s) URLs
	// Include and Exclude are regular expressions (Go syntax) matched against
	// the canonical URL string. Exclude wins over everything but seeds;
	// Include lets an off-site URL in.
	Include, Exclude []string
	// MaxHops bounds the link hops ('L' and 'S') from a seed; 0: unlimited.
	MaxHops int
	// TransclusionHops is how many embed hops ('E') an off-site URL may be
	// from the last in-scope URL: 1 archives the off-site images, scripts
	// and styles of in-scope pages.
	TransclusionHops int
	// MaxPagesPerHost is the per-host page budget. It needs counts, so the
	// crawler enforces it (Decide does not); 0: unlimited.
	MaxPagesPerHost int
	Traps           TrapConfig
	// SessionParams are folded out of seen keys (Scope.SeenKey); nil folds
	// none (DefaultScopeConfig sets DefaultSessionParams).
	SessionParams []SessionParam
}

// DefaultScopeConfig returns the defaults: domain mode, one transclusion
// hop, DefaultTrapConfig(0) (set Traps.Year from the clock to enable the
// calendar check) and DefaultSessionParams. Seeds must still be set.
func DefaultScopeConfig() ScopeConfig {
	return ScopeConfig{Mode: ScopeDomain, TransclusionHops: 1, Traps: DefaultTrapConfig(0), SessionParams: DefaultSessionParams}
}

// Validate reports configuration errors other than bad seeds and regexes
// (NewScope reports those while compiling).
func (c ScopeConfig) Validate() error {
	var errs []error
	switch c.Mode {
	case "", ScopeHost, ScopeDomain, ScopePrefix:
	default:
		errs = append(errs, fmt.Errorf("unknown scope mode %q (want host, domain or prefix)", c.Mode))
	}
	if len(c.Seeds) == 0 {
		errs = append(errs, errors.New("no seeds"))
	}
	if c.MaxHops < 0 || c.TransclusionHops < 0 || c.MaxPagesPerHost < 0 {
		errs = append(errs, errors.New("max hops, transclusion hops and max pages per host must not be negative"))
	}
	errs = append(errs, c.Traps.Validate())
	return errors.Join(errs...)
}

// Candidate is a URL to decide on. HopPath holds the hops from the seed
// ("" for a seed itself, "LLE" for an image on a page two links away); Via
// is the URL it was found on (optional, nil for seeds).
type Candidate struct {
	URL     *url.URL
	HopPath string
	Via     *url.URL
	// CalendarSteps is Via's own count of calendar steps (see TrapConfig.MaxCalendarSteps).
	CalendarSteps int
}

// Decision is Decide's verdict. Rule is a stable id for logs and tests:
// "seed", "seed-redirect", "scope:host", "scope:domain", "scope:prefix", "include:<regex>",
// "transclusion", "exclude:<regex>", "offsite", "max-hops", "scheme",
// "invalid" or "trap:<name>". Reason is a sentence for people.
type Decision struct {
	Allowed bool
	Rule    string
	Reason  string
	// CalendarSteps is the candidate's count of calendar steps, to carry on
	// to the URLs found on it.
	CalendarSteps int
}

// Scope decides which URLs a crawl fetches. It is immutable and safe for
// concurrent use.
type Scope struct {
	mode             ScopeMode
	seeds            []seed
	include, exclude []*regexp.Regexp
	maxHops          int
	transclusionHops int
	traps            TrapConfig
	sessions         SessionRules
}

// seed is a seed URL reduced to what the modes compare.
type seed struct {
	url      string // canonical
	host     string // lower-case hostname, brackets for IPv6
	domain   string // host without a leading "www.": what domain mode takes with its subdomains
	hostPort string // host and non-default port
	dir      string // canonical path up to its last '/'
}

// NewScope validates cfg, canonicalizes its seeds and compiles its regexes.
func NewScope(cfg ScopeConfig) (*Scope, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Scope{mode: cfg.Mode, maxHops: cfg.MaxHops, transclusionHops: cfg.TransclusionHops, traps: cfg.Traps,
		sessions: NewSessionRules(cfg.SessionParams)}
	if s.mode == "" {
		s.mode = ScopeDomain
	}
	var err error
	if s.seeds, err = compileSeeds(cfg.Seeds); err != nil {
		return nil, err
	}
	if s.include, err = compileRegexps("include", cfg.Include); err != nil {
		return nil, err
	}
	if s.exclude, err = compileRegexps("exclude", cfg.Exclude); err != nil {
		return nil, err
	}
	return s, nil
}

func compileSeeds(raw []string) ([]seed, error) {
	seeds := make([]seed, 0, len(raw))
	for _, r := range raw {
		u, err := Canonicalize(r, nil)
		if err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
		p := partsOf(u)
		dir := p.path[:strings.LastIndexByte(p.path, '/')+1]
		seeds = append(seeds, seed{url: p.String(), host: p.host, domain: seedDomain(p.host), hostPort: p.hostPort(), dir: dir})
	}
	return seeds, nil
}

// seedDomain is the domain a seed host stands for: www.example.org is the
// site example.org (its media. and fr. hosts too), as people mean it.
func seedDomain(host string) string {
	if d, ok := strings.CutPrefix(host, "www."); ok && strings.Contains(d, ".") {
		return d
	}
	return host
}

func compileRegexps(kind string, exprs []string) ([]*regexp.Regexp, error) {
	res := make([]*regexp.Regexp, 0, len(exprs))
	for _, e := range exprs {
		if e == "" {
			return nil, fmt.Errorf("%s regex is empty (it would match every URL)", kind)
		}
		re, err := regexp.Compile(e)
		if err != nil {
			return nil, fmt.Errorf("%s regex %q: %w", kind, e, err)
		}
		res = append(res, re)
	}
	return res, nil
}

// Decide applies, in order: a missing URL or host ("invalid"), a non-http(s)
// scheme ("scheme"), seeds (HopPath "": always allowed, "seed"), a seed's
// redirects (HopPath "R", "RR"...: allowed, "seed-redirect"), exclude
// regexes, the link-hop limit ("max-hops"), the seeds' scope
// ("scope:<mode>"), include regexes, transclusion, and otherwise "offsite".
// Every allowed URL but a seed then passes the trap checks ("trap:<name>").
//
// Transclusion lets in an off-site URL reached by a trailing run of 1 to
// TransclusionHops embed hops. Redirect ('R') and prerequisite ('P') hops
// inherit the kind of the hop before them, so "LER" (an image that
// redirects) is an embed run of 1. A Via in scope limits the run to 1: an
// off-site requisite of an in-scope page or stylesheet is always one hop.
func (s *Scope) Decide(c Candidate) Decision {
	d, u := s.decideBase(c)
	if !d.Allowed || d.Rule == "seed" {
		return d
	}
	if rule, reason := s.traps.Check(u); rule != "" {
		return Decision{Rule: rule, Reason: reason}
	}
	if seg, loop := pathLoop(u, c.Via); loop && s.traps.PathLoop {
		return Decision{Rule: "trap:path-loop", Reason: fmt.Sprintf("below the page it is on through %q, a folder that page is already in (a relative-link loop)", seg)}
	}
	return s.calendarSteps(c, u, d)
}

// calendarSteps counts steps through a calendar and refuses too many. A
// dated link from a dated page of another family (a year view linking its
// first day, a day linking its year) carries the walk's count on: two
// calendars linking each other are one walk. A dated URL queued without a
// page (an earlier crawl's, EarlierCalendarSteps) keeps the count it is
// given.
func (s *Scope) calendarSteps(c Candidate, u *url.URL, d Decision) Decision {
	if s.traps.MaxCalendarSteps <= 0 {
		return d
	}
	if !CalendarStep(u, c.Via) {
		if c.CalendarSteps > 0 && dated(u) && (c.Via == nil || dated(c.Via)) {
			d.CalendarSteps = c.CalendarSteps
		}
		return d
	}
	d.CalendarSteps = c.CalendarSteps + 1
	if d.CalendarSteps > s.traps.MaxCalendarSteps {
		return Decision{Rule: "trap:calendar-steps", Reason: fmt.Sprintf(
			"%d steps through a calendar from the last undated page, more than %d", d.CalendarSteps, s.traps.MaxCalendarSteps)}
	}
	return d
}

// EarlierCalendarSteps is the calendar count an earlier crawl's URL joins
// the frontier with (crawl --previous): a dated URL is at the end of its
// walk, so it is fetched again but its neighbours only when the site leads
// to them; otherwise each recrawl would walk MaxCalendarSteps further.
func (s *Scope) EarlierCalendarSteps(u *url.URL) int {
	if dated(u) {
		return s.traps.MaxCalendarSteps
	}
	return 0
}

// SeenKey is what the frontier deduplicates u on: its canonical string
// without session parameters, with the rule that folded them ("" if none).
func (s *Scope) SeenKey(u *url.URL) (key, rule string) {
	return s.sessions.SeenKey(u)
}

// Sessions is the session-parameter rules SeenKey applies.
func (s *Scope) Sessions() SessionRules { return s.sessions }

// decideBase is Decide without the trap checks; it also returns the
// canonical URL.
func (s *Scope) decideBase(c Candidate) (Decision, *url.URL) {
	if c.URL == nil {
		return Decision{Rule: "invalid", Reason: "no url"}, nil
	}
	p := partsOf(c.URL)
	if !isHTTPScheme(p.scheme) {
		return Decision{Rule: "scheme", Reason: fmt.Sprintf("scheme %q is not crawlable (http and https only)", p.scheme)}, nil
	}
	if p.host == "" {
		return Decision{Rule: "invalid", Reason: "url has no host"}, nil
	}
	u := p.url()
	if c.HopPath == "" {
		return Decision{Allowed: true, Rule: "seed", Reason: "seeds are always crawled"}, u
	}
	if strings.Trim(c.HopPath, string(HopRedirect)) == "" {
		return Decision{Allowed: true, Rule: "seed-redirect", Reason: "a seed's redirect is followed wherever it goes"}, u
	}
	return s.decideHop(c, p), u
}

func (s *Scope) decideHop(c Candidate, p canonParts) Decision {
	str := p.String()
	if re := firstMatch(s.exclude, str); re != nil {
		return Decision{Rule: "exclude:" + re.String(), Reason: fmt.Sprintf("url matches exclude pattern %q", re.String())}
	}
	if n := linkHops(c.HopPath); s.maxHops > 0 && n > s.maxHops {
		return Decision{Rule: "max-hops", Reason: fmt.Sprintf("%d link hops from the seed, more than max %d", n, s.maxHops)}
	}
	if d, ok := s.inScope(p); ok {
		return d
	}
	if re := firstMatch(s.include, str); re != nil {
		return Decision{Allowed: true, Rule: "include:" + re.String(), Reason: fmt.Sprintf("off-site but matches include pattern %q", re.String())}
	}
	return s.transclusion(c)
}

// inScope reports whether the canonical parts p are in a seed's scope.
func (s *Scope) inScope(p canonParts) (Decision, bool) {
	for _, sd := range s.seeds {
		if s.matchSeed(sd, p) {
			return Decision{Allowed: true, Rule: "scope:" + string(s.mode), Reason: s.scopeReason(sd, p)}, true
		}
	}
	return Decision{}, false
}

func (s *Scope) matchSeed(sd seed, p canonParts) bool {
	switch s.mode {
	case ScopeHost:
		return p.host == sd.host
	case ScopePrefix:
		return p.hostPort() == sd.hostPort && strings.HasPrefix(p.path, sd.dir)
	}
	return p.host == sd.domain || strings.HasSuffix(p.host, "."+sd.domain)
}

func (s *Scope) scopeReason(sd seed, p canonParts) string {
	switch s.mode {
	case ScopeHost:
		return fmt.Sprintf("host %s is the host of seed %s", p.host, sd.url)
	case ScopePrefix:
		return fmt.Sprintf("url is under %s%s, the prefix of seed %s", sd.hostPort, sd.dir, sd.url)
	}
	return fmt.Sprintf("host %s is %s or one of its subdomains (seed %s)", p.host, sd.domain, sd.url)
}

// OnSite reports whether u is on the crawled site: in a seed's scope,
// whatever the exclusions, hop limit and trap rules say of it. Links on the
// site are judged from the crawl (a refused one is not requested to check
// it); links elsewhere are checked live.
func (s *Scope) OnSite(u *url.URL) bool {
	p := partsOf(u)
	if !isHTTPScheme(p.scheme) || p.host == "" {
		return false
	}
	_, ok := s.inScope(p)
	return ok
}

// viaInScope reports whether via is given and in a seed's scope.
func (s *Scope) viaInScope(via *url.URL) bool {
	if via == nil {
		return false
	}
	_, ok := s.inScope(partsOf(via))
	return ok
}

func (s *Scope) transclusion(c Candidate) Decision {
	run := embedRun(c.HopPath)
	if run > 1 && s.viaInScope(c.Via) {
		run = 1
	}
	switch {
	case run >= 1 && run <= s.transclusionHops:
		return Decision{Allowed: true, Rule: "transclusion",
			Reason: fmt.Sprintf("off-site requisite %d embed hop(s) from an in-scope url (limit %d)", run, s.transclusionHops)}
	case run >= 1:
		return Decision{Rule: "offsite",
			Reason: fmt.Sprintf("off-site embed chain of %d hop(s), more than the transclusion limit %d", run, s.transclusionHops)}
	}
	return Decision{Rule: "offsite", Reason: fmt.Sprintf("outside the %s scope of every seed", s.mode)}
}

func firstMatch(res []*regexp.Regexp, s string) *regexp.Regexp {
	for _, re := range res {
		if re.MatchString(s) {
			return re
		}
	}
	return nil
}

// linkHops counts the link and sitemap hops of a hop path.
func linkHops(path string) int {
	return strings.Count(path, string(HopLink)) + strings.Count(path, string(HopSitemap))
}

// embedRun counts the trailing embed hops of a hop path; redirect and
// prerequisite hops are transparent.
func embedRun(path string) int {
	n := 0
	for i := len(path) - 1; i >= 0; i-- {
		switch Hop(path[i]) {
		case HopEmbed:
			n++
		case HopRedirect, HopPrereq:
		default:
			return n
		}
	}
	return n
}
