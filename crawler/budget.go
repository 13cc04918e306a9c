package crawler

import (
	"net/url"
	"sync"
)

// PageCounts keeps the HTML pages fetched per host:port for
// Config.MaxPagesPerHost. A Frontier that implements it keeps the counts
// with its state, so the budget holds across a resume and across the
// workers of a shared crawl; otherwise they are counted in memory.
type PageCounts interface {
	AddPage(host string)
	Pages(host string) int
}

// pageCounts is fr's own counts, or counts in memory.
func pageCounts(fr Frontier) PageCounts {
	if pc, ok := fr.(PageCounts); ok {
		return pc
	}
	return &memPages{m: make(map[string]int)}
}

type memPages struct {
	mu sync.Mutex
	m  map[string]int
}

func (p *memPages) AddPage(host string) {
	p.mu.Lock()
	p.m[host]++
	p.mu.Unlock()
}

func (p *memPages) Pages(host string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.m[host]
}

// countPage counts fetched HTML pages per host for the page budget.
func (cr *Crawler) countPage(u *url.URL, res *fetchResult) {
	if cr.cfg.MaxPagesPerHost <= 0 || parseKind(res.ctype) != kindHTML {
		return
	}
	cr.pages.AddPage(HostKey(u.String()))
}

// overBudget: u's host has had its MaxPagesPerHost pages, so its links are
// not queued. A spent budget is remembered here (counts only grow), which
// spares a shared store a lookup per link.
func (cr *Crawler) overBudget(u *url.URL) bool {
	if cr.cfg.MaxPagesPerHost <= 0 {
		return false
	}
	h := HostKey(u.String())
	if _, spent := cr.over.Load(h); spent {
		return true
	}
	if cr.pages.Pages(h) < cr.cfg.MaxPagesPerHost {
		return false
	}
	cr.over.Store(h, struct{}{})
	return true
}
