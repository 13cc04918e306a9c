package frontier

import (
	"path/filepath"
	"testing"
	"time"
)

// TestBoltDigestsSurviveReopen: the first capture of a payload wins, and a
// reopened state file (a resumed crawl) still knows it.
func TestBoltDigestsSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	date := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	f := openTest(t, path)
	d := f.Digests()
	d.Store("sha1:AAA", "<urn:uuid:1>", "https://x.org/a b", date)
	d.Store("sha1:AAA", "<urn:uuid:2>", "https://x.org/c", date.Add(time.Hour))
	if rid, _, _, ok := d.Lookup("sha1:AAA"); !ok || rid != "<urn:uuid:1>" {
		t.Fatalf("before commit: %q %v, want the first capture", rid, ok)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	f = openTest(t, path)
	defer f.Close()
	rid, uri, got, ok := f.Digests().Lookup("sha1:AAA")
	if !ok || rid != "<urn:uuid:1>" || uri != "https://x.org/a b" || !got.Equal(date) {
		t.Fatalf("after reopen: %q %q %v %v", rid, uri, got, ok)
	}
	if _, _, _, ok := f.Digests().Lookup("sha1:BBB"); ok {
		t.Error("an unknown digest was found")
	}
}

func TestDigestRefRoundTrip(t *testing.T) {
	date := time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600))
	rid, uri, got, ok := decodeDigestRef(encodeDigestRef("<urn:uuid:9>", "https://x.org/?q=a b", date))
	if !ok || rid != "<urn:uuid:9>" || uri != "https://x.org/?q=a b" || !got.Equal(date) {
		t.Fatalf("%q %q %v %v", rid, uri, got, ok)
	}
	for _, bad := range []string{"", "only two", "<id> notadate https://x.org/"} {
		if _, _, _, ok := decodeDigestRef(bad); ok {
			t.Errorf("%q decoded", bad)
		}
	}
}
