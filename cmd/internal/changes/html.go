package changes

import (
	"crypto/rand"
	_ "embed"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/salvage-archive/salvage/crawler/verify/report"
	"github.com/salvage-archive/salvage/policy"
)

//go:embed changes.html.tmpl
var htmlTemplateText string

var htmlTemplate = template.Must(template.New("changes").Funcs(template.FuncMap{
	"href":   func(raw string) string { return report.SafeHref(raw, false) },
	"replay": func(raw string) string { return report.SafeHref(raw, true) },
	"when":   when,
	"now":    nowText,
}).Parse(htmlTemplateText))

// htmlPage is everything changes.html.tmpl draws; html/template escapes
// every field for the context it lands in.
type htmlPage struct {
	*Report
	Nonce               string
	LostDocs, LostOther []Change
	Changed, Orphaned   []Change
	NotRecrawled, New   []Change
	Kinds               []kindCount
	Generated           string
}

type kindCount struct {
	Kind policy.ChangeKind
	N    int
}

// WriteHTML writes changes.html: one self-contained page (inline style, no
// script, a fresh CSP nonce) that opens on what was lost.
func WriteHTML(w io.Writer, r *Report) error {
	p := htmlPage{Report: r, Nonce: rand.Text(), Generated: when(r.Generated)}
	for _, c := range r.Lost() {
		if c.Document {
			p.LostDocs = append(p.LostDocs, c)
		} else {
			p.LostOther = append(p.LostOther, c)
		}
	}
	p.Changed, p.Orphaned = r.Of(policy.ChangeChanged), r.Of(policy.ChangeOrphaned)
	p.NotRecrawled, p.New = r.Of(policy.ChangeNotRecrawled), r.Of(policy.ChangeNew)
	for _, k := range policy.ChangeKinds() {
		p.Kinds = append(p.Kinds, kindCount{k, r.Counts[k]})
	}
	return htmlTemplate.Execute(w, p)
}

func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// nowText is what a change's current state is: "404", "refused", "-> TARGET".
func nowText(c Change) string {
	if d := strings.TrimSpace(lostDetail(c)); d != "" {
		return strings.Trim(d, "()")
	}
	return "not fetched"
}
