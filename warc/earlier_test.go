package warc

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// earlierMap is an EarlierLookup over a map.
type earlierMap map[string]Earlier

func (m earlierMap) Earlier(url string) (Earlier, bool) { e, ok := m[url]; return e, ok }

// A GET made conditional on an earlier capture: the validators are sent (and
// recorded in the request record), a 304 becomes a server-not-modified revisit
// naming the earlier record and payload, a 200 stays a response.
func TestConditionalRequests(t *testing.T) {
	t.Parallel()
	var seen []http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Clone())
		w.Header().Set("ETag", `"v1"`)
		http.ServeContent(w, r, "", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), strings.NewReader("body of "+r.URL.Path))
	}))
	t.Cleanup(srv.Close)
	earlierDate := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	lookup := earlierMap{
		srv.URL + "/same": {Ref: Ref{RecordID: "<urn:uuid:earlier>", URI: srv.URL + "/same", Date: earlierDate},
			PayloadDigest: "sha1:EARLIER", ETag: `"v1"`},
		srv.URL + "/since": {Ref: Ref{URI: srv.URL + "/since", Date: earlierDate}, Since: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	dir := t.TempDir()
	w := newTestWriter(t, WriterConfig{Dir: dir, Index: NewMemoryIndex()})
	r, caps := newTestRecorder(t, w, RecorderConfig{Earlier: lookup})
	fetchAll(t, r, srv.URL+"/same")
	fetchAll(t, r, srv.URL+"/since")
	fetchAll(t, r, srv.URL+"/other")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if seen[0].Get("If-None-Match") != `"v1"` || seen[1].Get("If-Modified-Since") != "Wed, 01 Jan 2025 00:00:00 GMT" ||
		seen[2].Get("If-None-Match")+seen[2].Get("If-Modified-Since") != "" {
		t.Errorf("validators sent: %v", seen)
	}
	c := caps.all()
	if !c[0].Revisit || !c[0].NotModified || c[0].RefersTo != "<urn:uuid:earlier>" || c[0].PayloadDigest != "sha1:EARLIER" {
		t.Errorf("304 capture: %+v", c[0])
	}
	if c[1].Revisit || c[1].Status != 200 || c[2].Revisit {
		t.Errorf("200 captures: %+v %+v", c[1], c[2])
	}
	revisits := byType(recordsIn(t, dir), "revisit")
	if len(revisits) != 1 {
		t.Fatalf("%d revisit records, want 1", len(revisits))
	}
	for field, want := range map[string]string{
		"WARC-Profile": ProfileServerNotModified, "WARC-Refers-To": "<urn:uuid:earlier>",
		"WARC-Refers-To-Target-URI": srv.URL + "/same", "WARC-Refers-To-Date": "2026-01-05T00:00:00.000Z",
		"WARC-Payload-Digest": "sha1:EARLIER",
	} {
		if got := revisits[0].Get(field); got != want {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}
	if !strings.HasPrefix(string(revisits[0].block), "HTTP/1.1 304 ") {
		t.Errorf("revisit block %q", revisits[0].block)
	}
}
