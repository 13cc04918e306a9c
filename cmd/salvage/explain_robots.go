package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/crawler/frontier"
	"github.com/salvage-archive/salvage/crawler/netfail"
	"github.com/salvage-archive/salvage/policy"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// robotsBook finds the robots.txt of a URL's host for explain: the one the
// crawl in --out fetched, else (with --check-robots) one fetched now, once
// per host.
type robotsBook struct {
	state     *frontier.BoltView // the crawl's crawl-state.db; nil: none
	client    *http.Client       // nil: no fetching
	userAgent string             // sent when fetching
	agent     string             // the product token groups are matched for
	fetched   map[string]*policy.RobotsFacts
}

// close releases the crawl's state.
func (rb *robotsBook) close() error {
	if rb.state == nil {
		return nil
	}
	return rb.state.Close()
}

// openStateView opens --out's crawl state read-only.
func openStateView(out string) (*frontier.BoltView, error) {
	path := filepath.Join(out, stateFileName)
	if _, err := os.Stat(path); err != nil {
		return nil, cli.Usagef("explain: --out %s holds no crawl state (%s)", out, stateFileName)
	}
	v, err := frontier.OpenBoltView(path)
	if errors.Is(err, frontier.ErrStateBusy) {
		return nil, cli.Usagef("explain: %w; run explain once it has stopped", err)
	}
	return v, err
}

// facts returns what is known of u's robots.txt; nil when nothing is.
func (rb *robotsBook) facts(ctx context.Context, u *url.URL) (*policy.RobotsFacts, error) {
	host := crawler.HostKey(u.String())
	if rb.state != nil {
		rf, ok, err := rb.state.Robots(host)
		if err != nil {
			return nil, err
		}
		if ok {
			return rb.from(rf, "from the crawl's state ("+rf.Fetched.UTC().Format("2006-01-02 15:04:05 UTC")+")"), nil
		}
	}
	if rb.client == nil {
		return nil, nil
	}
	if f, ok := rb.fetched[host]; ok {
		return f, nil
	}
	target := (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}).String()
	f := rb.from(rb.fetch(ctx, target), "fetched now from "+target)
	rb.fetched[host] = f
	return f, nil
}

func (rb *robotsBook) from(rf crawler.RobotsFile, source string) *policy.RobotsFacts {
	return &policy.RobotsFacts{Rules: policy.ParseRobots(rf.Status, rf.Body), Failure: rf.Failure,
		Source: source, UserAgent: rb.agent}
}

// fetch gets a robots.txt; a fetch with no answer has status 0 and its
// failure, which robots.txt rules read as "unavailable".
func (rb *robotsBook) fetch(ctx context.Context, target string) crawler.RobotsFile {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return crawler.RobotsFile{Failure: netfail.Kind(err)}
	}
	req.Header.Set("User-Agent", rb.userAgent)
	resp, err := rb.client.Do(req)
	if err != nil {
		k := netfail.Kind(err)
		if k == policy.ErrPrivate || k == policy.ErrTLS {
			return crawler.RobotsFile{Status: http.StatusNotFound} // as the crawler: no request could be sent, no rules
		}
		return crawler.RobotsFile{Failure: k}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, policy.MaxRobotsSize))
	return crawler.RobotsFile{Status: resp.StatusCode, Body: body}
}
