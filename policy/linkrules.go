package policy

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// defaultRulesJSON is rules/default.json: every platform, login, bot-block
// and not-found marker salvage knows, as data.
//
//go:embed rules/default.json
var defaultRulesJSON []byte

// defaultLinkRules parses defaultRulesJSON once. TestDefaultLinkRules
// proves it parses, so the empty fallback is never used.
var defaultLinkRules = sync.OnceValue(func() *LinkRules {
	r, err := ParseLinkRules(defaultRulesJSON)
	if err != nil {
		return &LinkRules{}
	}
	return r
})

// LinkRules holds the data-driven part of link classification (login walls,
// bot blocks, soft 404s) and of feed detection. It is immutable and safe for
// concurrent use; a nil *LinkRules has no rules.
//
// The JSON form (rules/default.json, `--rules FILE`) is an object with
// "rules" and "feeds" arrays. A rule has an "id", a "class" (login-wall,
// bot-blocked or soft-404), a "note", optionally "disabled", and
// conditions that must all hold (a list holds when one entry does):
//
//   - "statuses": the final status is one of these codes ("404") or
//     classes ("2xx");
//   - "hosts": the final URL's host is one of these or a subdomain;
//   - "headers": every header named (lower case) is in the final response
//     and matches its regex; "" only asks for the header to be present;
//   - "title": a regex matches the text of the page's <title>;
//   - "body": a regex matches the body;
//   - "redirectTo": a regex matches the absolute target of one of the
//     chain's redirects;
//   - "homeRedirect": the chain went from a deeper path to the home page "/"
//     of the same site (www. ignored) and ended 2xx;
//   - "probeSimilarity": the target and its Probe both answered 2xx and
//     either the probe's page is at least this similar to the target's
//     (Jaccard index of the 3-word shingles of their visible text, words of
//     the two paths left out), or both were redirected to the same final URL;
//   - "unlessURL": no regex matches the link's own URL.
//
// Regexes use Go syntax and are case-sensitive unless they start with (?i).
// Feed detectors are described at DetectFeeds.
type LinkRules struct {
	rules []linkRule
	feeds []feedDetector
}

// rulesFile is the JSON form of LinkRules.
type rulesFile struct {
	Note  string     `json:"note,omitempty"`
	Rules []ruleSpec `json:"rules"`
	Feeds []feedSpec `json:"feeds"`
}

// ruleSpec is one rule as written in JSON.
type ruleSpec struct {
	ID              string            `json:"id"`
	Class           LinkClass         `json:"class"`
	Note            string            `json:"note,omitempty"`
	Disabled        bool              `json:"disabled,omitempty"`
	Statuses        []string          `json:"statuses,omitempty"`
	Hosts           []string          `json:"hosts,omitempty"`
	Headers         map[string]string `json:"headers,omitempty"`
	Title           []string          `json:"title,omitempty"`
	Body            []string          `json:"body,omitempty"`
	RedirectTo      []string          `json:"redirectTo,omitempty"`
	HomeRedirect    bool              `json:"homeRedirect,omitempty"`
	ProbeSimilarity float64           `json:"probeSimilarity,omitempty"`
	UnlessURL       []string          `json:"unlessURL,omitempty"`
}

// linkRule is a compiled ruleSpec.
type linkRule struct {
	id, note                           string
	class                              LinkClass
	disabled                           bool
	statuses, hosts                    []string
	headers                            []attrMatch
	title, body, redirectTo, unlessURL []*regexp.Regexp
	homeRedirect                       bool
	probeSimilarity                    float64
}

// attrMatch asks for a header or attribute whose value matches re.
type attrMatch struct {
	name string
	re   *regexp.Regexp
}

// ruleClasses are the classes rules may give, in the order Classify tries
// them.
func ruleClasses() []LinkClass {
	return []LinkClass{ClassLoginWall, ClassBotBlocked, ClassSoft404}
}

// DefaultLinkRules returns the rules embedded from rules/default.json.
func DefaultLinkRules() *LinkRules {
	return defaultLinkRules()
}

// ParseLinkRules reads rules in the JSON form described at LinkRules.
// Unknown fields are errors; every bad rule is reported, by id and field.
func ParseLinkRules(data []byte) (*LinkRules, error) {
	var f rulesFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("link rules: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("link rules: more data after the JSON object")
	}
	r := &LinkRules{}
	var errs []error
	for i, s := range f.Rules {
		rl, err := compileRule(s)
		r.rules = append(r.rules, rl)
		errs = append(errs, wrapEntry("rules", i, s.ID, err))
	}
	for i, s := range f.Feeds {
		d, err := compileFeed(s)
		r.feeds = append(r.feeds, d)
		errs = append(errs, wrapEntry("feeds", i, s.ID, err))
	}
	errs = append(errs, duplicateIDs(r))
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("link rules: %w", err)
	}
	return r, nil
}

// wrapEntry names the entry an error is about: `rule "login-url": ...`.
func wrapEntry(list string, i int, id string, err error) error {
	if err == nil {
		return nil
	}
	if id == "" {
		return fmt.Errorf("%s[%d]: %w", list, i, err)
	}
	return fmt.Errorf("%s %q: %w", strings.TrimSuffix(list, "s"), id, err)
}

func duplicateIDs(r *LinkRules) error {
	seen := map[string]bool{}
	var errs []error
	check := func(id string) {
		if id != "" && seen[id] {
			errs = append(errs, fmt.Errorf("id %q is used twice", id))
		}
		seen[id] = true
	}
	for _, rl := range r.rules {
		check(rl.id)
	}
	for _, d := range r.feeds {
		check(d.spec.ID)
	}
	return errors.Join(errs...)
}

// specErrors collects the errors of one entry.
type specErrors []error

func (e *specErrors) check(ok bool, format string, args ...any) {
	if !ok {
		*e = append(*e, fmt.Errorf(format, args...))
	}
}

func (e *specErrors) regexps(field string, exprs []string) []*regexp.Regexp {
	res := make([]*regexp.Regexp, 0, len(exprs))
	for _, x := range exprs {
		re, err := regexp.Compile(x)
		if err != nil {
			*e = append(*e, fmt.Errorf("%s regex %q: %w", field, x, err))
			continue
		}
		res = append(res, re)
	}
	return res
}

// matches compiles a name -> regex map, names lower-cased and sorted.
func (e *specErrors) matches(field string, m map[string]string) []attrMatch {
	var res []attrMatch
	for name, x := range m {
		if re := e.regexps(field+" "+name, []string{x}); len(re) == 1 {
			res = append(res, attrMatch{name: strings.ToLower(name), re: re[0]})
		}
	}
	sort.Slice(res, func(i, j int) bool { return res[i].name < res[j].name })
	return res
}

func (e *specErrors) statuses(list []string) {
	for _, s := range list {
		e.check(validStatus(s), "status %q: want a code like \"404\" or a class like \"4xx\"", s)
	}
}

// validStatus accepts "100" to "999" and "1xx" to "9xx".
func validStatus(s string) bool {
	if len(s) != 3 || s[0] < '1' || s[0] > '9' {
		return false
	}
	return s[1:] == "xx" || isDigit(s[1]) && isDigit(s[2])
}

func compileRule(s ruleSpec) (linkRule, error) {
	var e specErrors
	rl := linkRule{
		id: s.ID, note: s.Note, class: s.Class, disabled: s.Disabled,
		statuses: s.Statuses, hosts: lowerAll(s.Hosts), homeRedirect: s.HomeRedirect, probeSimilarity: s.ProbeSimilarity,
		headers: e.matches("headers", s.Headers), title: e.regexps("title", s.Title), body: e.regexps("body", s.Body),
		redirectTo: e.regexps("redirectTo", s.RedirectTo), unlessURL: e.regexps("unlessURL", s.UnlessURL),
	}
	e.statuses(s.Statuses)
	e.check(s.ID != "", "missing id")
	e.check(s.Disabled || slices.Contains(ruleClasses(), s.Class), "class %q: rules give login-wall, bot-blocked or soft-404", s.Class)
	e.check(s.ProbeSimilarity >= 0 && s.ProbeSimilarity <= 1, "probeSimilarity %v: want a number from 0 to 1", s.ProbeSimilarity)
	e.check(s.Disabled || rl.hasCondition(), "no condition: set statuses, hosts, headers, title, body, redirectTo, homeRedirect or probeSimilarity")
	return rl, errors.Join(e...)
}

func (rl *linkRule) hasCondition() bool {
	return len(rl.statuses)+len(rl.hosts)+len(rl.headers)+len(rl.title)+len(rl.body)+len(rl.redirectTo) > 0 ||
		rl.homeRedirect || rl.probeSimilarity > 0
}

func lowerAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strings.ToLower(strings.TrimSuffix(s, "."))
	}
	return out
}

// Extend returns r with o's rules and feed detectors added: an entry whose
// id is already in r replaces r's entry in place (so it keeps r's
// precedence), others are appended. An entry with "disabled": true switches
// off the entry of that id. This is how `--rules FILE` extends the defaults.
// Neither r nor o changes.
func (r *LinkRules) Extend(o *LinkRules) *LinkRules {
	out := &LinkRules{}
	if r != nil {
		out.rules, out.feeds = slices.Clone(r.rules), slices.Clone(r.feeds)
	}
	if o != nil {
		out.rules = mergeByID(out.rules, o.rules, func(rl linkRule) string { return rl.id })
		out.feeds = mergeByID(out.feeds, o.feeds, func(d feedDetector) string { return d.spec.ID })
	}
	return out
}

func mergeByID[T any](base, add []T, id func(T) string) []T {
	for _, a := range add {
		i := slices.IndexFunc(base, func(b T) bool { return id(b) == id(a) })
		if i < 0 {
			base = append(base, a)
			continue
		}
		base[i] = a
	}
	return base
}

// Classify returns o's class and the evidence for it, "rule-id: what was
// seen" (`login-url: redirected to https://twitter.com/i/flow/login?...`,
// `status: 404`). Precedence:
//
//  1. Stream: an endless body that answered is a stream, even when reading
//     it ended in a timeout or reset ("stream").
//  2. A redirect loop is broken: server-error ("redirect-loop").
//  3. Error kinds: private -> blocked-private, robots -> robots-excluded,
//     dns -> unreachable, refused and reset -> refused, tls -> tls-error,
//     timeout -> timeout, malformed -> malformed, too-many-redirects ->
//     server-error; an unknown kind -> unreachable.
//  4. The rules of class login-wall, then bot-blocked, then soft-404, each
//     in file order; the first rule whose conditions all hold wins.
//  5. The final status: 2xx without redirects ok, after redirects
//     redirected (each named permanent 301/308 or temporary
//     302/303/307, and the final URL); 404, 410 and any other 4xx not-found;
//     5xx and a chain ending on a 3xx server-error; no status not-checked;
//     anything else malformed. (401, 407, 403, 429 and 999 are claimed by
//     the default rules in step 4.)
func (r *LinkRules) Classify(o Observation) (LinkClass, string) {
	if class, evidence, ok := classifyFailure(o); ok {
		return class, evidence
	}
	p := newObserved(o)
	for _, class := range ruleClasses() {
		if evidence, ok := r.firstMatch(class, p); ok {
			return class, evidence
		}
	}
	return classifyStatus(o)
}

// firstMatch applies the enabled rules of one class in order.
func (r *LinkRules) firstMatch(class LinkClass, p *observed) (string, bool) {
	if r == nil {
		return "", false
	}
	for i := range r.rules {
		rl := &r.rules[i]
		if rl.class != class || rl.disabled {
			continue
		}
		if what, ok := rl.match(p); ok {
			return rl.id + ": " + what, true
		}
	}
	return "", false
}

// observed is an Observation with what the rules look at worked out once.
type observed struct {
	Observation
	final     string
	redirects []redirect
	title     string
}

func newObserved(o Observation) *observed {
	return &observed{Observation: o, final: finalURL(o), redirects: redirectsOf(o), title: pageTitle(o.Body)}
}

// match checks every condition of rl; the evidence joins what each saw.
func (rl *linkRule) match(p *observed) (string, bool) {
	if firstMatch(rl.unlessURL, p.URL) != nil {
		return "", false
	}
	conds := []func(*observed) (string, bool){
		rl.matchStatus, rl.matchHost, rl.matchHeaders, rl.matchTitle, rl.matchBody,
		rl.matchRedirect, rl.matchHome, rl.matchProbe,
	}
	var seen []string
	for _, cond := range conds {
		what, ok := cond(p)
		if !ok {
			return "", false
		}
		if what != "" {
			seen = append(seen, what)
		}
	}
	return strings.Join(seen, " "), true
}

func (rl *linkRule) matchStatus(p *observed) (string, bool) {
	if len(rl.statuses) == 0 {
		return "", true
	}
	code := fmt.Sprintf("%03d", p.Status)
	for _, s := range rl.statuses {
		if s == code || len(code) == 3 && strings.HasSuffix(s, "xx") && s[0] == code[0] {
			return "status " + code, true
		}
	}
	return "", false
}

func (rl *linkRule) matchHost(p *observed) (string, bool) {
	if len(rl.hosts) == 0 {
		return "", true
	}
	host := strings.ToLower(hostnameOf(p.final))
	for _, h := range rl.hosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return "from " + host, true
		}
	}
	return "", false
}

func (rl *linkRule) matchHeaders(p *observed) (string, bool) {
	var seen []string
	for _, m := range rl.headers {
		v, ok := p.Header[m.name]
		if !ok || !m.re.MatchString(v) {
			return "", false
		}
		seen = append(seen, "with "+m.name+": "+clip(v, 60))
	}
	return strings.Join(seen, " "), true
}

func (rl *linkRule) matchTitle(p *observed) (string, bool) {
	if len(rl.title) == 0 {
		return "", true
	}
	if firstMatch(rl.title, p.title) == nil {
		return "", false
	}
	return fmt.Sprintf("with title %q", clip(p.title, 60)), true
}

func (rl *linkRule) matchBody(p *observed) (string, bool) {
	for _, re := range rl.body {
		if m := re.FindString(p.Body); m != "" {
			return fmt.Sprintf("with body %q", clip(m, 60)), true
		}
	}
	return "", len(rl.body) == 0
}

func (rl *linkRule) matchRedirect(p *observed) (string, bool) {
	for _, r := range p.redirects {
		if firstMatch(rl.redirectTo, r.to) != nil {
			return "redirected to " + elideQuery(r.to), true
		}
	}
	return "", len(rl.redirectTo) == 0
}

// matchHome: a deeper path redirected to the home page of the same site.
func (rl *linkRule) matchHome(p *observed) (string, bool) {
	if !rl.homeRedirect {
		return "", true
	}
	from, to := urlParts(p.URL), urlParts(p.final)
	ok := len(p.redirects) > 0 && is2xx(p.Status) && to.path == "/" && to.query == "" &&
		from.path != "/" && from.path != "" && stripWWW(from.host) == stripWWW(to.host)
	return fmt.Sprintf("redirected from %s to the home page %s", from.path, p.final), ok
}

// matchProbe: the probe of a sibling that cannot exist got the same page.
func (rl *linkRule) matchProbe(p *observed) (string, bool) {
	if rl.probeSimilarity <= 0 {
		return "", true
	}
	pr := p.Probe
	if pr == nil || !is2xx(pr.Status) || !is2xx(p.Status) {
		return "", false
	}
	probeFinal := cmp.Or(pr.FinalURL, pr.URL)
	if samePage(probeFinal, p.URL) {
		return "", false // the probe landed on the target itself
	}
	lead := fmt.Sprintf("probe of %s answered %d", urlParts(pr.URL).path, pr.Status)
	if len(p.redirects) > 0 && samePage(probeFinal, p.final) && !samePage(p.URL, p.final) {
		return lead + " at the same final URL " + p.final, true
	}
	sim := similarity(p.Body, pr.Body, append(pathWords(p.URL), pathWords(pr.URL)...))
	return fmt.Sprintf("%s with the same page (similarity %.2f)", lead, sim), sim >= rl.probeSimilarity
}

func is2xx(status int) bool { return status >= 200 && status < 300 }

// pageTitle returns the text of a page's first <title>, entities decoded
// and white space collapsed; "" when there is none.
func pageTitle(body string) string {
	lower := lowerASCII(body) // same length as body, unlike strings.ToLower
	i := strings.Index(lower, "<title")
	if i < 0 {
		return ""
	}
	start := strings.IndexByte(lower[i:], '>')
	if start < 0 {
		return ""
	}
	text, lowerText := body[i+start+1:], lower[i+start+1:]
	if end := strings.Index(lowerText, "</title"); end >= 0 {
		text = text[:end]
	}
	return collapse(html.UnescapeString(text))
}

// similarity is the Jaccard index of the 3-word shingles of two pages'
// visible text without the ignored words (those of the requested paths,
// which a "not found" page echoes): 1 for the same text, 0 when either has
// no words.
func similarity(a, b string, ignore []string) float64 {
	sa, sb := shingles(visibleWords(a, ignore)), shingles(visibleWords(b, ignore))
	if len(sa) == 0 || len(sb) == 0 {
		return 0
	}
	both := 0
	for s := range sa {
		if sb[s] {
			both++
		}
	}
	return float64(both) / float64(len(sa)+len(sb)-both)
}

// shingleWords is the length of a shingle; a text shorter than that is one
// shingle.
const shingleWords = 3

func shingles(words []string) map[string]bool {
	set := map[string]bool{}
	if len(words) > 0 && len(words) < shingleWords {
		set[strings.Join(words, " ")] = true
	}
	for i := 0; i+shingleWords <= len(words); i++ {
		set[strings.Join(words[i:i+shingleWords], " ")] = true
	}
	return set
}

// visibleWords returns the lower-cased words of a page outside its tags,
// comments, scripts and styles, less the ignored ones.
func visibleWords(page string, ignore []string) []string {
	var words []string
	for s := strings.ToLower(page); s != ""; {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			i = len(s)
		}
		words = append(words, strings.FieldsFunc(s[:i], notWordRune)...)
		s = skipMarkup(s[i:])
	}
	return slices.DeleteFunc(words, func(w string) bool { return slices.Contains(ignore, w) })
}

// pathWords returns the lower-cased words of a URL's path.
func pathWords(u string) []string {
	return strings.FieldsFunc(strings.ToLower(urlParts(u).path), notWordRune)
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// skipMarkup drops the tag, comment, script or style element a lower-cased
// page starts with ("" stays "").
func skipMarkup(s string) string {
	end := ">"
	switch {
	case strings.HasPrefix(s, "<!--"):
		end = "-->"
	case strings.HasPrefix(s, "<script"):
		end = "</script>"
	case strings.HasPrefix(s, "<style"):
		end = "</style>"
	}
	i := strings.Index(s, end)
	if i < 0 {
		return ""
	}
	return s[i+len(end):]
}
