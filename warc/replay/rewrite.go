package replay

import (
	"bytes"
	"html"
	"net/url"
	"regexp"
	"strings"
)

// rewriter turns the URLs of one archived document into replay URLs.
type rewriter struct {
	prefix string   // "/COLL/TIMESTAMP/"
	base   *url.URL // the document's URL (or its <base href>)

	// what html saw of the document, outside scripts and comments
	whole   bool // an <html> or <body> start tag: a whole document, not a fragment
	bodyEnd int  // where the last </body> starts in the output (-1: none)
}

// url maps one URL reference; what is not http(s) (fragments, data:, javascript:,
// mailto:) is left alone.
func (rw *rewriter) url(ref string) string {
	t := strings.TrimSpace(ref)
	if t == "" || strings.HasPrefix(t, "#") {
		return ref
	}
	if strings.HasPrefix(t, rw.prefix) {
		return ref
	}
	u, err := rw.base.Parse(t)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ref
	}
	return rw.prefix + u.String()
}

var (
	cssURLRE    = regexp.MustCompile(`(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)`)
	cssImportRE = regexp.MustCompile(`(?i)@import\s+(?:"([^"]*)"|'([^']*)')`)
)

// css rewrites url(...) and @import "..." references.
func (rw *rewriter) css(b []byte) []byte {
	b = cssURLRE.ReplaceAllFunc(b, func(m []byte) []byte {
		sub := cssURLRE.FindSubmatch(m)
		ref := string(bytes.Join(sub[1:], nil))
		if strings.HasPrefix(strings.TrimSpace(ref), "data:") {
			return m
		}
		return []byte(`url("` + strings.ReplaceAll(rw.url(ref), `"`, `%22`) + `")`)
	})
	return cssImportRE.ReplaceAllFunc(b, func(m []byte) []byte {
		sub := cssImportRE.FindSubmatch(m)
		ref := string(bytes.Join(sub[1:], nil))
		return []byte(`@import "` + strings.ReplaceAll(rw.url(ref), `"`, `%22`) + `"`)
	})
}

// srcset rewrites each candidate URL of a srcset value.
func (rw *rewriter) srcset(v string) string {
	parts := strings.Split(v, ",")
	for i, p := range parts {
		f := strings.Fields(p)
		if len(f) == 0 {
			continue
		}
		f[0] = rw.url(f[0])
		parts[i] = strings.Join(f, " ")
	}
	return strings.Join(parts, ", ")
}

var (
	tagRE  = regexp.MustCompile(`^<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s/>=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*/?>`)
	attrRE = regexp.MustCompile(`([^\s/>=]+)(?:(\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+))?`)
	baseRE = regexp.MustCompile(`(?is)<base\s[^>]*href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)
)

// urlAttrs are the attributes whose value is one URL.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "poster": true,
	"background": true, "data": true, "xlink:href": true, "longdesc": true, "cite": true, "manifest": true,
}

// html rewrites the URLs of an HTML document; <script> contents and comments are
// left as they are.
func (rw *rewriter) html(doc []byte) []byte {
	if m := baseRE.FindSubmatch(doc); m != nil {
		if u, err := rw.base.Parse(html.UnescapeString(string(bytes.Join(m[1:], nil)))); err == nil {
			rw.base = u
		}
	}
	var out bytes.Buffer
	rw.whole, rw.bodyEnd = false, -1
	for len(doc) > 0 {
		i := bytes.IndexByte(doc, '<')
		if i < 0 {
			out.Write(doc)
			break
		}
		out.Write(doc[:i])
		doc = doc[i:]
		doc = rw.markup(&out, doc)
	}
	return out.Bytes()
}

// markup handles the markup at the start of doc and returns the rest.
func (rw *rewriter) markup(out *bytes.Buffer, doc []byte) []byte {
	if bytes.HasPrefix(doc, []byte("<!--")) {
		end := bytes.Index(doc[4:], []byte("-->"))
		if end < 0 {
			out.Write(doc)
			return nil
		}
		out.Write(doc[:end+7])
		return doc[end+7:]
	}
	if len(doc) >= 6 && strings.EqualFold(string(doc[:6]), "</body") {
		rw.bodyEnd = out.Len()
	}
	m := tagRE.FindSubmatchIndex(doc)
	if m == nil {
		out.WriteByte('<')
		return doc[1:]
	}
	name := strings.ToLower(string(doc[m[2]:m[3]]))
	rw.whole = rw.whole || name == "html" || name == "body"
	out.Write(rw.tag(name, doc[:m[1]], m[4]))
	doc = doc[m[1]:]
	if name != "script" && name != "style" {
		return doc
	}
	end := indexFold(doc, "</"+name)
	if end < 0 {
		end = len(doc)
	}
	if name == "style" {
		out.Write(rw.css(doc[:end]))
	} else {
		out.Write(doc[:end])
	}
	return doc[end:]
}

// tag rewrites the attributes of one start tag (attrs start at attrStart).
func (rw *rewriter) tag(name string, tag []byte, attrStart int) []byte {
	refresh := name == "meta" && bytes.Contains(bytes.ToLower(tag), []byte("refresh"))
	head, attrs := tag[:attrStart], tag[attrStart:]
	rewritten := attrRE.ReplaceAllFunc(attrs, func(a []byte) []byte {
		sub := attrRE.FindSubmatch(a)
		key := strings.ToLower(string(sub[1]))
		if len(sub[3]) == 0 {
			return a
		}
		val := html.UnescapeString(unquote(string(sub[3])))
		switch {
		case urlAttrs[key]:
			val = rw.url(val)
		case key == "srcset" || key == "imagesrcset":
			val = rw.srcset(val)
		case key == "style":
			val = string(rw.css([]byte(val)))
		case key == "integrity":
			return []byte("data-archived-integrity=" + quote(val))
		case key == "http-equiv" && name == "meta" && strings.EqualFold(strings.TrimSpace(val), "content-security-policy"):
			// the archived policy named the live site; the server's CSP confines the replay
			return []byte("data-archived-http-equiv=" + quote(val))
		case key == "content" && refresh:
			val = rw.refresh(val)
		default:
			return a
		}
		return []byte(string(sub[1]) + "=" + quote(val))
	})
	return append(append([]byte{}, head...), rewritten...)
}

// refresh rewrites the URL of a meta refresh "5; url=...".
func (rw *rewriter) refresh(v string) string {
	i := strings.Index(strings.ToLower(v), "url=")
	if i < 0 {
		return v
	}
	return v[:i+4] + rw.url(strings.Trim(v[i+4:], `'" `))
}

func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

func quote(v string) string { return `"` + html.EscapeString(v) + `"` }

// indexFold is the index of s in b, ignoring ASCII case.
func indexFold(b []byte, s string) int {
	return bytes.Index(bytes.ToLower(b), []byte(s))
}
