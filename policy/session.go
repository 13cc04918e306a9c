package policy

import (
	"net/url"
	"regexp"
	"strings"
)

// SessionParam is a query (or ;path) parameter that carries a session id:
// two URLs that differ only in it are the same page, so the frontier's seen
// key drops it (the fetched and archived URL keeps it), as Heritrix's
// canonicalization rules do.
type SessionParam struct {
	// Name is matched case-insensitively; with Prefix, any name starting with it.
	Name   string
	Prefix bool
	// Token: only a token-shaped value (IsToken) is a session id; "sid=3"
	// may be a section number.
	Token bool
	// With names a parameter that must be present too (ColdFusion's CFID
	// and CFTOKEN are dropped together).
	With string
}

// DefaultSessionParams are the session parameters every crawl folds.
var DefaultSessionParams = []SessionParam{
	{Name: "jsessionid"},
	{Name: "phpsessid"},
	{Name: "aspsessionid", Prefix: true},
	{Name: "sid", Token: true},
	{Name: "sessionid", Token: true},
	{Name: "session_id", Token: true},
	{Name: "sessid", Token: true},
	{Name: "oscsid", Token: true},
	{Name: "cfid", With: "cftoken"},
	{Name: "cftoken", With: "cfid"},
	{Name: "_wpnonce"}, // WordPress: a per-user, per-day token on action links
}

// SessionRules folds session parameters out of seen keys.
type SessionRules struct {
	params []SessionParam
}

// NewSessionRules uses params (nil: none folded).
func NewSessionRules(params []SessionParam) SessionRules {
	return SessionRules{params: params}
}

// SeenKey is the canonical string of u without its session parameters, and
// the rule that folded them ("session:jsessionid"), "" when none was.
func (r SessionRules) SeenKey(u *url.URL) (key, rule string) {
	p := partsOf(u)
	var folded []string
	p.path, folded = r.foldPath(p.path, folded)
	p.query, folded = r.foldQuery(p.query, folded)
	if len(folded) == 0 {
		return CanonicalString(u), ""
	}
	return p.String(), "session:" + strings.Join(folded, "+")
}

// isCookielessSession matches ASP.NET's cookieless session segment:
// (S(token)), with (A(...)) or (F(...)) beside it.
func isCookielessSession(seg string) bool {
	if !strings.HasPrefix(seg, "(") || !strings.HasSuffix(seg, "))") {
		return false
	}
	for rest := seg; rest != ""; {
		if len(rest) < 5 || rest[0] != '(' || !strings.ContainsRune("SAF", rune(rest[1])) || rest[2] != '(' {
			return false
		}
		end := strings.Index(rest, "))")
		if end < 0 || end < 4 {
			return false
		}
		rest = rest[end+2:]
	}
	return true
}

// foldPath drops ";name=value" path parameters that are session ids, and
// ASP.NET's cookieless session segments.
func (r SessionRules) foldPath(path string, folded []string) (string, []string) {
	if !strings.Contains(path, ";") && !strings.Contains(path, "(") {
		return path, folded
	}
	segs := strings.Split(path, "/")
	kept := segs[:0:0]
	for _, s := range segs {
		if isCookielessSession(s) {
			folded = append(folded, "aspnet-cookieless")
			continue
		}
		kept = append(kept, s)
	}
	segs = kept
	for i, s := range segs {
		parts := strings.Split(s, ";")
		kept := parts[:1]
		for _, prm := range parts[1:] {
			k, v, _ := strings.Cut(prm, "=")
			if r.match(k, v, nil) {
				folded = append(folded, strings.ToLower(k))
				continue
			}
			kept = append(kept, prm)
		}
		segs[i] = strings.Join(kept, ";")
	}
	return strings.Join(segs, "/"), folded
}

func (r SessionRules) foldQuery(q string, folded []string) (string, []string) {
	args := queryArgs(q)
	if len(args) == 0 {
		return q, folded
	}
	names := make(map[string]bool, len(args))
	for _, a := range args {
		k, _, _ := strings.Cut(a, "=")
		names[strings.ToLower(k)] = true
	}
	kept := args[:0:0]
	for _, a := range args {
		k, v, _ := strings.Cut(a, "=")
		if r.match(k, v, names) {
			folded = append(folded, strings.ToLower(k))
			continue
		}
		kept = append(kept, a)
	}
	return strings.Join(kept, "&"), folded
}

// match reports whether name=value is a session parameter; names are the
// query's other argument names (nil for path parameters).
func (r SessionRules) match(name, value string, names map[string]bool) bool {
	return r.matches(name, value, func(partner string) bool { return names[partner] })
}

// matches reports whether name=value is one of r's parameters whose
// partner (With), if it names one, present says is there.
func (r SessionRules) matches(name, value string, present func(partner string) bool) bool {
	name = strings.ToLower(name)
	for _, p := range r.params {
		hit := name == p.Name || p.Prefix && strings.HasPrefix(name, p.Name)
		if !hit || p.Token && !IsToken(value) || p.With != "" && !present(p.With) {
			continue
		}
		return true
	}
	return false
}

// LearnSessionParams finds the query parameters that carry a session id on
// one page: a parameter whose token-shaped value (IsToken) is the same on
// links to at least two different paths. A content hash differs from link to
// link; a session id is stamped on all of them. The names are lower-case.
func LearnSessionParams(links []*url.URL) []string {
	paths := map[string]map[string]bool{} // name "=" value -> paths
	for _, u := range links {
		if u == nil {
			continue
		}
		for _, a := range queryArgs(u.RawQuery) {
			k, v, _ := strings.Cut(a, "=")
			if !IsToken(v) {
				continue
			}
			key := strings.ToLower(k) + "=" + v
			if paths[key] == nil {
				paths[key] = map[string]bool{}
			}
			paths[key][u.Host+u.EscapedPath()] = true
		}
	}
	var names []string
	seen := map[string]bool{}
	for key, ps := range paths {
		name, _, _ := strings.Cut(key, "=")
		if len(ps) >= 2 && !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	return names
}

// WithLearned returns r also folding the query parameters named (lower-case,
// found by LearnSessionParams), when their values are token-shaped.
func (r SessionRules) WithLearned(names []string) SessionRules {
	if len(names) == 0 {
		return r
	}
	params := append([]SessionParam(nil), r.params...)
	for _, n := range names {
		params = append(params, SessionParam{Name: n, Token: true})
	}
	return SessionRules{params: params}
}

// urlParam is a name=value of a URL written in a text: after ?, & (also
// &amp;) or ; (a path parameter), up to the next delimiter.
var urlParam = regexp.MustCompile(`([?&;])([A-Za-z_][A-Za-z0-9_.-]*)=([^&"'#\s<>;)]*)`)

// FoldText blanks the session ids of the URLs written in a text (an HTML
// page's links): a name=value whose name is one of r's session parameters
// (and whose value a token where the parameter asks for one) loses its
// value. Two views of a page that differ only in the session ids stamped on
// its links fold to the same text.
func (r SessionRules) FoldText(s string) string {
	anyPartner := func(string) bool { return true } // a text's URLs are not parsed: a partner is not asked for
	var b strings.Builder
	last := 0
	for _, m := range urlParam.FindAllStringSubmatchIndex(s, -1) {
		if r.matches(s[m[4]:m[5]], s[m[6]:m[7]], anyPartner) {
			b.WriteString(s[last:m[6]]) // up to the value
			last = m[7]
		}
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}
