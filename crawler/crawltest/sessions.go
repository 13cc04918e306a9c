package crawltest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Session mazes: four small applications on the site whose links carry a
// session id that is new on every view, each in its own style. Behind the
// ids each has a fixed set of real pages (answering 200 with or without a
// token, whatever its value), but a crawler that takes every tokened link
// for a new page walks them for ever. The manifest lists each maze's
// parameter, the URL the site links and its pages without the token
// (Manifest.SessionMazes).

// sessionMaze is one application.
type sessionMaze struct {
	Name   string
	Param  string // the session parameter, as the application spells it
	InPath bool   // ;Param=token after the path (Java), else a query argument
	Token  func(sum []byte) string
	Entry  string // as the site links it
	Pages  []mazePage
	App    mazeApp // how its pages look
}

// mazePage is one real page: its path (with the page's own query, if any)
// and title.
type mazePage struct{ Path, Title string }

// mazeApp is the software behind a maze.
type mazeApp int

const (
	appDrupal mazeApp = iota // Drupal pages in the site's theme
	appPHP                   // an old PHP gallery
	appJava                  // a Java portal
)

// tendersEntryToken is the session id in the site's link to the
// procurement portal, copied from an address bar years ago.
const tendersEntryToken = "8C2D0E7A41F9B3C65D1E0A7F29B48C3E"

var sessionMazes = []sessionMaze{
	{Name: "newsletter", Param: "sid", Token: hexLower, Entry: "/en/newsletter", Pages: []mazePage{
		{"/en/newsletter", "Newsletters"}, {"/en/newsletter/weekly-digest", "Weekly digest"},
		{"/en/newsletter/press-alerts", "Press alerts"}, {"/en/newsletter/unsubscribe", "Unsubscribe"},
	}},
	{Name: "tenders", Param: "jsessionid", InPath: true, Token: hexUpper, Entry: "/portal/tenders;jsessionid=" + tendersEntryToken, App: appJava, Pages: []mazePage{
		{"/portal/tenders", "Calls for tenders"}, {"/portal/tenders/open", "Open calls"},
		{"/portal/tenders/awarded", "Awarded contracts"}, {"/portal/register", "Vendor registration"},
	}},
	{Name: "gallery", Param: "PHPSESSID", Token: phpSession, Entry: "/gallery/index.php", App: appPHP, Pages: []mazePage{
		{"/gallery/index.php", "Photo archive"}, {"/gallery/album.php?id=1", "Bamako, 2013"},
		{"/gallery/album.php?id=2", "Gao, 2014"}, {"/gallery/album.php?id=3", "Timbuktu, 2016"},
	}},
	{Name: "survey", Param: "visit", Token: base64Token, Entry: "/en/survey", Pages: []mazePage{
		{"/en/survey", "Reader survey"}, {"/en/survey/step-2", "Reader survey: your visit"},
		{"/en/survey/step-3", "Reader survey: your interests"}, {"/en/survey/thank-you", "Thank you"},
	}},
}

// Token styles, each from a SHA-256 sum.
func hexLower(sum []byte) string    { return hex.EncodeToString(sum[:16]) }                   // 32 hex digits
func hexUpper(sum []byte) string    { return strings.ToUpper(hex.EncodeToString(sum[:16])) }  // Tomcat's
func base64Token(sum []byte) string { return base64.RawURLEncoding.EncodeToString(sum[:15]) } // 20 characters

// phpSession is PHP's default id: 26 characters of 0-9a-v (5 bits each).
func phpSession(sum []byte) string {
	const digits = "0123456789abcdefghijklmnopqrstuv"
	out := make([]byte, 26)
	for i := range out {
		bit := i * 5
		v := (int(sum[bit/8])<<8 | int(sum[bit/8+1])) >> (11 - bit%8) & 31
		out[i] = digits[v]
	}
	return string(out)
}

// token is the maze's session id for view n.
func (z *sessionMaze) token(n uint64) string {
	sum := sha256.Sum256([]byte(z.Name + " session " + strconv.FormatUint(n, 10)))
	return z.Token(sum[:])
}

// href is the link to page with the session id; first puts the id before
// the page's own query arguments.
func (z *sessionMaze) href(page, token string, first bool) string {
	path, query, _ := strings.Cut(page, "?")
	arg := z.Param + "=" + token
	switch {
	case z.InPath:
		path += ";" + arg
	case query == "":
		query = arg
	case first:
		query = arg + "&" + query
	default:
		query += "&" + arg
	}
	if query == "" {
		return path
	}
	return path + "?" + query
}

// match finds the page u views, whatever its session id.
func (z *sessionMaze) match(u *url.URL) (*mazePage, bool) {
	key := canonicalString(siteOrigin + stripPathParam(u.EscapedPath(), z.Param) + "?" + stripQueryArg(u.RawQuery, z.Param))
	for i := range z.Pages {
		if canonicalString(siteOrigin+z.Pages[i].Path) == key {
			return &z.Pages[i], true
		}
	}
	return nil, false
}

// stripPathParam removes ";param=..." path parameters from an escaped path.
func stripPathParam(path, param string) string {
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		if j := strings.Index(seg, ";"+param+"="); j >= 0 {
			segs[i] = seg[:j]
		}
	}
	return strings.Join(segs, "/")
}

// stripQueryArg removes the arguments named param from a raw query.
func stripQueryArg(query, param string) string {
	var keep []string
	for arg := range strings.SplitSeq(query, "&") {
		name, _, _ := strings.Cut(arg, "=")
		if n, err := url.QueryUnescape(name); arg == "" || (err == nil && n == param) {
			continue
		}
		keep = append(keep, arg)
	}
	return strings.Join(keep, "&")
}

// mazeRoute serves every view of a maze page: a new token for its links.
func (s *site) mazeRoute(r *http.Request) (response, bool) {
	for i := range sessionMazes {
		z := &sessionMazes[i]
		if pg, ok := z.match(r.URL); ok {
			return s.mazeResponse(z, pg, z.token(s.views.Add(1))), true
		}
	}
	return response{}, false
}

// mazeURLs lists the mazes for the manifest.
func mazeURLs() []SessionMaze {
	out := make([]SessionMaze, len(sessionMazes))
	for i, z := range sessionMazes {
		hrefs := make([]string, len(z.Pages))
		for j, p := range z.Pages {
			hrefs[j] = p.Path
		}
		out[i] = SessionMaze{Param: z.Param, Entry: canonicalString(siteOrigin + z.Entry), Pages: siteURLs(hrefs)}
	}
	return out
}
