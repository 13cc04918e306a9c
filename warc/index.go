package warc

import (
	"mime"
	"net"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
)

// Snapshot is one capture of a URL held in a WARC file, as an Index lists it. (Capture
// is what the Writer reports about an exchange it archived.)
type Snapshot struct {
	URL      string    // the target URI in the Index's canonical form
	File     string    // the WARC file, as given to BuildIndex
	Offset   int64     // where the record (its gzip member) starts in File
	Length   int64     // bytes the record takes in File
	Nth      int       // records before it at Offset (a gzip member shared by several records)
	Date     time.Time // WARC-Date
	Status   int       // HTTP status; 200 for a resource record; 0 when a revisit holds no headers
	Mime     string    // media type of the payload, lower case, without parameters
	Digest   string    // WARC-Payload-Digest as written, e.g. "sha1:BASE32"
	Location string    // Location header of a 3xx, resolved against URL
	Type     string    // "response", "revisit" or "resource"
	RefersTo string    // WARC-Refers-To of a revisit: the original's record ID
}

// Index is an in-memory capture index of a set of WARC files written by any tool
// (salvage, GNU wget, Heritrix, ...): every response, revisit and resource record of an
// http(s) URL, located by file and offset. It holds WARC and HTTP header facts only,
// never bodies. It is read-only once built and safe for concurrent use.
//
// URLs are keyed in a light canonical form: "<...>" around a WARC/1.0 target URI
// removed, scheme and host lower-cased, the default port and the fragment dropped, an
// empty path made "/", percent escapes of characters that need none decoded ("%7E" is
// "~", "%28" is "(", as GNU wget writes them) and the others upper-cased. Lookup and
// Best put their argument in the same form.
type Index struct {
	entries  []entry
	byURL    map[string][]int // canonical URL -> entries, oldest first (file order for ties)
	byID     map[string]int   // record ID -> response or resource entry
	byDigest map[string]int   // payload digest -> first response or resource entry
	refURL   map[string][]int // canonical URL -> entries of reference files (BuildIndexOver)
}

// entry is a Snapshot with what resolving a revisit needs.
type entry struct {
	Snapshot
	id           string
	refersToURI  string
	refersToDate time.Time
}

// BuildIndex reads the WARC headers and HTTP headers of every record of files, in
// order. Damage is stepped over: the error, when not nil, is a *FilesRead naming every
// fault and every file that could not be opened, and the Index holds every record read.
func BuildIndex(files []string) (*Index, error) {
	return BuildIndexOver(nil, files)
}

// BuildIndexOver indexes files whose revisit records may refer into refs (an
// earlier crawl's WARC files: crawl --previous). The records of refs only
// resolve those revisits: URLs, Lookup and Best know files alone, so a URL
// that answered 200 last month and 404 now is a 404.
func BuildIndexOver(refs, files []string) (*Index, error) {
	ix := &Index{byURL: map[string][]int{}, byID: map[string]int{}, byDigest: map[string]int{}, refURL: map[string][]int{}}
	read := NewFilesRead()
	for _, f := range refs {
		ix.addFile(f, read, ix.refURL)
	}
	for _, f := range files {
		ix.addFile(f, read, ix.byURL)
	}
	for _, list := range ix.byURL {
		sort.SliceStable(list, func(a, b int) bool { return ix.entries[list[a]].Date.Before(ix.entries[list[b]].Date) })
	}
	return ix, read.Err()
}

func (ix *Index) addFile(path string, read *FilesRead, byURL map[string][]int) {
	read.Start(path)
	for s, err := range scanFile(path) {
		read.Add(path, err)
		if err != nil {
			continue
		}
		if e, ok := entryOf(path, s); ok {
			ix.add(e, byURL)
		}
	}
}

func (ix *Index) add(e entry, byURL map[string][]int) {
	n := len(ix.entries)
	ix.entries = append(ix.entries, e)
	byURL[e.URL] = append(byURL[e.URL], n)
	if e.Type == "revisit" {
		return
	}
	if e.id != "" {
		ix.byID[e.id] = n
	}
	if _, seen := ix.byDigest[e.Digest]; e.Digest != "" && !seen {
		ix.byDigest[e.Digest] = n
	}
}

// entryOf makes an index entry of a response, revisit or resource record of an
// http(s) URL.
func entryOf(file string, s scanned) (entry, bool) {
	if s.Type != "response" && s.Type != "revisit" && s.Type != "resource" {
		return entry{}, false
	}
	key := canonicalKey(s.URI)
	if !isWebURL(key) {
		return entry{}, false
	}
	e := entry{
		Snapshot: Snapshot{
			URL: key, File: file, Offset: s.Offset, Nth: s.Nth, Length: s.Size, Date: s.Date,
			Digest: s.Digest, Type: s.Type, RefersTo: s.RefersTo,
		},
		id: s.ID, refersToURI: s.RefersToURI, refersToDate: s.RefersToDate,
	}
	switch {
	case s.HTTP:
		e.Status = s.Status
		e.Mime = mediaType(s.Header.Get("Content-Type"))
		if s.Status >= 300 && s.Status < 400 {
			e.Location = resolveRef(key, s.Header.Get("Location"))
		}
	case s.Type == "resource":
		e.Status = 200
		e.Mime = mediaType(s.ContentType)
	}
	return e, true
}

// isWebURL reports whether a canonical key is an http(s) URL.
func isWebURL(key string) bool {
	return strings.HasPrefix(key, "http://") || strings.HasPrefix(key, "https://")
}

// Len is the number of captures indexed.
func (ix *Index) Len() int { return len(ix.entries) }

// URLs are the indexed URLs in canonical form, sorted.
func (ix *Index) URLs() []string {
	urls := make([]string, 0, len(ix.byURL))
	for u := range ix.byURL {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	return urls
}

// Lookup returns the captures of url, oldest first, as recorded: a revisit's Status is
// the one in its own headers (0 when it has none).
func (ix *Index) Lookup(url string) []Snapshot {
	list := ix.byURL[canonicalKey(url)]
	out := make([]Snapshot, len(list))
	for i, n := range list {
		out[i] = ix.entries[n].Snapshot
	}
	return out
}

// Best returns the latest capture of url answering 2xx or 3xx (not 304). A revisit
// counts with the status of its own headers, or, when it has none or says 304, with
// its original's (found by WARC-Refers-To, then WARC-Refers-To-Target-URI and -Date,
// then payload digest); the Snapshot returned then carries that status, and the
// original's media type if it had none.
func (ix *Index) Best(url string) (Snapshot, bool) {
	list := ix.byURL[canonicalKey(url)]
	for i := len(list) - 1; i >= 0; i-- {
		s := ix.resolve(ix.entries[list[i]])
		if usable(s.Status) {
			return s, true
		}
	}
	return Snapshot{}, false
}

// usable reports whether a status makes a capture worth replaying.
func usable(status int) bool {
	return status >= 200 && status < 400 && status != 304
}

// resolve fills a revisit's status and media type from its original.
func (ix *Index) resolve(e entry) Snapshot {
	s := e.Snapshot
	if s.Type != "revisit" || (s.Status != 0 && s.Status != 304 && s.Mime != "") {
		return s
	}
	orig, ok := ix.original(e)
	if !ok {
		return s
	}
	if s.Status == 0 || s.Status == 304 {
		s.Status = orig.Status
		if s.Location == "" {
			s.Location = orig.Location
		}
	}
	if s.Mime == "" {
		s.Mime = orig.Mime
	}
	return s
}

// original finds the capture a revisit refers to.
func (ix *Index) original(e entry) (Snapshot, bool) {
	if n, ok := ix.byID[e.RefersTo]; ok && e.RefersTo != "" {
		return ix.entries[n].Snapshot, true
	}
	if e.refersToURI != "" && !e.refersToDate.IsZero() {
		key := canonicalKey(e.refersToURI)
		for _, n := range append(slices.Clip(ix.byURL[key]), ix.refURL[key]...) {
			if o := ix.entries[n]; o.Type != "revisit" && o.Date.Equal(e.refersToDate) {
				return o.Snapshot, true
			}
		}
	}
	if n, ok := ix.byDigest[e.Digest]; ok && e.Digest != "" {
		return ix.entries[n].Snapshot, true
	}
	return Snapshot{}, false
}

// canonicalKey is the Index's light canonical form of a URI; what does not parse is
// returned trimmed.
func canonicalKey(raw string) string {
	raw = unbracket(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Fragment, u.RawFragment = "", ""
	if u.Opaque != "" || u.Host == "" {
		return u.String()
	}
	u.Host = canonicalHost(u)
	if u.Path == "" && (u.Scheme == "http" || u.Scheme == "https") {
		u.Path, u.RawPath = "/", ""
	}
	return normalEscapes(u.String())
}

// canonicalHost is u's host, lower-cased, without the scheme's default port.
func canonicalHost(u *url.URL) string {
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "" || (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		if strings.Contains(host, ":") {
			return "[" + host + "]"
		}
		return host
	}
	return net.JoinHostPort(host, port)
}

// normalEscapes decodes the percent escapes of characters that never need one (RFC
// 3986 unreserved, and RFC 2396's marks "!*'()", which GNU wget writes decoded) and
// upper-cases the hex digits of the others.
func normalEscapes(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' || i+2 >= len(s) || unhex(s[i+1]) < 0 || unhex(s[i+2]) < 0 {
			b.WriteByte(s[i])
			continue
		}
		c := byte(unhex(s[i+1])<<4 | unhex(s[i+2]))
		if isUnreserved(c) || strings.IndexByte("!*'()", c) >= 0 {
			b.WriteByte(c)
		} else {
			b.WriteString(strings.ToUpper(s[i : i+3]))
		}
		i += 2
	}
	return b.String()
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// mediaType is the lower-case media type of a Content-Type value, without parameters.
func mediaType(v string) string {
	if mt, _, err := mime.ParseMediaType(v); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(v, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// resolveRef resolves ref (a Location value) against base; what does not parse is
// returned as is.
func resolveRef(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	b, err := url.Parse(base)
	if err != nil {
		return ref
	}
	u, err := b.Parse(ref)
	if err != nil {
		return ref
	}
	return u.String()
}
