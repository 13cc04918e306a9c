package warc

import (
	"bytes"
	"crypto/sha1" //nolint:gosec // sha1 is the WARC community's digest, not a security measure
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
)

// Digest algorithms a Writer can use.
const (
	DigestSHA1   = "sha1"
	DigestSHA256 = "sha256"
)

var base32NoPad = base32.StdEncoding.WithPadding(base32.NoPadding)

// newHash returns a hash for a supported algorithm name.
func newHash(alg string) (hash.Hash, error) {
	switch alg {
	case DigestSHA1:
		return sha1.New(), nil //nolint:gosec // see import
	case DigestSHA256:
		return sha256.New(), nil
	}
	return nil, fmt.Errorf("unsupported digest algorithm %q (want sha1 or sha256)", alg)
}

// formatDigest renders a WARC digest value: "alg:BASE32", unpadded.
func formatDigest(alg string, h hash.Hash) string {
	return alg + ":" + base32NoPad.EncodeToString(h.Sum(nil))
}

// digestBytes digests b with alg, which must be supported.
func digestBytes(alg string, b []byte) string {
	h, err := newHash(alg)
	if err != nil {
		return ""
	}
	h.Write(b)
	return formatDigest(alg, h)
}

// parseDigest splits a WARC digest value into its lower-case algorithm and raw bytes,
// accepting base32, base16 and base64 values as other tools write them.
func parseDigest(v string) (alg string, sum []byte, ok bool) {
	alg, val, found := strings.Cut(strings.TrimSpace(v), ":")
	if !found {
		return "", nil, false
	}
	alg = strings.ReplaceAll(strings.ToLower(alg), "-", "")
	size := map[string]int{DigestSHA1: sha1.Size, DigestSHA256: sha256.Size}[alg]
	if size == 0 {
		return alg, nil, false
	}
	decoders := []func(string) ([]byte, error){
		base32NoPad.DecodeString, base32.StdEncoding.DecodeString, hex.DecodeString,
		base64.RawStdEncoding.DecodeString, base64.StdEncoding.DecodeString,
	}
	for i, dec := range decoders {
		s := val
		if i < 2 {
			s = strings.ToUpper(val)
		}
		if b, err := dec(s); err == nil && len(b) == size {
			return alg, b, true
		}
	}
	return alg, nil, false
}

// sameDigest reports whether two WARC digest values name the same algorithm and sum,
// whatever their encodings.
func sameDigest(a, b string) bool {
	aa, as, aok := parseDigest(a)
	ba, bs, bok := parseDigest(b)
	return aok && bok && aa == ba && bytes.Equal(as, bs)
}
