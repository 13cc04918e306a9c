package replay

import (
	"html/template"

	"github.com/salvage-archive/salvage/warc/wacz"
)

type homeData struct {
	Coll    string
	Pages   []wacz.Page
	Query   string
	Matches []string
	Count   int
}

// maxMatches bounds the search results shown.
const maxMatches = 1000

var homeTemplate = template.Must(template.New("home").Funcs(template.FuncMap{
	"ts":    func(p wacz.Page) string { return p.Time.UTC().Format("20060102150405") },
	"limit": func(m []string) []string { return m[:min(len(m), maxMatches)] },
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>salvage replay: {{.Coll}}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em}
li{margin:.2em 0}.u{color:#555;font-size:.85em;word-break:break-all}input[type=text]{width:30em}</style></head>
<body><h1>{{.Coll}}</h1>
<p>{{.Count}} captures. Replay any URL at <code>/{{.Coll}}/TIMESTAMP/URL</code>; Memento TimeMaps at <code>/{{.Coll}}/timemap/link/URL</code>.</p>
<form method="get" action="/{{.Coll}}/"><label>URLs starting with <input type="text" name="q" value="{{.Query}}" placeholder="https://example.org/docs/"></label> <button>Search</button></form>
{{if .Query}}<h2>{{len .Matches}} URL(s) starting with {{.Query}}</h2><ul>
{{range limit .Matches}}<li><a href="/{{$.Coll}}/{{.}}">{{.}}</a></li>
{{end}}</ul>{{end}}
<h2>Pages ({{len .Pages}})</h2><ul>
{{range .Pages}}<li><a href="/{{$.Coll}}/{{ts .}}/{{.URL}}">{{if .Title}}{{.Title}}{{else}}{{.URL}}{{end}}</a> <span class="u">{{.URL}} · {{.Time.UTC.Format "2006-01-02 15:04:05"}}</span></li>
{{end}}</ul></body></html>
`))
