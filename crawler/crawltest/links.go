package crawltest

import (
	"html"
	"net/url"
	"regexp"
	"strings"
)

// The replica indexes its own documents with this small scanner, so that
// every file and off-site URL they mention is served and listed in the
// manifest without being typed twice. It reads the markup the replica
// writes (lower-case attribute names, quoted values), not HTML at large,
// and it is fast because it runs over every static page at start-up.

// linkAttrs are the attributes holding one URL; embed reports whether the
// reference is a requisite rather than a hyperlink.
var linkAttrs = []struct {
	name  string
	embed bool
}{{"href", false}, {"action", false}, {"src", true}, {"poster", true}}

var refreshRe = regexp.MustCompile(`(?i)<meta\s[^>]*http-equiv\s*=\s*"refresh"[^>]*content\s*=\s*"[^"]*?url\s*=\s*([^"]+)"`)

// ref is a reference found in a document, resolved to an absolute URL.
type ref struct {
	URL   *url.URL
	Embed bool // src, srcset, poster, CSS url() or @import: a requisite, not a hyperlink
}

type rawRef struct {
	raw   string
	embed bool
}

// htmlRefs returns the http(s) references of an HTML document served at page,
// honouring <base href>, including inline CSS and markup inside comments.
func htmlRefs(doc string, page *url.URL) []ref {
	base, doc := documentBase(doc, page)
	var raws []rawRef
	for _, a := range linkAttrs {
		for _, v := range attrValues(doc, a.name) {
			raws = append(raws, rawRef{v, a.embed})
		}
	}
	for _, v := range attrValues(doc, "srcset") {
		for _, c := range srcsetURLs(v) {
			raws = append(raws, rawRef{c, true})
		}
	}
	if strings.Contains(doc, "refresh") {
		for _, m := range refreshRe.FindAllStringSubmatch(doc, -1) {
			raws = append(raws, rawRef{strings.Trim(m[1], `'" `), false})
		}
	}
	raws = append(raws, cssRawRefs(doc)...)
	return resolveAll(raws, base)
}

// cssRefs returns the http(s) references of a stylesheet served at page.
func cssRefs(css string, page *url.URL) []ref {
	return resolveAll(cssRawRefs(css), page)
}

// attrValues returns the quoted values of every ` name=` in doc.
func attrValues(doc, name string) []string {
	var out []string
	key := name + "="
	for i := 0; ; {
		j := strings.Index(doc[i:], key)
		if j < 0 {
			return out
		}
		j += i
		i = j + len(key)
		if j > 0 && isSpace(doc[j-1]) {
			if v, ok := quoted(doc[i:]); ok {
				out = append(out, v)
			}
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' }

// quoted returns the leading '...' or "..." string of s, without quotes.
func quoted(s string) (string, bool) {
	if s == "" || (s[0] != '"' && s[0] != '\'') {
		return "", false
	}
	end := strings.IndexByte(s[1:], s[0])
	if end < 0 {
		return "", false
	}
	return s[1 : 1+end], true
}

// cssRawRefs finds url(...) and @import "..." in CSS.
func cssRawRefs(css string) []rawRef {
	var raws []rawRef
	for rest := css; ; {
		i := strings.Index(rest, "url(")
		if i < 0 {
			break
		}
		rest = rest[i+4:]
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			break
		}
		raws = append(raws, rawRef{strings.Trim(strings.TrimSpace(rest[:end]), `"'`), true})
	}
	for rest := css; ; {
		i := strings.Index(rest, "@import")
		if i < 0 {
			break
		}
		rest = rest[i+len("@import"):]
		if v, ok := quoted(strings.TrimLeft(rest, " \t\n")); ok {
			raws = append(raws, rawRef{v, true})
		}
	}
	return raws
}

// documentBase returns the first <base href> resolved against page (else
// page), and doc without that tag's href, which is not a reference.
func documentBase(doc string, page *url.URL) (*url.URL, string) {
	i := strings.Index(doc, "<base ")
	if i < 0 {
		return page, doc
	}
	end := strings.IndexByte(doc[i:], '>')
	if end < 0 {
		return page, doc
	}
	tag := doc[i : i+end]
	vals := attrValues(tag, "href")
	if len(vals) == 0 {
		return page, doc
	}
	b, err := page.Parse(html.UnescapeString(vals[0]))
	if err != nil {
		return page, doc
	}
	return b, doc[:i] + doc[i+end:]
}

// resolveAll resolves raw references against base, keeping http(s) ones.
func resolveAll(raws []rawRef, base *url.URL) []ref {
	out := make([]ref, 0, len(raws))
	for _, r := range raws {
		u, err := base.Parse(strings.TrimSpace(html.UnescapeString(r.raw)))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			continue
		}
		u.Fragment, u.RawFragment = "", ""
		out = append(out, ref{u, r.embed})
	}
	return out
}

// srcsetURLs returns the URLs of a srcset value ("a.jpg 480w, b.jpg 2x").
func srcsetURLs(v string) []string {
	var out []string
	for _, cand := range strings.Split(v, ",") {
		if f := strings.Fields(cand); len(f) > 0 {
			out = append(out, f[0])
		}
	}
	return out
}
