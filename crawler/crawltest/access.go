package crawltest

import (
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"time"
)

// Hit is one request the replica answered.
type Hit struct {
	Host   string // lower-case, without port
	Method string
	Path   string // the request target as sent: path and query
	Status int    // 0 if the client left before the response began
	URL    string // canonical absolute URL, as the manifest writes it
}

// stats counts requests per host and writes the access log.
type stats struct {
	mu       sync.Mutex
	inFlight map[string]int
	max      map[string]int
	hits     []Hit

	logMu sync.Mutex
	log   io.Writer
}

func newStats(log io.Writer) *stats {
	return &stats{inFlight: map[string]int{}, max: map[string]int{}, log: log}
}

// exchange is one request in flight.
type exchange struct {
	stats    *stats
	hit      Hit
	inFlight int
	recorded bool
}

// begin counts a request in; its host's in-flight count includes it.
func (s *stats) begin(scheme string, r *http.Request) *exchange {
	host := hostOnly(r.Host)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight[host]++
	n := s.inFlight[host]
	s.max[host] = max(s.max[host], n)
	hit := Hit{Host: host, Method: r.Method, Path: r.RequestURI, URL: canonicalString(scheme + "://" + r.Host + r.RequestURI)}
	return &exchange{stats: s, hit: hit, inFlight: n}
}

// header records the hit when the status line is decided, so a client that
// has the response headers finds its request in Requests.
func (e *exchange) header(status int) {
	e.stats.mu.Lock()
	defer e.stats.mu.Unlock()
	if e.recorded {
		return
	}
	e.recorded = true
	e.hit.Status = status
	e.stats.hits = append(e.stats.hits, e.hit)
}

// end counts the request out and writes its log line.
func (e *exchange) end(status int, bytes int64) {
	e.header(status)
	e.stats.mu.Lock()
	e.stats.inFlight[e.hit.Host]--
	e.stats.mu.Unlock()
	e.stats.writeLog(logLine{
		Time: time.Now().UTC().Format(time.RFC3339Nano), Host: e.hit.Host, Method: e.hit.Method, Path: e.hit.Path,
		Status: status, Bytes: bytes, InFlight: e.inFlight,
	})
}

type logLine struct {
	Time     string `json:"time"`
	Host     string `json:"host"`
	Method   string `json:"method"`
	Path     string `json:"path"`
	Status   int    `json:"status"`
	Bytes    int64  `json:"bytes"`
	InFlight int    `json:"in_flight"`
}

func (s *stats) writeLog(l logLine) {
	if s.log == nil {
		return
	}
	b, err := json.Marshal(l)
	if err != nil {
		return
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	s.log.Write(append(b, '\n'))
}

// idle waits, up to timeout, until no request is in flight: after the
// servers close, handlers still finishing get to write their log lines.
func (s *stats) idle(timeout time.Duration) {
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if s.total() == 0 {
			return
		}
	}
}

func (s *stats) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, v := range s.inFlight {
		n += v
	}
	return n
}

func (s *stats) maxInFlight(host string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.max[hostOnly(host)]
}

func (s *stats) requests() []Hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Hit(nil), s.hits...)
}

// instrument counts, delays and logs every request of h.
func (s *stats) instrument(scheme string, latency time.Duration, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ex := s.begin(scheme, r)
		rec := &statusRecorder{ResponseWriter: w, ex: ex}
		if sleepUnless(latency, r.Context().Done()) {
			h.ServeHTTP(rec, r)
		}
		ex.end(rec.status, rec.bytes)
	})
}

// sleepUnless sleeps d unless stop closes first (the client went away, the
// server closed); it reports whether the whole d passed.
func sleepUnless(d time.Duration, stop <-chan struct{}) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-stop:
		return false
	}
}

// statusRecorder notes the status and body size of a response.
type statusRecorder struct {
	http.ResponseWriter
	ex     *exchange
	status int
	bytes  int64
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		w.ex.header(code)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}
