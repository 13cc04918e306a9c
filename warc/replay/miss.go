package replay

import (
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// maxNear is how many archived URLs a miss page lists.
const maxNear = 10

type missData struct {
	Coll, URL, Live string // Live: the URL to open on the live web ("" when it is no web URL)
	Near            []string
}

var missTemplate = template.Must(template.New("miss").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not in the archive: {{.URL}}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em}
li{margin:.2em 0}code{word-break:break-all}</style></head>
<body><h1>Not in the archive</h1>
<p>The collection <a href="/{{.Coll}}/">{{.Coll}}</a> holds no capture of <code>{{.URL}}</code>.</p>
{{if .Live}}<p><a href="{{.Live}}" rel="noreferrer">Open {{.URL}} on the live web</a></p>{{end}}
{{if .Near}}<h2>Nearest captured URLs</h2><ul>
{{range .Near}}<li><a href="/{{$.Coll}}/{{.}}">{{.}}</a></li>
{{end}}</ul>{{else}}<p>No captured URL is near it.</p>{{end}}
</body></html>
`))

// miss answers 404 with an HTML page naming target, the archived URLs nearest it
// and a link to it on the live web.
func (s *Server) miss(w http.ResponseWriter, target string) {
	d := missData{Coll: s.coll, URL: target, Near: nearURLs(s.urls, target, maxNear)}
	if u, err := url.Parse(target); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		d.Live = u.String()
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if err := missTemplate.Execute(w, d); err != nil {
		s.log.Warn("miss page", "url", target, "err", err)
	}
}

// nearURLs returns up to n of the sorted urls on target's host (either scheme),
// those sharing the longest prefix with target first.
func nearURLs(urls []string, target string, n int) []string {
	host := hostPart(target)
	var cands []string
	for _, scheme := range []string{"http://", "https://"} {
		lo := sort.SearchStrings(urls, scheme+host)
		for i := lo; i < len(urls) && hostPart(urls[i]) == host; i++ {
			cands = append(cands, urls[i])
		}
	}
	key := afterScheme(target)
	sort.SliceStable(cands, func(i, j int) bool {
		return commonPrefix(afterScheme(cands[i]), key) > commonPrefix(afterScheme(cands[j]), key)
	})
	return cands[:min(len(cands), n)]
}

func afterScheme(u string) string {
	if _, rest, ok := strings.Cut(u, "://"); ok {
		return rest
	}
	return u
}

// hostPart is the authority of u ("example.org:8080").
func hostPart(u string) string {
	rest := afterScheme(u)
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

func commonPrefix(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}
