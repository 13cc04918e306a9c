package main

import "crypto/sha256"

// fingerprint is crawler/frontier.Fingerprint (this module does not import
// salvage): 8 bytes of the host's SHA-256, then 8 of the URL's.
func fingerprint(host, url string) []byte {
	h := sha256.Sum256([]byte(host))
	u := sha256.Sum256([]byte(url))
	return append(h[:8:8], u[:8]...)
}
