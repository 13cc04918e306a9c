package replay

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/salvage-archive/salvage/warc"
)

// maxRewrite is the largest HTML or CSS body rewritten; a larger one is served as is.
const maxRewrite = 32 << 20

// keptHeaders are the archived response fields replayed as they were.
var keptHeaders = []string{"Content-Type", "Content-Language", "Content-Disposition", "Last-Modified"}

// memento replays the capture of target nearest ts.
func (s *Server) memento(w http.ResponseWriter, r *http.Request, ts, target string) {
	t, err := parseTimestamp(ts)
	if err != nil {
		http.Error(w, "bad timestamp", http.StatusBadRequest)
		return
	}
	snap, payload, ok := s.ix.Nearest(target, t)
	if !ok {
		s.miss(w, target)
		return
	}
	resp, err := warc.OpenResponseAt(payload.File, payload.Offset, payload.Nth)
	if err != nil {
		s.log.Warn("replay read", "url", target, "warc_file", payload.File, "err", err)
		http.Error(w, "archived record unreadable", http.StatusBadGateway)
		return
	}
	defer resp.Close()
	h := w.Header()
	h.Set("Memento-Datetime", snap.Date.UTC().Format(http.TimeFormat))
	h.Set("Link", s.links(r, snap.URL, "original", "timegate", "timemap"))
	for _, k := range keptHeaders {
		if v := resp.Header.Get(k); v != "" {
			h.Set(k, v)
		}
	}
	status := snap.Status
	if status == 0 {
		status = resp.Status
	}
	prefix := "/" + s.coll + "/" + ts + "/"
	if status >= 300 && status < 400 && snap.Location != "" {
		h.Set("Location", prefix+snap.Location)
		w.WriteHeader(status)
		return
	}
	if !resp.Decoded && resp.Header.Get("Content-Encoding") != "" {
		h.Set("Content-Encoding", resp.Header.Get("Content-Encoding"))
	}
	s.body(w, r, status, resp, snap, prefix)
}

// body writes the payload, rewritten when it is HTML or CSS.
func (s *Server) body(w http.ResponseWriter, r *http.Request, status int, resp *warc.Response, snap warc.Snapshot, prefix string) {
	kind := rewriteKind(snap.Mime)
	if kind == "" || (!resp.Decoded && resp.Header.Get("Content-Encoding") != "") {
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			io.Copy(w, resp.Body)
		}
		return
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxRewrite+1))
	if err != nil && len(b) == 0 {
		http.Error(w, "archived body unreadable", http.StatusBadGateway)
		return
	}
	if len(b) <= maxRewrite {
		base, _ := url.Parse(snap.URL)
		rw := &rewriter{prefix: prefix, base: base}
		if kind == "html" {
			b = s.page(w, r, status, rw, rw.html(b), snap)
		} else {
			b = rw.css(b)
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		io.Copy(w, io.MultiReader(bytes.NewReader(b), resp.Body))
	}
}

// page adds the archive banner to an HTML document rw rewrote, when it wants one.
func (s *Server) page(w http.ResponseWriter, r *http.Request, status int, rw *rewriter, doc []byte, snap warc.Snapshot) []byte {
	if !s.noBanner {
		w.Header().Add("Vary", "Sec-Fetch-Dest") // frames get no banner
	}
	if !s.wantsBanner(r, snap, status, rw.whole) {
		return doc
	}
	return withBanner(doc, rw.bodyEnd, s.banner(snap))
}

func rewriteKind(mime string) string {
	switch {
	case mime == "text/html" || mime == "application/xhtml+xml":
		return "html"
	case mime == "text/css":
		return "css"
	}
	return ""
}
