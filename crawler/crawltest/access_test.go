package crawltest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the replica's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.b.Bytes())
}

func TestLatencyAndInFlight(t *testing.T) {
	var log syncBuffer
	r := startReplica(t, Config{Latency: 300 * time.Millisecond, Log: &log})
	c := testClient(t, r)
	start := time.Now()
	var wg sync.WaitGroup
	for range 4 { // plain HTTP: no handshakes to stagger the requests
		wg.Go(func() { get(t, c, http.MethodGet, "http://minusma.unmissions.org/en/contact", ua, "") })
	}
	wg.Wait()
	if elapsed := time.Since(start); elapsed < 300*time.Millisecond {
		t.Errorf("4 requests in %v, want >= latency", elapsed)
	}
	if got := r.MaxInFlight(siteHost); got != 4 {
		t.Errorf("MaxInFlight = %d, want 4", got)
	}
	if got := r.MaxInFlight("twitter.com"); got != 0 {
		t.Errorf("MaxInFlight(twitter.com) = %d, want 0", got)
	}
	checkLog(t, log.Bytes(), 4)
}

func checkLog(t *testing.T, log []byte, n int) {
	t.Helper()
	lines := bytes.Split(bytes.TrimSpace(log), []byte("\n"))
	if len(lines) != n {
		t.Fatalf("%d log lines, want %d:\n%s", len(lines), n, log)
	}
	maxIn := 0
	for _, l := range lines {
		var e struct {
			Time     time.Time `json:"time"`
			Host     string    `json:"host"`
			Method   string    `json:"method"`
			Path     string    `json:"path"`
			Status   int       `json:"status"`
			Bytes    int64     `json:"bytes"`
			InFlight int       `json:"in_flight"`
		}
		if err := json.Unmarshal(l, &e); err != nil {
			t.Fatalf("log line %s: %v", l, err)
		}
		if e.Time.IsZero() || e.Host != siteHost || e.Method != "GET" || e.Path != "/en/contact" || e.Status != 301 || e.Bytes <= 0 {
			t.Errorf("log line %s", l)
		}
		maxIn = max(maxIn, e.InFlight)
	}
	if maxIn != 4 {
		t.Errorf("largest in_flight in the log = %d, want 4", maxIn)
	}
}

func TestRequests(t *testing.T) {
	r := startReplica(t, Config{})
	c := testClient(t, r)
	get(t, c, http.MethodGet, siteOrigin+"/en/after-ten-years-presence-minusma-closes-its-base-%c2%a0ansongo", ua, "")
	get(t, c, http.MethodGet, "http://minusma.unmissions.org/en?x=1", ua, "")
	get(t, c, http.MethodGet, "https://twitter.com/un_minusma", ua, "")
	want := []Hit{
		{Host: siteHost, Method: "GET", Path: "/en/after-ten-years-presence-minusma-closes-its-base-%c2%a0ansongo", Status: 200,
			URL: siteOrigin + "/en/after-ten-years-presence-minusma-closes-its-base-%C2%A0ansongo"},
		{Host: siteHost, Method: "GET", Path: "/en?x=1", Status: 301, URL: "http://minusma.unmissions.org/en?x=1"},
		{Host: "twitter.com", Method: "GET", Path: "/un_minusma", Status: 302, URL: "https://twitter.com/un_minusma"},
	}
	got := r.Requests()
	if len(got) != len(want) {
		t.Fatalf("Requests() = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("hit %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
