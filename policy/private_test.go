package policy

import (
	"net/netip"
	"testing"
)

func TestPrivateAddr(t *testing.T) {
	for _, tt := range []struct {
		ip   string
		want bool
	}{
		{"127.0.0.1", true}, {"127.1.2.3", true}, {"::1", true},
		{"10.0.0.1", true}, {"172.16.5.4", true}, {"192.168.1.1", true}, {"fd00::1", true},
		{"169.254.169.254", true}, {"fe80::1", true},
		{"100.64.0.1", true}, {"100.127.255.254", true},
		{"224.0.0.1", true}, {"239.255.255.250", true}, {"ff02::1", true},
		{"0.0.0.0", true}, {"::", true},
		{"::ffff:169.254.169.254", true}, {"::ffff:127.0.0.1", true},
		{"8.8.8.8", false}, {"100.63.255.255", false}, {"100.128.0.0", false},
		{"172.32.0.1", false}, {"2001:4860:4860::8888", false}, {"93.184.216.34", false},
	} {
		if got := PrivateAddr(netip.MustParseAddr(tt.ip)); got != tt.want {
			t.Errorf("PrivateAddr(%s) = %v, want %v", tt.ip, got, tt.want)
		}
	}
}
