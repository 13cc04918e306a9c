package cdxj

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// This file turns the request of a non-GET capture into the query that replay tools
// append to its key, as warcio.js 2.4.11 does (utils.ts postToGetUrl,
// appendRequestQuery, jsonToQueryParams, mfdToQueryParams; indexer.ts
// CDXIndexer.indexRecordPair). pywb looks a POST up by that key. cdxj-indexer
// --post-append (postquery.py) writes the same key for form and JSON bodies of
// ASCII text; it differs on details (it unquotes form bodies with unquote_plus and
// appends nothing to the key of an empty body), and warcio.js is the reference here.

// maxQuery is warcio.js's DEFAULT_MAX_QUERY_SIZE: a request query is cut to this many
// UTF-16 code units.
const maxQuery = 4096

// maxRequestBody bounds the bytes of a request body read for its query. A longer JSON
// body does not parse and gives an empty query; other kinds are cut at maxQuery anyway.
const maxRequestBody = 8 << 20

// requestQuery is the query warcio.js makes of a request body (its requestBody field):
// a form body as it is, a JSON (or text/plain) body as form parameters, a multipart
// form's fields, any other body "__wb_post_data=" and its base64.
func requestQuery(contentType string, body []byte) string {
	var q string
	switch mime, _, _ := strings.Cut(contentType, ";"); mime {
	case "application/x-www-form-urlencoded":
		q = utf8Text(body)
	case "application/json", "text/plain":
		q = jsonQuery(utf8Text(body))
	case "multipart/form-data":
		q = multipartQuery(utf8Text(body), contentType)
	default:
		q = "__wb_post_data=" + base64.StdEncoding.EncodeToString(body)
	}
	return cutUTF16(q, maxQuery)
}

// utf8Text decodes a body as TextDecoder("utf-8") does: a leading byte order mark
// dropped, each maximal invalid subsequence replaced by one U+FFFD.
func utf8Text(b []byte) string {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			n = maximalSubpart(b)
		}
		sb.WriteRune(r)
		b = b[n:]
	}
	return sb.String()
}

// maximalSubpart is the length of the invalid sequence at the start of b that the
// Encoding Standard's UTF-8 decoder replaces by one U+FFFD: a lead byte and the
// continuation bytes that could still have completed it.
func maximalSubpart(b []byte) int {
	need, lo, hi := 0, byte(0x80), byte(0xBF)
	switch lead := b[0]; {
	case lead >= 0xC2 && lead <= 0xDF:
		need = 1
	case lead == 0xE0:
		need, lo = 2, 0xA0
	case lead == 0xED:
		need, hi = 2, 0x9F
	case lead >= 0xE1 && lead <= 0xEF:
		need = 2
	case lead == 0xF0:
		need, lo = 3, 0x90
	case lead == 0xF4:
		need, hi = 3, 0x8F
	case lead >= 0xF1 && lead <= 0xF3:
		need = 3
	default:
		return 1
	}
	i := 1
	for ; i <= need && i < len(b); i++ {
		if b[i] < lo || b[i] > hi {
			return i
		}
		lo, hi = 0x80, 0xBF
	}
	return i
}

// cutUTF16 keeps the first max UTF-16 code units of s (JavaScript's slice), not
// splitting a surrogate pair.
func cutUTF16(s string, max int) string {
	units := 0
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > max {
			return s[:i]
		}
	}
	return s
}

// methodKey is the key of a capture answering a non-GET request: the key of its URL
// with "__wb_method=METHOD&" and the query appended, as getSurt makes it of that
// string. getSurt lower-cases the whole URL and then lets the URL parser percent-encode
// the query, so escapes it adds stay upper-case ("%C3%A9") while escapes already in the
// URL are lower-cased; the query part is made here that way, the rest by key.
func methodKey(key KeyFunc, url, method, query string) string {
	sep := "?"
	if strings.Index(url, "?") > 0 {
		sep = "&"
	}
	keyQuery, ok := decodeURI(query)
	if !ok {
		keyQuery = "" // warcio.js clears a query decodeURI refuses
	}
	if !strings.HasPrefix(url, "http:") && !strings.HasPrefix(url, "https:") {
		return key(url + sep + "__wb_method=" + method + "&" + keyQuery) // no SURT: kept as it is
	}
	base := key(url + sep + "__wb_method=" + method)
	head, q, ok := strings.Cut(base, "?")
	if !ok {
		return base
	}
	args := append(strings.Split(q, "&"), urlQueryArgs(keyQuery)...)
	slices.Sort(args) // ASCII only: byte order is JavaScript's sort order
	return head + "?" + strings.Join(args, "&")
}

// urlQueryArgs is what getSurt makes of a query appended at the end of a URL: lower
// case, trailing controls and spaces trimmed, tabs and newlines removed, cut at "#",
// percent-encoded with the special-query set of the URL standard, split at "&".
func urlQueryArgs(q string) []string {
	q = strings.TrimRightFunc(strings.ToLower(q), func(r rune) bool { return r <= ' ' })
	q = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(q)
	if i := strings.IndexByte(q, '#'); i >= 0 {
		q = q[:i]
	}
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		c := q[i]
		if c <= ' ' || c > '~' || strings.IndexByte("\"#'<>", c) >= 0 {
			b.WriteString("%" + strings.ToUpper(hex2(c)))
			continue
		}
		b.WriteByte(c)
	}
	return strings.Split(b.String(), "&")
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// decodeURI is JavaScript's decodeURI: escapes of UTF-8 sequences decoded, except
// those of the reserved characters ;/?:@&=+$,#; false where JavaScript throws.
func decodeURI(s string) (string, bool) {
	if !strings.Contains(s, "%") {
		return s, true
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		first, ok := unhex(s, i)
		if !ok {
			return "", false
		}
		if first < 0x80 {
			if strings.IndexByte(";/?:@&=+$,#", first) >= 0 {
				b.WriteString(s[i : i+3])
			} else {
				b.WriteByte(first)
			}
			i += 2
			continue
		}
		seq, n, ok := utf8Escapes(s, i, first)
		if !ok {
			return "", false
		}
		b.Write(seq)
		i += 3*n - 1
	}
	return b.String(), true
}

// utf8Escapes reads the escapes of one UTF-8 sequence starting at s[i] (whose first
// byte is first) and returns its bytes and their count.
func utf8Escapes(s string, i int, first byte) ([]byte, int, bool) {
	n := 0
	switch {
	case first&0xE0 == 0xC0:
		n = 2
	case first&0xF0 == 0xE0:
		n = 3
	case first&0xF8 == 0xF0:
		n = 4
	default:
		return nil, 0, false
	}
	seq := []byte{first}
	for k := 1; k < n; k++ {
		c, ok := unhex(s, i+3*k)
		if !ok || c&0xC0 != 0x80 {
			return nil, 0, false
		}
		seq = append(seq, c)
	}
	if !utf8.Valid(seq) {
		return nil, 0, false
	}
	return seq, n, true
}

// unhex reads the escape "%XX" at s[i].
func unhex(s string, i int) (byte, bool) {
	if i+2 >= len(s) || s[i] != '%' {
		return 0, false
	}
	hi, ok1 := hexVal(s[i+1])
	lo, ok2 := hexVal(s[i+2])
	return hi<<4 | lo, ok1 && ok2
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// multipartQuery is mfdToQueryString: for each part between boundaries, name="..."
// and the first line of its value, as form parameters.
func multipartQuery(text, contentType string) string {
	boundary := "undefined" // JavaScript's split(...)[1] of a type without one
	if parts := strings.Split(contentType, "boundary="); len(parts) > 1 {
		boundary = parts[1]
	}
	split, err := regexp.Compile("(?mi)-*" + boundary + "-*")
	if err != nil {
		return ""
	}
	field := regexp.MustCompile(`(?i)name="([^"]+)"\r\n\r\n([^\r\n\x{2028}\x{2029}]*)`)
	var p params
	for _, part := range split.Split(text, -1) {
		if m := field.FindStringSubmatch(strings.TrimSpace(part)); m != nil {
			p.set(m[1], m[2])
		}
	}
	return p.encode()
}

// params is URLSearchParams: ordered name/value pairs.
type params struct{ names, values []string }

func (p *params) has(name string) bool { return slices.Contains(p.names, name) }

// set replaces the first pair of name and removes the others, or appends one.
func (p *params) set(name, value string) {
	i := slices.Index(p.names, name)
	if i < 0 {
		p.names, p.values = append(p.names, name), append(p.values, value)
		return
	}
	p.values[i] = value
	for j := len(p.names) - 1; j > i; j-- {
		if p.names[j] == name {
			p.names, p.values = slices.Delete(p.names, j, j+1), slices.Delete(p.values, j, j+1)
		}
	}
}

// encode is URLSearchParams' toString (application/x-www-form-urlencoded).
func (p *params) encode() string {
	pairs := make([]string, len(p.names))
	for i := range p.names {
		pairs[i] = formEncode(p.names[i]) + "=" + formEncode(p.values[i])
	}
	return strings.Join(pairs, "&")
}

func formEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			b.WriteByte('+')
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("*-._", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteString("%" + strings.ToUpper(hex2(c)))
		}
	}
	return b.String()
}
