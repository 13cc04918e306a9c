package policy

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// ErrResolveSpec is wrapped by every ParseResolve error.
var ErrResolveSpec = errors.New("bad resolve spec")

const resolveUsage = "want HOST:PORT:ADDR or HOST:PORT:ADDR:PORT2"

// ResolveMap pins host names to addresses, as curl's --resolve does, so a
// crawl can fetch a site from a mirror or a test server. The zero value
// maps nothing. It is immutable and safe for concurrent use.
type ResolveMap struct {
	entries map[resolveKey]resolveTarget
}

// resolveKey is a host (lower case, no brackets, or "*") and a port (or "*").
type resolveKey struct{ host, port string }

// resolveTarget is the address to dial and its port ("" keeps the port asked for).
type resolveTarget struct {
	addr netip.Addr
	port string
}

// ParseResolve parses curl-style specs: "HOST:PORT:ADDR" dials ADDR:PORT
// for HOST:PORT, "HOST:PORT:ADDR:PORT2" dials ADDR:PORT2 instead. ADDR is
// an IPv4 address or an IPv6 address in brackets ("[::1]"); HOST may be
// "*" (any host) and PORT may be "*" (any port). For one HOST:PORT the last
// spec wins. The error names the first bad spec.
func ParseResolve(specs []string) (ResolveMap, error) {
	m := ResolveMap{entries: make(map[resolveKey]resolveTarget, len(specs))}
	for _, spec := range specs {
		k, t, err := parseResolveSpec(spec)
		if err != nil {
			return ResolveMap{}, fmt.Errorf("%w %q: %w (%s)", ErrResolveSpec, spec, err, resolveUsage)
		}
		m.entries[k] = t
	}
	return m, nil
}

func parseResolveSpec(spec string) (resolveKey, resolveTarget, error) {
	host, rest, err := cutResolveHost(spec)
	if err != nil {
		return resolveKey{}, resolveTarget{}, err
	}
	port, rest, ok := strings.Cut(rest, ":")
	if !ok {
		return resolveKey{}, resolveTarget{}, errors.New("missing address")
	}
	if port != "*" {
		if err := checkResolvePort(port); err != nil {
			return resolveKey{}, resolveTarget{}, err
		}
	}
	t, err := parseResolveTarget(rest)
	return resolveKey{host: host, port: port}, t, err
}

// cutResolveHost splits off HOST (a name, "*" or a bracketed IPv6 address).
func cutResolveHost(spec string) (host, rest string, err error) {
	if strings.HasPrefix(spec, "[") {
		inner, rest, ok := strings.Cut(spec[1:], "]:")
		if !ok || inner == "" {
			return "", "", errors.New("unterminated [ in host")
		}
		return strings.ToLower(inner), rest, nil
	}
	host, rest, ok := strings.Cut(spec, ":")
	switch {
	case !ok:
		return "", "", errors.New("missing port")
	case host == "":
		return "", "", errors.New("empty host")
	}
	return strings.ToLower(host), rest, nil
}

// parseResolveTarget parses "ADDR" or "ADDR:PORT2".
func parseResolveTarget(s string) (resolveTarget, error) {
	addr, port, err := cutResolveAddr(s)
	if err != nil {
		return resolveTarget{}, err
	}
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return resolveTarget{}, fmt.Errorf("address %q is not an ip address", addr)
	}
	if port != "" {
		if err := checkResolvePort(port); err != nil {
			return resolveTarget{}, err
		}
	}
	return resolveTarget{addr: a, port: port}, nil
}

func cutResolveAddr(s string) (addr, port string, err error) {
	if strings.HasPrefix(s, "[") {
		addr, rest, ok := strings.Cut(s[1:], "]")
		if !ok {
			return "", "", errors.New("unterminated [ in address")
		}
		if rest == "" {
			return addr, "", nil
		}
		port, ok := strings.CutPrefix(rest, ":")
		if !ok || port == "" {
			return "", "", fmt.Errorf("unexpected %q after address", rest)
		}
		return addr, port, nil
	}
	switch strings.Count(s, ":") {
	case 0:
		return s, "", checkOneAddr(s)
	case 1:
		addr, port, _ := strings.Cut(s, ":")
		return addr, port, checkOneAddr(addr)
	}
	return "", "", errors.New("an ipv6 address must be in brackets")
}

func checkOneAddr(addr string) error {
	switch {
	case addr == "":
		return errors.New("empty address")
	case strings.Contains(addr, ","):
		return errors.New("only one address per spec is supported")
	}
	return nil
}

func checkResolvePort(p string) error {
	n, err := strconv.ParseUint(p, 10, 16)
	if err != nil || n == 0 {
		return fmt.Errorf("port %q is not a number from 1 to 65535", p)
	}
	return nil
}

// Lookup returns the "ip:port" to dial for hostport ("host:port" or
// "[v6]:port"), trying HOST:PORT, then HOST:*, then *:PORT, then *:*.
func (m ResolveMap) Lookup(hostport string) (addr string, ok bool) {
	host, port, ok := splitHostPort(hostport)
	if !ok || len(m.entries) == 0 {
		return "", false
	}
	host = strings.ToLower(host)
	for _, k := range []resolveKey{{host, port}, {host, "*"}, {"*", port}, {"*", "*"}} {
		if t, found := m.entries[k]; found {
			return t.dial(port), true
		}
	}
	return "", false
}

// Len returns the number of entries.
func (m ResolveMap) Len() int { return len(m.entries) }

func (t resolveTarget) dial(port string) string {
	if t.port != "" {
		port = t.port
	}
	if t.addr.Is6() {
		return "[" + t.addr.String() + "]:" + port
	}
	return t.addr.String() + ":" + port
}

// splitHostPort splits "host:port" or "[v6]:port"; the port must be there.
func splitHostPort(hostport string) (host, port string, ok bool) {
	if strings.HasPrefix(hostport, "[") {
		host, port, ok = strings.Cut(hostport[1:], "]:")
		return host, port, ok && port != ""
	}
	i := strings.LastIndexByte(hostport, ':')
	if i < 0 || strings.Contains(hostport[:i], ":") || i == len(hostport)-1 {
		return "", "", false
	}
	return hostport[:i], hostport[i+1:], true
}
