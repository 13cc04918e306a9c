package verify

import (
	"cmp"
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/policy"
)

// sleeps records the waits a checker asks for, without waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleeps) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.d)
}

func TestCheckRetries(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	type step struct {
		status     int
		retryAfter string
	}
	tests := []struct {
		name        string
		retries     int
		steps       []step // answers in order; the last repeats
		class       policy.LinkClass
		evidence    string
		sleeps      []time.Duration
		heads, gets int
		path        string // "": a file, /page.pdf (HEAD first)
	}{
		{"429 then 200", 0, []step{{429, "1"}, {200, ""}}, policy.ClassOK, "status: 200",
			[]time.Duration{time.Second}, 2, 1, ""},
		{"Retry-After capped", 0, []step{{429, "3600"}}, policy.ClassBotBlocked, "rate-limited: status 429",
			[]time.Duration{MaxRetryAfter, MaxRetryAfter}, 3, 0, ""},
		{"Retry-After date", 0, []step{{503, now.Add(5 * time.Second).Format(http.TimeFormat)}, {200, ""}}, policy.ClassOK, "status: 200",
			[]time.Duration{5 * time.Second}, 2, 1, ""},
		{"503 backoff, then GET", 0, []step{{503, ""}}, policy.ClassServerError, "status: 503",
			[]time.Duration{time.Second, 2 * time.Second, time.Second, 2 * time.Second}, 3, 3, ""},
		{"no retries", -1, []step{{429, "1"}, {200, ""}}, policy.ClassBotBlocked, "rate-limited: status 429",
			nil, 1, 0, ""},
		{"a page: GET only", 0, []step{{429, "1"}, {200, ""}}, policy.ClassOK, "status: 200",
			[]time.Duration{time.Second}, 0, 2, "/page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &hits{}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				s := tt.steps[min(h.add(r), len(tt.steps))-1]
				if s.retryAfter != "" {
					w.Header().Set("Retry-After", s.retryAfter)
				}
				page(w, s.status, "Page", news)
			}))
			defer srv.Close()
			var sl sleeps
			c := newChecker(t, CheckerConfig{AllowPrivate: true, NoProbe: true, Retries: tt.retries, Sleep: sl.sleep,
				Clock: func() time.Time { return now }})
			path := cmp.Or(tt.path, "/page.pdf")
			r := c.Check(t.Context(), srv.URL+path)
			if r.Class != tt.class || !strings.HasPrefix(r.Evidence, tt.evidence) {
				t.Errorf("%s %q, want %s %q", r.Class, r.Evidence, tt.class, tt.evidence)
			}
			if got := sl.got(); !slices.Equal(got, tt.sleeps) {
				t.Errorf("slept %v, want %v", got, tt.sleeps)
			}
			host := hostname(srv.Listener.Addr().String())
			if heads, gets := h.get("HEAD "+host+path), h.get("GET "+host+path); heads != tt.heads || gets != tt.gets {
				t.Errorf("%d HEAD, %d GET; want %d, %d", heads, gets, tt.heads, tt.gets)
			}
		})
	}
}
