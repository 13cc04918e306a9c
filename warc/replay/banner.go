package replay

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/salvage-archive/salvage/warc"
)

// maxListed bounds the captures the banner lists; the TimeMap has them all.
const maxListed = 100

// bannerData is what the archive banner shows about one replayed capture.
type bannerData struct {
	Date     string // the capture's date, "2006-01-02 15:04:05 UTC"
	URL      string // the archived URL, as text
	Live     string // the URL to open on the live web ("" when it is no web URL)
	TimeMap  string // the replay path of the URL's TimeMap
	Prev     *bannerCapture
	Next     *bannerCapture
	Captures []bannerCapture // oldest first, at most maxListed
	Count    int             // every capture of the URL
}

type bannerCapture struct {
	Date    string
	Path    string // the capture's replay path
	Current bool   // the capture replayed
}

// The banner is one element in the page, a shadow host whose inline style resets
// every property (all: initial) and pins it to the top of the viewport, so that
// neither the page's CSS reaches it nor its own CSS reaches the page; its content
// is in a declarative shadow root (shown without script). The script only closes
// it (remembered for the browser tab's session), removes it from frames, attaches
// the shadow root where the browser does not parse declarative ones, and moves the
// host out of <body> so that the page's own body:last-child rules stay as archived.
var bannerTemplate = template.Must(template.New("banner").Parse(`<salvage-banner style="all:initial!important;display:block!important;position:fixed!important;top:0!important;left:0!important;right:0!important;z-index:2147483647!important;margin:0!important;padding:0!important;border:0!important;transform:none!important"><template shadowrootmode="open"><style>
:host{all:initial}
.bar{box-sizing:border-box;display:flex;align-items:center;gap:.8em;height:28px;padding:0 .6em;white-space:nowrap;background:#20242b;color:#eef0f3;font:13px/27px system-ui,-apple-system,"Segoe UI",sans-serif;border-bottom:1px solid #000}
a{color:#9cc7ff;text-decoration:none}a:hover,a:focus{text-decoration:underline}
.url{overflow:hidden;text-overflow:ellipsis;min-width:0}
.cur{font-weight:bold}.sp{flex:1}
details{position:relative}summary{cursor:pointer;color:#9cc7ff}
ol{position:absolute;top:22px;right:0;margin:0;padding:.4em 1.6em;max-height:60vh;overflow:auto;background:#20242b;border:1px solid #000;line-height:1.6;white-space:nowrap}
button{all:initial;cursor:pointer;color:#eef0f3;font:16px/27px system-ui,sans-serif;padding:0 .4em}
button:hover,button:focus{color:#fff;background:#3a404a}
</style><div class="bar" role="region" aria-label="Archived page">
<span>Archived <b>{{.Date}}</b></span>
<span class="url">{{if .Live}}<a href="{{.Live}}" rel="noopener noreferrer" target="_top" title="Open the live page">{{.URL}}</a>{{else}}{{.URL}}{{end}}</span>
<span class="sp"></span>
{{with .Prev}}<a href="{{.Path}}" target="_top" title="Previous capture">&#8249; {{.Date}}</a>{{end}}
{{with .Next}}<a href="{{.Path}}" target="_top" title="Next capture">{{.Date}} &#8250;</a>{{end}}
<details><summary>{{.Count}} capture{{if ne .Count 1}}s{{end}}</summary><ol>
{{range .Captures}}<li><a href="{{.Path}}" target="_top"{{if .Current}} class="cur"{{end}}>{{.Date}}</a></li>
{{end}}</ol></details>
<a href="{{.TimeMap}}" target="_top" title="Memento TimeMap of this URL">TimeMap</a>
<button type="button" aria-label="Close the archive banner" title="Close">&#215;</button>
</div></template><script>(function(){
var h=document.currentScript.parentNode,k="salvage-banner-closed";
try{if(window.top!==window.self||sessionStorage.getItem(k)){h.remove();return}}catch(e){}
var r=h.shadowRoot,t=h.querySelector("template");
if(!r&&t){r=h.attachShadow({mode:"open"});r.appendChild(t.content.cloneNode(true))}
if(t)t.remove();
document.documentElement.appendChild(h);
r.querySelector("button").addEventListener("click",function(){h.remove();try{sessionStorage.setItem(k,"1")}catch(e){}});
})();</script></salvage-banner>`))

// wantsBanner reports whether the replayed page gets the banner: a whole text/html
// document (not a fragment; not XHTML, which an XML parser would refuse with it)
// answering 2xx, loaded as the top-level document (a frame's Sec-Fetch-Dest says
// otherwise).
func (s *Server) wantsBanner(r *http.Request, snap warc.Snapshot, status int, whole bool) bool {
	if s.noBanner || snap.Mime != "text/html" || status < 200 || status > 299 {
		return false
	}
	if d := r.Header.Get("Sec-Fetch-Dest"); d == "iframe" || d == "frame" {
		return false
	}
	return whole
}

// banner renders the banner for a capture of snap.URL.
func (s *Server) banner(snap warc.Snapshot) []byte {
	d := bannerData{
		Date:    bannerDate(snap.Date),
		URL:     snap.URL,
		TimeMap: "/" + s.coll + "/timemap/link/" + snap.URL,
	}
	if u, err := url.Parse(snap.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		d.Live = u.String()
	}
	s.addCaptures(&d, snap)
	var b bytes.Buffer
	if err := bannerTemplate.Execute(&b, d); err != nil {
		s.log.Warn("banner", "url", snap.URL, "err", err)
		return nil
	}
	return b.Bytes()
}

// addCaptures fills in the captures of the URL around snap: the previous and the
// next, and a list of up to maxListed around snap.
func (s *Server) addCaptures(d *bannerData, snap warc.Snapshot) {
	all := s.ix.Lookup(snap.URL)
	d.Count = len(all)
	cur := 0
	for i, c := range all {
		if c.File == snap.File && c.Offset == snap.Offset && c.Nth == snap.Nth {
			cur = i
		}
	}
	lo := max(0, min(cur-maxListed/2, len(all)-maxListed))
	for i := lo; i < len(all) && i < lo+maxListed; i++ {
		d.Captures = append(d.Captures, s.bannerCapture(all[i], i == cur))
	}
	if cur > 0 {
		c := s.bannerCapture(all[cur-1], false)
		d.Prev = &c
	}
	if cur+1 < len(all) {
		c := s.bannerCapture(all[cur+1], false)
		d.Next = &c
	}
}

func (s *Server) bannerCapture(c warc.Snapshot, current bool) bannerCapture {
	return bannerCapture{Date: bannerDate(c.Date), Path: s.path(c.Date, c.URL), Current: current}
}

func bannerDate(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }

// withBanner inserts banner at bodyEnd, where the document's last </body> starts, or
// at its end when it has none (bodyEnd < 0: HTML parsers put what follows the
// document into its body).
func withBanner(doc []byte, bodyEnd int, banner []byte) []byte {
	at := bodyEnd
	if at < 0 || at > len(doc) {
		at = len(doc)
	}
	out := make([]byte, 0, len(doc)+len(banner))
	out = append(out, doc[:at]...)
	out = append(out, banner...)
	return append(out, doc[at:]...)
}
