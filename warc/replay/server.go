package replay

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/salvage-archive/salvage/warc"
	"github.com/salvage-archive/salvage/warc/wacz"
)

// CSP lets a replayed page load from the replay origin only (inline code and data:
// and blob: URLs allowed, as archived pages need them), so nothing reaches the live web.
const CSP = "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; form-action 'self'; frame-ancestors 'self'"

// Config describes a collection.
type Config struct {
	Collection string      // the name in URLs: letters, digits, "-" and "_"
	WARCs      []string    // the archive files, indexed at New
	Pages      []wacz.Page // listed on the home page (nil: none)
	Logger     *slog.Logger
	NoBanner   bool // no archive banner on replayed pages (the zero value shows it)
}

var collRE = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// Validate reports a config that cannot serve.
func (c Config) Validate() error {
	if !collRE.MatchString(c.Collection) || isTimestamp(c.Collection) {
		return fmt.Errorf("replay: collection name %q: want letters, digits, - and _ (not all digits)", c.Collection)
	}
	if len(c.WARCs) == 0 {
		return errors.New("replay: no WARC file")
	}
	return nil
}

// Server replays one collection; it implements http.Handler.
type Server struct {
	coll  string
	ix    *warc.Index
	pages []wacz.Page
	urls  []string // the archived URLs, sorted (miss pages list the nearest)
	log   *slog.Logger

	noBanner bool
}

var _ http.Handler = (*Server)(nil)

// New indexes the WARC files. A file that cannot be read to its end is an error.
func New(cfg Config) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	ix, err := warc.BuildIndex(cfg.WARCs)
	if err != nil {
		return nil, fmt.Errorf("replay: %w", err)
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Server{coll: cfg.Collection, ix: ix, pages: cfg.Pages, urls: ix.URLs(), log: log, noBanner: cfg.NoBanner}, nil
}

// ServeHTTP routes a request. The archived URL is taken from the raw request target,
// so its escapes and query string reach the index as they were archived.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", CSP)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "replay is read-only", http.StatusMethodNotAllowed)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), "/"+s.coll+"/")
	switch {
	case r.URL.Path == "/":
		http.Redirect(w, r, "/"+s.coll+"/", http.StatusFound)
	case !ok:
		s.notFound(w, "no such collection or page")
	case rest == "":
		s.home(w, r)
	default:
		if r.URL.RawQuery != "" {
			rest += "?" + r.URL.RawQuery
		}
		s.route(w, r, rest)
	}
}

// route serves "timemap/link/URL", "TIMESTAMP/URL" or "URL".
func (s *Server) route(w http.ResponseWriter, r *http.Request, rest string) {
	if u, ok := strings.CutPrefix(rest, "timemap/link/"); ok {
		s.timemap(w, r, archivedURL(u))
		return
	}
	ts, u, _ := strings.Cut(rest, "/")
	ts = strings.TrimSuffix(ts, "mp_")
	if isTimestamp(ts) {
		s.memento(w, r, ts, archivedURL(u))
		return
	}
	s.timegate(w, r, archivedURL(rest))
}

// archivedURL undoes what browsers and proxies do to a URL in a path ("https:/x").
func archivedURL(u string) string {
	for _, scheme := range []string{"http:", "https:"} {
		if rest, ok := strings.CutPrefix(u, scheme+"/"); ok && !strings.HasPrefix(rest, "/") {
			return scheme + "//" + rest
		}
	}
	if !strings.Contains(u, "://") {
		return "http://" + u
	}
	return u
}

func isTimestamp(s string) bool {
	if len(s) == 0 || len(s) > 14 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// parseTimestamp reads 1 to 14 digits, the missing ones as early as possible.
func parseTimestamp(ts string) (time.Time, error) {
	return time.Parse("20060102150405", ts+"19700101000000"[len(ts):])
}

func (s *Server) notFound(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	io.WriteString(w, "salvage replay: "+msg+"\n")
}

// timegate redirects to the capture nearest Accept-Datetime (the latest without one).
func (s *Server) timegate(w http.ResponseWriter, r *http.Request, target string) {
	t := time.Now()
	if v := r.Header.Get("Accept-Datetime"); v != "" {
		at, err := http.ParseTime(v)
		if err != nil {
			http.Error(w, "bad Accept-Datetime", http.StatusBadRequest)
			return
		}
		t = at
	}
	snap, _, ok := s.ix.Nearest(target, t)
	if !ok {
		s.miss(w, target)
		return
	}
	w.Header().Set("Vary", "accept-datetime")
	w.Header().Set("Link", s.links(r, snap.URL, "original", "timemap"))
	redirect(w, s.path(snap.Date, snap.URL))
}

// redirect answers 302 to a replay path as it is: http.Redirect would clean the
// path and turn the archived URL's "https://" into "https:/".
func redirect(w http.ResponseWriter, path string) {
	w.Header().Set("Location", path)
	w.WriteHeader(http.StatusFound)
}

// path is the replay path of a capture.
func (s *Server) path(t time.Time, u string) string {
	return "/" + s.coll + "/" + t.UTC().Format("20060102150405") + "/" + u
}

// origin is the absolute form of the replay server, for Memento links.
func origin(r *http.Request) string {
	return "http://" + r.Host
}

// links is a Memento Link header value naming the original, the timegate and the timemap.
func (s *Server) links(r *http.Request, u string, rels ...string) string {
	var parts []string
	for _, rel := range rels {
		switch rel {
		case "original":
			parts = append(parts, "<"+u+`>; rel="original"`)
		case "timegate":
			parts = append(parts, "<"+origin(r)+"/"+s.coll+"/"+u+`>; rel="timegate"`)
		case "timemap":
			parts = append(parts, "<"+origin(r)+"/"+s.coll+"/timemap/link/"+u+`>; rel="timemap"; type="application/link-format"`)
		}
	}
	return strings.Join(parts, ", ")
}

// timemap lists every capture of a URL (RFC 7089 §5).
func (s *Server) timemap(w http.ResponseWriter, r *http.Request, target string) {
	snaps := s.ix.Lookup(target)
	if len(snaps) == 0 {
		s.notFound(w, "not in the archive: "+target)
		return
	}
	u := snaps[0].URL
	var b strings.Builder
	b.WriteString("<" + u + `>; rel="original",` + "\n")
	b.WriteString("<" + origin(r) + "/" + s.coll + "/" + u + `>; rel="timegate",` + "\n")
	b.WriteString("<" + origin(r) + "/" + s.coll + "/timemap/link/" + u + `>; rel="self"; type="application/link-format"`)
	for i, sn := range snaps {
		var words []string
		if i == 0 {
			words = append(words, "first")
		}
		if i == len(snaps)-1 {
			words = append(words, "last")
		}
		rel := strings.Join(append(words, "memento"), " ")
		fmt.Fprintf(&b, ",\n<%s%s>; rel=%q; datetime=%q", origin(r), s.path(sn.Date, u), rel, sn.Date.UTC().Format(http.TimeFormat))
	}
	b.WriteString("\n")
	w.Header().Set("Content-Type", "application/link-format")
	io.WriteString(w, b.String())
}

// home lists the collection's pages and the URLs matching a prefix search (?q=).
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	var matches []string
	if q != "" {
		for _, u := range s.ix.URLs() {
			if strings.HasPrefix(u, q) || strings.HasPrefix(strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://"), q) {
				matches = append(matches, u)
			}
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := homeTemplate.Execute(w, homeData{Coll: s.coll, Pages: s.pages, Query: q, Matches: matches, Count: s.ix.Len()}); err != nil {
		s.log.Warn("home page", "err", err)
	}
}
