package policy

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// TrapConfig bounds the URLs a crawler trap generates without end. A zero
// field disables its check, so the zero TrapConfig checks nothing. Every
// check looks at the canonical form of the URL.
type TrapConfig struct {
	// MaxURLLength refuses longer canonical URLs ("trap:url-length").
	MaxURLLength int
	// MaxRepeatedSegment refuses a path in which one segment occurs more than
	// this many times anywhere, empty segments included: with 3,
	// /a/b/a/c/a is fine and /a/a/a/a is not ("trap:repeated-segment").
	MaxRepeatedSegment int
	// MaxQueryParams refuses more '&'-separated query arguments
	// ("trap:query-params").
	MaxQueryParams int
	// MaxPathDepth refuses more path segments ("trap:path-depth").
	MaxPathDepth int
	// Year is the current year (policy reads no clock); 0 disables the
	// calendar check. A date in the URL (see dates.go: YYYY-MM, YYYY/MM,
	// YYYYMM, YYYY-MM-DD, YYYYMMDD, DD-MM-YYYY in path segments and query
	// values, a bare /YYYY/ segment, year=, month=, date= arguments) with a
	// year after Year+1, or before Year-CalendarWindowYears when the window
	// is positive, is refused ("trap:calendar").
	Year                int
	CalendarWindowYears int
	// MaxCalendarSteps bounds walks through a calendar: a dated URL found on a
	// dated page of its own family (next/previous month, week or day) is one
	// step further from the last page outside the walk; more steps than this
	// are refused ("trap:calendar-steps"). With 1, a linked month and its two
	// neighbours are kept.
	MaxCalendarSteps int
	// PathLoop refuses a link that goes below the page it is found on
	// through a word segment the page's path already has: a relative link
	// on a catch-all page (/jobs/faq/ linking faq/ again) ("trap:path-loop").
	PathLoop bool
}

// DefaultTrapConfig returns the defaults for the given current year (0 to
// disable the calendar check): URLs up to 2048 bytes, a segment at most 3
// times, 30 query arguments, 32 path segments, and dates from year-30 to
// year+1, which lets a 2013-2023 archive through and stops an endless
// calendar in either direction.
func DefaultTrapConfig(year int) TrapConfig {
	return TrapConfig{
		MaxURLLength:        2048,
		MaxRepeatedSegment:  3,
		MaxQueryParams:      30,
		MaxPathDepth:        32,
		Year:                year,
		CalendarWindowYears: 30,
		MaxCalendarSteps:    1,
		PathLoop:            true,
	}
}

// CalendarStep reports whether u is a step through a calendar from via:
// both carry dates and are of one family (the same URL but for their
// numbers, tokens and query values), whatever the link's text or markup.
func CalendarStep(u, via *url.URL) bool {
	if u == nil || via == nil || len(urlYears(partsOf(u))) == 0 || len(urlYears(partsOf(via))) == 0 {
		return false
	}
	f, _ := Family(u)
	vf, _ := Family(via)
	return f == vf
}

// dated reports whether u carries a date in its path or query.
func dated(u *url.URL) bool {
	return u != nil && len(urlYears(partsOf(u))) > 0
}

// Validate rejects negative limits.
func (t TrapConfig) Validate() error {
	for _, v := range []int{t.MaxURLLength, t.MaxRepeatedSegment, t.MaxQueryParams, t.MaxPathDepth, t.Year, t.CalendarWindowYears, t.MaxCalendarSteps} {
		if v < 0 {
			return errors.New("trap limits must not be negative")
		}
	}
	return nil
}

// Check returns the rule id ("trap:...") and a reason when u looks like a
// crawler trap, and "", "" when it does not.
func (t TrapConfig) Check(u *url.URL) (rule, reason string) {
	if u == nil {
		return "", ""
	}
	p := partsOf(u)
	checks := []func(canonParts) (string, string){
		t.checkLength, t.checkDepth, t.checkRepeated, t.checkQuery, t.checkCalendar,
	}
	for _, check := range checks {
		if rule, reason := check(p); rule != "" {
			return rule, reason
		}
	}
	return "", ""
}

func (t TrapConfig) checkLength(p canonParts) (string, string) {
	if n := len(p.String()); t.MaxURLLength > 0 && n > t.MaxURLLength {
		return "trap:url-length", fmt.Sprintf("url is %d bytes long, more than %d", n, t.MaxURLLength)
	}
	return "", ""
}

func (t TrapConfig) checkDepth(p canonParts) (string, string) {
	if n := len(pathSegments(p.path)); t.MaxPathDepth > 0 && n > t.MaxPathDepth {
		return "trap:path-depth", fmt.Sprintf("path has %d segments, more than %d", n, t.MaxPathDepth)
	}
	return "", ""
}

func (t TrapConfig) checkRepeated(p canonParts) (string, string) {
	if t.MaxRepeatedSegment <= 0 {
		return "", ""
	}
	counts := make(map[string]int)
	for _, s := range pathSegments(p.path) {
		counts[s]++
		if counts[s] > t.MaxRepeatedSegment {
			return "trap:repeated-segment", fmt.Sprintf("path segment %q occurs more than %d times", s, t.MaxRepeatedSegment)
		}
	}
	return "", ""
}

func (t TrapConfig) checkQuery(p canonParts) (string, string) {
	if n := len(queryArgs(p.query)); t.MaxQueryParams > 0 && n > t.MaxQueryParams {
		return "trap:query-params", fmt.Sprintf("query has %d arguments, more than %d", n, t.MaxQueryParams)
	}
	return "", ""
}

func (t TrapConfig) checkCalendar(p canonParts) (string, string) {
	if t.Year <= 0 || NamesFile(p.path) {
		return "", ""
	}
	lo, hi := 0, t.Year+1
	if t.CalendarWindowYears > 0 {
		lo = t.Year - t.CalendarWindowYears
	}
	for _, y := range urlYears(p) {
		if y < lo || y > hi {
			return "trap:calendar", fmt.Sprintf("date with year %d outside %d-%d (calendar trap)", y, lo, hi)
		}
	}
	return "", ""
}

// fileExtensions are the documents and media a page links as leaves.
var fileExtensions = map[string]bool{
	"pdf": true, "doc": true, "docx": true, "xls": true, "xlsx": true, "ppt": true, "pptx": true, "odt": true,
	"ods": true, "odp": true, "rtf": true, "txt": true, "csv": true, "zip": true, "gz": true, "tgz": true, "rar": true,
	"7z": true, "jpg": true, "jpeg": true, "png": true, "gif": true, "webp": true, "svg": true, "tif": true,
	"tiff": true, "bmp": true, "ico": true, "mp3": true, "mp4": true, "m4a": true, "ogg": true, "oga": true,
	"ogv": true, "webm": true, "wav": true, "avi": true, "mov": true, "wmv": true, "flv": true, "epub": true,
	"css": true, "js": true, "woff": true, "woff2": true, "ttf": true, "eot": true, "vtt": true, "srt": true,
}

// NamesFile reports whether a URL path names a document or media file by
// its extension (PDF, office, archive, image, audio, video, font, style
// sheet, script): a leaf, not a page. No calendar walks through those; a
// link check asks them with HEAD first.
func NamesFile(path string) bool {
	last := path[strings.LastIndexByte(path, '/')+1:]
	dot := strings.LastIndexByte(last, '.')
	return dot >= 0 && fileExtensions[strings.ToLower(last[dot+1:])]
}

// pathLoop reports whether u lies below via's folder through a word
// segment via's path already has.
func pathLoop(u, via *url.URL) (string, bool) {
	if u == nil || via == nil {
		return "", false
	}
	p, v := partsOf(u), partsOf(via)
	dir := v.path[:strings.LastIndexByte(v.path, '/')+1]
	if p.hostPort() != v.hostPort() || !strings.HasPrefix(p.path, dir) {
		return "", false
	}
	above := map[string]bool{}
	for _, s := range pathSegments(dir) {
		above[s] = !hasDigit(s)
	}
	for _, s := range pathSegments(p.path[len(dir):]) {
		if above[s] {
			return s, true
		}
	}
	return "", false
}

// pathSegments splits a path into its segments, without the empty one after
// a trailing slash: "/" has none, "/a/b/" has a and b, "/a//b" has a, "" and b.
func pathSegments(path string) []string {
	path = strings.TrimPrefix(path, "/")
	path = strings.TrimSuffix(path, "/")
	if path == "" {
		return nil
	}
	return strings.Split(path, "/")
}

// queryArgs returns the non-empty '&'-separated arguments of a query.
func queryArgs(q string) []string {
	var args []string
	for a := range strings.SplitSeq(q, "&") {
		if a != "" {
			args = append(args, a)
		}
	}
	return args
}

// digits parses s as a decimal of lo to hi ASCII digits.
func digits(s string, lo, hi int) (int, bool) {
	if len(s) < lo || len(s) > hi {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}
