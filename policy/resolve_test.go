package policy

import (
	"errors"
	"strings"
	"testing"
)

func TestResolveLookup(t *testing.T) {
	m, err := ParseResolve([]string{
		"minusma.unmissions.org:443:127.0.0.1:8443",
		"minusma.unmissions.org:80:127.0.0.1",
		"Mikadofm.Minusma.Unmissions.org:*:127.0.0.2:8001",
		"*:443:[::1]:9443",
		"[2001:db8::1]:80:127.0.0.3",
		"dup.example:80:127.0.0.4",
		"dup.example:80:127.0.0.5",
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		hostport, want string
		ok             bool
	}{
		{"minusma.unmissions.org:443", "127.0.0.1:8443", true},
		{"MINUSMA.unmissions.org:80", "127.0.0.1:80", true},
		{"mikadofm.minusma.unmissions.org:8001", "127.0.0.2:8001", true},
		{"mikadofm.minusma.unmissions.org:443", "127.0.0.2:8001", true}, // host:* beats *:443
		{"www.un.org:443", "[::1]:9443", true},
		{"[2001:db8::1]:80", "127.0.0.3:80", true},
		{"dup.example:80", "127.0.0.5:80", true}, // last spec wins
		{"www.un.org:80", "", false},
		{"minusma.unmissions.org", "", false},
		{"minusma.unmissions.org:", "", false},
		{"::1:80", "", false},
	}
	for _, tt := range tests {
		got, ok := m.Lookup(tt.hostport)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tt.hostport, got, ok, tt.want, tt.ok)
		}
	}
	if m.Len() != 6 {
		t.Errorf("Len() = %d, want 6", m.Len())
	}
}

func TestResolveAnyHostAnyPort(t *testing.T) {
	m, err := ParseResolve([]string{"*:*:10.0.0.1", "*:*:10.0.0.1", "exact.example:443:10.0.0.2"})
	if err != nil {
		t.Fatal(err)
	}
	for hp, want := range map[string]string{"a.example:8080": "10.0.0.1:8080", "exact.example:443": "10.0.0.2:443", "exact.example:80": "10.0.0.1:80"} {
		if got, ok := m.Lookup(hp); !ok || got != want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", hp, got, ok, want)
		}
	}
	var zero ResolveMap
	if _, ok := zero.Lookup("a:1"); ok {
		t.Error("zero ResolveMap resolved something")
	}
}

func TestParseResolveErrors(t *testing.T) {
	tests := []struct{ spec, want string }{
		{"", "missing port"},
		{"host", "missing port"},
		{"host:80", "missing address"},
		{":80:1.2.3.4", "empty host"},
		{"host:80:", "empty address"},
		{"host:http:1.2.3.4", `port "http"`},
		{"host:0:1.2.3.4", `port "0"`},
		{"host:70000:1.2.3.4", `port "70000"`},
		{"host:80:::1", "ipv6 address must be in brackets"},
		{"host:80:[::1", "unterminated ["},
		{"host:80:[::1]x", `unexpected "x"`},
		{"host:80:[::1]:", `unexpected ":"`},
		{"host:80:1.2.3.4:x", `port "x"`},
		{"host:80:example.org", `"example.org" is not an ip address`},
		{"host:80:1.2.3.4,5.6.7.8", "one address"},
		{"[::1:80:1.2.3.4", "unterminated ["},
	}
	for _, tt := range tests {
		_, err := ParseResolve([]string{"ok.example:80:127.0.0.1", tt.spec})
		if err == nil {
			t.Errorf("ParseResolve(%q) succeeded", tt.spec)
			continue
		}
		msg := err.Error()
		if !errors.Is(err, ErrResolveSpec) || !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") ||
			!strings.Contains(msg, `"`+tt.spec+`"`) {
			t.Errorf("ParseResolve(%q) error %q: want one line naming the spec and containing %q", tt.spec, msg, tt.want)
		}
	}
}
