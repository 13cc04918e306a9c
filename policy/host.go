package policy

import (
	"errors"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
)

// Host rules follow the WHATWG URL standard where it matters for round
// trips through colly's parser: IPv4 addresses in any of its number forms
// ("0x7f.1", "2130706433") become dotted decimal, IPv6 literals are written
// in its compressed form, and its forbidden host characters are refused.
// Non-ASCII names are not converted to punycode (that needs IDNA tables).

// checkHost accepts an IPv6 literal without zone, a valid WHATWG IPv4
// address, or a name made of letters, digits, "-._~", sub-delimiters and
// non-ASCII bytes.
func checkHost(h string) error {
	if h == "" {
		return errors.New("missing host")
	}
	if strings.Contains(h, ":") {
		if _, ok := parseIPv6(h); !ok {
			return fmt.Errorf("bad ipv6 host %q", h)
		}
		return nil
	}
	for i := 0; i < len(h); i++ {
		if !isHostByte(h[i]) {
			return fmt.Errorf("bad character %q in host %q", h[i], h)
		}
	}
	lower := lowerASCII(h)
	if endsInNumber(lower) {
		if _, ok := parseIPv4(lower); !ok {
			return fmt.Errorf("bad ipv4 host %q", h)
		}
	}
	if signedNumber(lastLabel(lower)) {
		return fmt.Errorf("ambiguous numeric host %q", h)
	}
	return nil
}

func isHostByte(c byte) bool {
	return c >= 0x80 || isUnreserved(c) || isSubDelim(c)
}

// canonicalHost lower-cases ASCII letters, leaves other bytes alone,
// normalises IP addresses and brackets an IPv6 literal. A host that is not
// valid (see checkHost) is only lower-cased.
func canonicalHost(h string) string {
	h = lowerASCII(h)
	if strings.Contains(h, ":") {
		if a, ok := parseIPv6(h); ok {
			return "[" + formatIPv6(a) + "]"
		}
		return "[" + h + "]"
	}
	if endsInNumber(h) {
		if ip, ok := parseIPv4(h); ok {
			return ip
		}
	}
	return h
}

func lowerASCII(s string) string {
	if !hasUpperASCII(s) {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// escapeHost percent-encodes non-ASCII bytes, '%' and controls, as
// net/url's URL.String does.
func escapeHost(h string) string {
	var b strings.Builder
	for i := 0; i < len(h); i++ {
		c := h[i]
		if c >= 0x80 || c <= ' ' || c == '%' || c == 0x7f {
			writeEscape(&b, c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func parseIPv6(h string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(h)
	return a, err == nil && a.Is6() && a.Zone() == ""
}

// formatIPv6 writes eight hex pieces, the first longest run of two or more
// zero pieces compressed to "::", never dotted IPv4 (WHATWG serialisation).
func formatIPv6(a netip.Addr) string {
	b := a.As16()
	var pieces [8]uint16
	for i := range pieces {
		pieces[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	start, n := longestZeroRun(pieces)
	var s strings.Builder
	for i := 0; i < 8; i++ {
		if i == start && n >= 2 {
			s.WriteString("::")
			i += n - 1
			continue
		}
		if s.Len() > 0 && !strings.HasSuffix(s.String(), "::") {
			s.WriteByte(':')
		}
		s.WriteString(strconv.FormatUint(uint64(pieces[i]), 16))
	}
	return s.String()
}

func longestZeroRun(pieces [8]uint16) (start, n int) {
	start = -1
	for i := 0; i < 8; {
		j := i
		for j < 8 && pieces[j] == 0 {
			j++
		}
		if j-i > n {
			start, n = i, j-i
		}
		i = max(j, i+1)
	}
	return start, n
}

// endsInNumber is WHATWG's "ends in a number" check on a lower-case host.
func endsInNumber(h string) bool {
	last := lastLabel(h)
	if last != "" && strings.Trim(last, "0123456789") == "" {
		return true
	}
	_, ok := parseIPv4Number(last)
	return ok
}

// lastLabel returns the last label of h, ignoring one trailing dot.
func lastLabel(h string) string {
	if h != "." {
		h = strings.TrimSuffix(h, ".")
	}
	return h[strings.LastIndexByte(h, '.')+1:]
}

// signedNumber reports whether s is a number with a sign after its radix
// prefix ("+0", "0x-1"): colly's WHATWG parser (strconv.ParseInt) reads it
// as an IPv4 number where the standard sees a name, so such hosts are
// refused rather than spelled two ways.
func signedNumber(s string) bool {
	base, rest := ipv4Radix(s)
	if rest == "" || (rest[0] != '+' && rest[0] != '-') {
		return false
	}
	_, err := strconv.ParseUint(rest[1:], base, 64)
	return err == nil || errors.Is(err, strconv.ErrRange)
}

// parseIPv4 is WHATWG's IPv4 parser: up to four dot-separated numbers in
// decimal, octal (leading 0) or hex (0x), the last filling the rest.
func parseIPv4(h string) (string, bool) {
	parts := strings.Split(h, ".")
	if parts[len(parts)-1] == "" && len(parts) > 1 {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 4 {
		return "", false
	}
	var ip uint64
	for i, p := range parts {
		n, ok := parseIPv4Number(p)
		last := i == len(parts)-1
		if !ok || (!last && n > 255) || (last && n >= 1<<(8*(5-len(parts)))) {
			return "", false
		}
		if last {
			ip += n
		} else {
			ip += n << (8 * (3 - i))
		}
	}
	return fmt.Sprintf("%d.%d.%d.%d", byte(ip>>24), byte(ip>>16), byte(ip>>8), byte(ip)), true
}

// parseIPv4Number parses one part of an IPv4 address; a number too big for
// uint64 is still a number (WHATWG numbers are unbounded), just too big.
func parseIPv4Number(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	base, s := ipv4Radix(s)
	if s == "" {
		return 0, true
	}
	if i := leadingDigits(s, base); i < len(s) && i < 16 {
		// Not a number, found without strconv, whose error allocates (most hosts
		// end in a name). Past 15 digits strconv may see an overflow before the
		// bad byte and call it one (MaxUint64): that case keeps asking it.
		return 0, false
	}
	n, err := strconv.ParseUint(s, base, 64)
	if errors.Is(err, strconv.ErrRange) {
		return math.MaxUint64, true
	}
	return n, err == nil
}

// leadingDigits counts the digits of base (8, 10 or 16) that s starts with,
// as strconv.ParseUint reads them.
func leadingDigits(s string, base int) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			if int(c-'0') >= base {
				return i
			}
		case base == 16 && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F'):
		default:
			return i
		}
	}
	return len(s)
}

// ipv4Radix strips a "0x" (hex) or "0" (octal) prefix.
func ipv4Radix(s string) (int, string) {
	switch {
	case len(s) >= 2 && strings.HasPrefix(s, "0x"):
		return 16, s[2:]
	case len(s) >= 2 && s[0] == '0':
		return 8, s[1:]
	}
	return 10, s
}
