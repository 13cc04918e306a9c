package verify

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"sync"

	"github.com/salvage-archive/salvage/policy"
)

// RobotsGate says whether robots.txt lets salvage check a URL. Each
// host:port's robots.txt is fetched once; a 5xx one means "do not check"
// (RFC 9309). A host whose robots.txt cannot be fetched at all is let
// through: the check itself then says what failed (refused, empty-reply,
// timeout, unreachable, tls-error, ...), not robots-excluded.
type RobotsGate struct {
	client *http.Client
	agent  string
	mu     sync.Mutex
	hosts  map[string]*robotsOnce
}

type robotsOnce struct {
	once  sync.Once
	rules *policy.Robots
}

// NewRobotsGate fetches robots.txt files with client and matches them for agent.
func NewRobotsGate(client *http.Client, agent string) *RobotsGate {
	return &RobotsGate{client: client, agent: agent, hosts: map[string]*robotsOnce{}}
}

// Allowed reports whether robots.txt allows fetching u.
func (g *RobotsGate) Allowed(ctx context.Context, u *url.URL) bool {
	key := u.Scheme + "://" + u.Host
	g.mu.Lock()
	e := g.hosts[key]
	if e == nil {
		e = &robotsOnce{}
		g.hosts[key] = e
	}
	g.mu.Unlock()
	e.once.Do(func() { e.rules = g.fetch(ctx, key+"/robots.txt") })
	return e.rules.Allowed(g.agent, u.RequestURI())
}

func (g *RobotsGate) fetch(ctx context.Context, target string) *policy.Robots {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return policy.ParseRobots(0, nil)
	}
	req.Header.Set("User-Agent", DefaultUserAgent)
	resp, err := g.client.Do(req)
	if err != nil {
		return policy.ParseRobots(http.StatusNotFound, nil)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, policy.MaxRobotsSize))
	return policy.ParseRobots(resp.StatusCode, body)
}
