package crawltest

import (
	"fmt"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"
)

// assetType is how a file extension is served.
type assetType struct {
	ctype    string
	compress bool
}

// assetTypes are the static file types the replica generates, by extension.
var assetTypes = map[string]assetType{
	".css":   {"text/css", true},
	".js":    {"application/javascript", true},
	".png":   {"image/png", false},
	".jpg":   {"image/jpeg", false},
	".jpeg":  {"image/jpeg", false},
	".gif":   {"image/gif", false},
	".ico":   {"image/vnd.microsoft.icon", false},
	".svg":   {"image/svg+xml", false},
	".pdf":   {"application/pdf", false},
	".woff2": {"font/woff2", false},
	".woff":  {"font/woff", false},
	".ttf":   {"font/ttf", false},
	".eot":   {"application/vnd.ms-fontobject", false},
	".mp3":   {"audio/mpeg", false},
	".mp4":   {"video/mp4", false},
	".vtt":   {"text/vtt", false},
}

// isAssetPath reports whether a decoded path names a static file type.
func isAssetPath(p string) bool {
	_, ok := assetTypes[strings.ToLower(path.Ext(p))]
	return ok
}

// assetIndex is the set of static files the site's documents reference,
// keyed by decoded path (the query is ignored when serving, as Apache does),
// with the canonical URLs that reference each.
type assetIndex struct {
	byPath map[string]map[string]bool
}

func newAssetIndex() *assetIndex { return &assetIndex{byPath: map[string]map[string]bool{}} }

// add records u as an asset; it reports whether u is a new URL.
func (x *assetIndex) add(u *url.URL) bool {
	urls := x.byPath[u.Path]
	if urls == nil {
		urls = map[string]bool{}
		x.byPath[u.Path] = urls
	}
	c := canonical(u)
	if urls[c] {
		return false
	}
	urls[c] = true
	return true
}

// urls returns the sorted canonical URLs of the assets for which keep
// reports true (given the decoded path).
func (x *assetIndex) urls(keep func(p string) bool) []string {
	var out []string
	for p, urls := range x.byPath {
		if !keep(p) {
			continue
		}
		for u := range urls {
			out = append(out, u)
		}
	}
	sort.Strings(out)
	return out
}

func isPDF(p string) bool { return strings.EqualFold(path.Ext(p), ".pdf") }

// assetResponse generates the file at decoded path p.
func assetResponse(p string, modified time.Time, pics *pictures) (response, error) {
	t := assetTypes[strings.ToLower(path.Ext(p))]
	body, err := assetBody(p, pics)
	if err != nil {
		return response{}, fmt.Errorf("generate %s: %w", p, err)
	}
	h := http.Header{}
	h.Set("Cache-Control", "max-age=1209600")
	return response{status: http.StatusOK, ctype: t.ctype, body: body, compress: t.compress, modified: modified, header: h}, nil
}

func assetBody(p string, pics *pictures) ([]byte, error) {
	switch ext := strings.ToLower(path.Ext(p)); ext {
	case ".css":
		return []byte(stylesheet(p)), nil
	case ".js":
		return []byte(script(p)), nil
	case ".pdf":
		return pdfBytes(documentPDF(p)), nil
	case ".woff2", ".woff", ".ttf", ".eot":
		return fontFile(p), nil
	case ".svg":
		return fontFile(p), nil
	case ".mp3":
		return mp3File(fileTitle(p), 48), nil
	case ".mp4":
		return mp4File(p), nil
	case ".vtt":
		return vttFile(fileTitle(p)), nil
	}
	return pics.bytes(p)
}

// fileTitle makes a title from a file name: "kidal_closure_en.vtt" ->
// "kidal closure en".
func fileTitle(p string) string {
	base := strings.TrimSuffix(path.Base(p), path.Ext(p))
	return strings.NewReplacer("_", " ", "-", " ").Replace(base)
}
