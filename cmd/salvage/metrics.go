package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/crawler/frontier"
	"github.com/salvage-archive/salvage/warc"
)

// crawlMetrics are the Prometheus metrics of one crawl (--metrics ADDR).
type crawlMetrics struct {
	reg      *prometheus.Registry
	pages    *prometheus.CounterVec // by status
	bytes    prometheus.Counter
	errors   prometheus.Counter
	retries  prometheus.Counter
	refused  prometheus.Counter
	frontier func() crawler.FrontierStats
	perHost  func() map[string]int
}

// hostLoad is a frontier that can say how many fetches each host has in flight.
type hostLoad interface{ HostsInFlight() map[string]int }

var (
	_ hostLoad = (*frontier.Bolt)(nil)
	_ hostLoad = (*frontier.Redis)(nil)
)

func newCrawlMetrics(fr func() crawler.FrontierStats, f crawler.Frontier) *crawlMetrics {
	m := &crawlMetrics{reg: prometheus.NewRegistry(), frontier: fr,
		pages: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "salvage_fetches_total",
			Help: "Fetches finished, by HTTP status (negative: Heritrix-style failure codes)."}, []string{"status"}),
		bytes:   prometheus.NewCounter(prometheus.CounterOpts{Name: "salvage_warc_response_bytes_total", Help: "Bytes of response and revisit records written."}),
		errors:  prometheus.NewCounter(prometheus.CounterOpts{Name: "salvage_fetch_errors_total", Help: "Fetches that got no HTTP response."}),
		retries: prometheus.NewCounter(prometheus.CounterOpts{Name: "salvage_retries_total", Help: "Fetches put back to be tried again."}),
		refused: prometheus.NewCounter(prometheus.CounterOpts{Name: "salvage_refused_total", Help: "URLs not fetched (scope, robots, traps, budgets)."}),
	}
	if hl, ok := f.(hostLoad); ok {
		m.perHost = hl.HostsInFlight
	}
	m.reg.MustRegister(m.pages, m.bytes, m.errors, m.retries, m.refused, m)
	return m
}

var (
	descQueued   = prometheus.NewDesc("salvage_queue_depth", "URLs waiting in the frontier.", nil, nil)
	descInFlight = prometheus.NewDesc("salvage_in_flight", "Fetches in flight.", nil, nil)
	descSeen     = prometheus.NewDesc("salvage_seen_urls", "URLs ever queued.", nil, nil)
	descHost     = prometheus.NewDesc("salvage_host_in_flight", "Fetches in flight per host (host:port; the host name across all workers with --state redis).", []string{"host"}, nil)
)

// Describe and Collect read the frontier when scraped.
func (m *crawlMetrics) Describe(ch chan<- *prometheus.Desc) {
	ch <- descQueued
	ch <- descInFlight
	ch <- descSeen
	ch <- descHost
}

func (m *crawlMetrics) Collect(ch chan<- prometheus.Metric) {
	s := m.frontier()
	ch <- prometheus.MustNewConstMetric(descQueued, prometheus.GaugeValue, float64(s.Queued))
	ch <- prometheus.MustNewConstMetric(descInFlight, prometheus.GaugeValue, float64(s.InFlight))
	ch <- prometheus.MustNewConstMetric(descSeen, prometheus.GaugeValue, float64(s.Seen))
	if m.perHost == nil {
		return
	}
	for h, n := range m.perHost() {
		ch <- prometheus.MustNewConstMetric(descHost, prometheus.GaugeValue, float64(n), h)
	}
}

// event counts one crawler event.
func (m *crawlMetrics) event(ev crawler.Event) {
	switch ev.Kind {
	case crawler.EventFetched:
		m.pages.WithLabelValues(strconv.Itoa(ev.Status)).Inc()
		if ev.Status <= 0 {
			m.errors.Inc()
		}
	case crawler.EventRetry:
		m.retries.Inc()
	case crawler.EventRefused:
		m.refused.Inc()
	}
}

func (m *crawlMetrics) capture(c warc.Capture) {
	if c.Err == nil {
		m.bytes.Add(float64(c.Size))
	}
}

// metricsSink passes events on and counts them.
type metricsSink struct {
	next crawler.Sink
	m    *crawlMetrics
}

func (s metricsSink) Event(ev crawler.Event) {
	s.m.event(ev)
	s.next.Event(ev)
}

// Sync passes crawler.Syncer on to the sink it wraps.
func (s metricsSink) Sync() {
	if y, ok := s.next.(crawler.Syncer); ok {
		y.Sync()
	}
}

// serveMetrics serves /metrics on addr until ctx ends; the returned stop
// shuts the server down.
func serveMetrics(ctx context.Context, addr string, m *crawlMetrics) (func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--metrics %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = err // the crawl goes on without metrics
		}
	}()
	return func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
		<-done
	}, nil
}

// jobMetrics hooks metrics into a crawl job; nil when --metrics is not set.
type jobMetrics struct {
	m  *crawlMetrics
	cr *crawler.Crawler
}

func newJobMetrics(addr string, f crawler.Frontier) *jobMetrics {
	if addr == "" {
		return nil
	}
	jm := &jobMetrics{}
	jm.m = newCrawlMetrics(func() crawler.FrontierStats {
		if jm.cr == nil {
			return crawler.FrontierStats{}
		}
		return jm.cr.Stats().FrontierStats
	}, f)
	return jm
}

func (jm *jobMetrics) onCapture(next func(warc.Capture)) func(warc.Capture) {
	if jm == nil {
		return next
	}
	return func(c warc.Capture) {
		jm.m.capture(c)
		next(c)
	}
}

func (jm *jobMetrics) sink(next crawler.Sink) crawler.Sink {
	if jm == nil {
		return next
	}
	return metricsSink{next: next, m: jm.m}
}

// serve starts the metrics server for cr; stop is never nil.
func (jm *jobMetrics) serve(ctx context.Context, addr string, cr *crawler.Crawler) (func(), error) {
	if jm == nil {
		return func() {}, nil
	}
	jm.cr = cr
	return serveMetrics(ctx, addr, jm.m)
}
