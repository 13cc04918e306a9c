package main

import (
	"cmp"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"net/http"
	"time"

	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// checkFlags configure live link checks (verify, and the report of crawl).
type checkFlags struct {
	resolve, caCerts listFlag
	insecure         bool
	userAgent        string
	perHost          int
	rate             float64
	timeout          time.Duration
	allowPrivate     bool
	approvedHosts    []string // URLs whose hosts may be private (a crawl's seeds)
}

func (c *checkFlags) register(fs *flag.FlagSet) {
	fs.Var(&c.resolve, "resolve", "HOST:PORT:ADDR[:PORT2] dial ADDR (and PORT2) for HOST:PORT (repeatable)")
	fs.Var(&c.caCerts, "ca-cert", "PEM file of extra trusted certificate authorities (repeatable)")
	fs.BoolVar(&c.insecure, "insecure", false, "accept any TLS certificate")
	fs.BoolVar(&c.allowPrivate, "allow-private", false, "check links to hosts that resolve to loopback, private, CGNAT, link-local or multicast addresses (--resolve targets always are)")
	fs.StringVar(&c.userAgent, "user-agent", "", "User-Agent of live checks (default names salvage)")
	fs.IntVar(&c.perHost, "check-per-host", 2, "live checks in flight per host")
	fs.Float64Var(&c.rate, "check-rate", 4, "live checks per second per host")
	fs.DurationVar(&c.timeout, "check-timeout", 15*time.Second, "timeout of one live check request")
}

// network parses --resolve and --ca-cert, which every client of the checks dials and trusts by.
func (c *checkFlags) network() (policy.ResolveMap, *x509.CertPool, error) {
	resolve, err := policy.ParseResolve(c.resolve)
	if err != nil {
		return policy.ResolveMap{}, nil, cli.Usagef("--resolve: %w", err)
	}
	roots, err := loadRoots(c.caCerts)
	if err != nil {
		return policy.ResolveMap{}, nil, cli.Usagef("--ca-cert: %w", err)
	}
	return resolve, roots, nil
}

// robotsClient fetches the robots.txt files of live checks: it dials and
// refuses private addresses as the checks do (a link that may not be checked
// gets no robots.txt request either), and gives up when a check would.
func (c *checkFlags) robotsClient() (*http.Client, error) {
	resolve, roots, err := c.network()
	if err != nil {
		return nil, err
	}
	tr := &http.Transport{DialContext: newDialer(resolve, guardFor(c.allowPrivate, c.approvedHosts)),
		TLSClientConfig: &tls.Config{RootCAs: roots, InsecureSkipVerify: c.insecure}}
	return &http.Client{Transport: tr, Timeout: cmp.Or(c.timeout, 15*time.Second),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, nil
}

// robotsGate reads external hosts' robots.txt for link checks, its
// requests within chk's limits (they count with the checks).
func (c *checkFlags) robotsGate(chk *verify.Checker) (*verify.RobotsGate, error) {
	client, err := c.robotsClient()
	if err != nil {
		return nil, err
	}
	client.Transport = chk.Paced(client.Transport)
	return verify.NewRobotsGate(client, "salvage"), nil
}

func (c *checkFlags) build(rules *policy.LinkRules, cacheFile string) (*verify.Checker, error) {
	return c.buildShared(rules, cacheFile, nil)
}

// buildShared is build with the results of a crawl's other workers (nil: none).
func (c *checkFlags) buildShared(rules *policy.LinkRules, cacheFile string, shared verify.SharedResults) (*verify.Checker, error) {
	resolve, roots, err := c.network()
	if err != nil {
		return nil, err
	}
	cfg := verify.CheckerConfig{Dial: newDialer(resolve, guardFor(c.allowPrivate, c.approvedHosts)), RootCAs: roots, Insecure: c.insecure,
		UserAgent: c.userAgent, PerHost: c.perHost, RatePerHost: c.rate, Timeout: c.timeout, Rules: rules, Shared: shared}
	if cacheFile != "" {
		cache, err := verify.OpenCache(cacheFile, 24*time.Hour, 10*time.Minute)
		if err != nil {
			return nil, fmt.Errorf("link-check cache: %w", err)
		}
		cfg.Cache = cache
	}
	return verify.NewChecker(cfg)
}
