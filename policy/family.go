package policy

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// A URL family is the template many URLs share: the host, the path with
// its numbers, dates and token-shaped segments generalised, and the set of
// query argument names (values dropped). /en/calendar/2023-12 and
// /en/calendar/1995-01 are one family (/en/calendar/#); so are
// /en/news?page=3 and /en/news?page=299 (/en/news?page), and every
// /subscribe?sid=TOKEN. The novelty budget (crawler/novelty.go) counts per
// family what its pages contribute, which catches traps by what they do,
// whatever their shape.

// loopMark ends the template of a path in which a word segment repeats:
// /a/b/a/b/c and /a/b/a/b/a/b/c are both /a/b/~loop, so a relative-link
// loop is one family however deep it goes.
const loopMark = "~loop"

// Family is u's family template. Generalized reports whether anything was
// generalised: a URL whose template is itself (no number, token, loop or
// query) is the only member of its family.
func Family(u *url.URL) (template string, generalized bool) {
	if u == nil {
		return "", false
	}
	p := partsOf(u)
	path, gp := familyPath(p.path)
	query, gq := familyQuery(p.query)
	t := p.hostPort() + path
	if query != "" {
		t += "?" + query
	}
	return t, gp || gq
}

// familyPath generalises each segment; a path in which a word segment
// occurs twice is a loop: its template is the path before the first
// occurrence, then ~loop (/en/careers/a/b/a/ and /en/careers/b/c/b/ are
// both /en/careers/~loop).
func familyPath(path string) (string, bool) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if j, loop := loopCut(segs); loop {
		return generalizedPath(segs[:j]) + "/" + loopMark, true
	}
	g := generalizedPath(segs)
	return g, g != "/"+strings.Join(segs, "/")
}

// HasLoop reports whether u's path repeats a word segment: a relative-link
// loop (its family template ends in ~loop).
func HasLoop(u *url.URL) bool {
	if u == nil {
		return false
	}
	_, loop := loopCut(strings.Split(strings.TrimPrefix(partsOf(u).path, "/"), "/"))
	return loop
}

// loopCut returns where a path's loop starts: the index of the first
// occurrence of the first word segment that occurs again.
func loopCut(segs []string) (int, bool) {
	first := make(map[string]int, len(segs))
	for i, s := range segs {
		j, seen := first[s]
		if s != "" && seen && !hasDigit(s) {
			return j, true
		}
		if !seen {
			first[s] = i
		}
	}
	return 0, false
}

func generalizedPath(segs []string) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteByte('/')
		b.WriteString(generalizeSegment(s))
	}
	return b.String()
}

// generalizeSegment is "*" for a token-shaped segment, else the segment
// with its month names as "#m" and its numbers generalised: a group of numbers joined by -, _, . or :
// (2023-12-05, 1.2.3) becomes '#', a plain run of digits '#' and its length
// (/news/2 is /news/#1, /news/117520 is /news/#6: a listing's page numbers
// and the article ids it lists are not one family).
func generalizeSegment(s string) string {
	if IsToken(s) || isCookielessSession(s) {
		return "*"
	}
	return generalizeDigits(generalizeMonths(s))
}

func generalizeDigits(s string) string {
	if !hasDigit(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := endOfNumber(s, i)
		b.WriteByte('#')
		if run := s[i:j]; isAllDigits(run) {
			b.WriteString(strconv.Itoa(len(run)))
		}
		i = j
	}
	return b.String()
}

// endOfNumber returns the end of the digit run starting at i, joined across
// single separators that have digits on both sides.
func endOfNumber(s string, i int) int {
	for i < len(s) {
		switch {
		case isDigit(s[i]):
			i++
		case strings.IndexByte("-_.:", s[i]) >= 0 && i+1 < len(s) && isDigit(s[i+1]) && i > 0 && isDigit(s[i-1]):
			i++
		default:
			return i
		}
	}
	return i
}

// familyQuery is the sorted set of argument names, their numbers
// generalised (f[0]=a and f[0]=a&f[1]=b are one family, as are
// facets of any depth); generalised when there is any argument (its value
// is dropped).
func familyQuery(q string) (string, bool) {
	args := queryArgs(q)
	if len(args) == 0 {
		return "", false
	}
	names := make([]string, 0, len(args))
	seen := make(map[string]bool, len(args))
	for _, a := range args {
		k, _, _ := strings.Cut(a, "=")
		k = generalizeDigits(strings.ToLower(k))
		if !seen[k] {
			seen[k] = true
			names = append(names, k)
		}
	}
	sort.Strings(names)
	return strings.Join(names, "&"), true
}

// NoveltyKey is u's canonical string with token-shaped path segments and
// query values replaced by "*": two URLs with the same key are the same
// page but for a token (a session id, a nonce, a signature). hasToken
// reports whether any part was replaced.
func NoveltyKey(u *url.URL) (key string, hasToken bool) {
	p := partsOf(u)
	segs := strings.Split(p.path, "/")
	for i, s := range segs {
		if IsToken(stripPathParams(s)) || isCookielessSession(s) {
			segs[i], hasToken = "*", true
		}
	}
	p.path = strings.Join(segs, "/")
	args := strings.Split(p.query, "&")
	for i, a := range args {
		if k, v, ok := strings.Cut(a, "="); ok && IsToken(v) {
			args[i], hasToken = k+"=*", true
		}
	}
	p.query = strings.Join(args, "&")
	return p.String(), hasToken
}

// stripPathParams drops a segment's ";params" (RFC 3986 path parameters).
func stripPathParams(s string) string {
	s, _, _ = strings.Cut(s, ";")
	return s
}

// IsToken reports whether s looks machine-made rather than written: at
// least 16 characters of letters, digits, '-' and '_', switching between
// digit, lower-case and upper-case characters at least once every four of
// them, or a hex number of 16 or more digits with letters and digits in it.
// A UUID, base64url nonces switch on nearly every character; a slug like
// after-ten-years-2023 almost never does. A random 32-hex session id
// switches about every other character, but now and then runs long: it is
// hex, whatever its runs.
func IsToken(s string) bool {
	if len(s) < 16 {
		return false
	}
	if isHexID(s) {
		return true
	}
	switches, n := 0, 0
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		c := charClass(s[i])
		switch c {
		case 0:
			return false
		case '-':
			continue
		}
		if prev != 0 && c != prev {
			switches++
		}
		prev = c
		n++
	}
	return switches*4 >= n
}

// isHexID: all hex digits of one case, with both digits and letters.
func isHexID(s string) bool {
	var digit, lower, upper bool
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c):
			digit = true
		case 'a' <= c && c <= 'f':
			lower = true
		case 'A' <= c && c <= 'F':
			upper = true
		default:
			return false
		}
	}
	return digit && lower != upper
}

// charClass is 'd' digit, 'l' lower, 'u' upper, '-' for - and _, 0 otherwise.
func charClass(c byte) byte {
	switch {
	case isDigit(c):
		return 'd'
	case 'a' <= c && c <= 'z':
		return 'l'
	case 'A' <= c && c <= 'Z':
		return 'u'
	case c == '-' || c == '_':
		return '-'
	}
	return 0
}

func isAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func hasDigit(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' }) >= 0
}
