package crawltest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"strings"
	"sync"
	"time"
)

// certNotBefore is early on purpose: a crawl test may run with an injected
// clock in 2023, when the real site was still up.
var certNotBefore = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// certLifetime is counted from the real start time.
const certLifetime = 5 * 365 * 24 * time.Hour

// authority is the replica's private CA and its server certificates: one
// leaf for every replica host, plus leaves minted on demand for unknown
// names that reach the catch-all server, so it can answer 404 over TLS.
type authority struct {
	caCert *x509.Certificate
	caKey  *ecdsa.PrivateKey
	caPEM  []byte
	leaf   *tls.Certificate
	until  time.Time

	mu     sync.Mutex
	minted map[string]*tls.Certificate
}

// newAuthority makes a CA (ECDSA P-256) and the leaf for hosts (DNS names)
// and the loopback addresses.
func newAuthority(hosts []string, now time.Time) (*authority, error) {
	a := &authority{until: now.Add(certLifetime), minted: map[string]*tls.Certificate{}}
	if err := a.makeCA(); err != nil {
		return nil, fmt.Errorf("make ca: %w", err)
	}
	leaf, err := a.issue(hosts)
	if err != nil {
		return nil, fmt.Errorf("issue leaf: %w", err)
	}
	a.leaf = leaf
	return a, nil
}

func (a *authority) makeCA() error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{Organization: []string{"salvage crawltest"}, CommonName: "salvage replica CA"},
		NotBefore:             certNotBefore,
		NotAfter:              a.until,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return err
	}
	a.caCert, err = x509.ParseCertificate(der)
	a.caKey = key
	a.caPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return err
}

// issue signs a server certificate for the DNS names plus 127.0.0.1 and ::1.
func (a *authority) issue(names []string) (*tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{Organization: []string{"salvage crawltest"}, CommonName: names[0]},
		NotBefore:    certNotBefore,
		NotAfter:     a.until,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     names,
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.caCert, &key.PublicKey, a.caKey)
	if err != nil {
		return nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}

// serial is a random 128-bit serial number.
func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return big.NewInt(time.Now().UnixNano())
	}
	return n
}

// serverConfig returns a fresh TLS config (never shared between servers)
// offering alpn protocols.
func (a *authority) serverConfig(alpn ...string) *tls.Config {
	return &tls.Config{
		MinVersion:     tls.VersionTLS12,
		NextProtos:     alpn,
		GetCertificate: a.certificate,
	}
}

// certificate picks the leaf for the client's SNI name: the main leaf when
// it covers the name (or no name was sent), else a leaf minted for it.
func (a *authority) certificate(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	name := strings.ToLower(strings.TrimSuffix(hello.ServerName, "."))
	if name == "" || a.leaf.Leaf.VerifyHostname(name) == nil {
		return a.leaf, nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if c, ok := a.minted[name]; ok {
		return c, nil
	}
	c, err := a.issue([]string{name})
	if err != nil {
		return nil, fmt.Errorf("mint certificate for %s: %w", name, err)
	}
	a.minted[name] = c
	return c, nil
}

// pool returns a new pool holding only the CA.
func (a *authority) pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(a.caCert)
	return p
}
