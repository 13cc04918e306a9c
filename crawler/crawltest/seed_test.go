package crawltest

import (
	"bytes"
	"os"
	"testing"
)

// The embedded seed must stay a byte-identical copy of the module's
// canonical testdata/minusma-home.html.
func TestSeedCopyIsIdentical(t *testing.T) {
	canonical, err := os.ReadFile("../../testdata/minusma-home.html")
	if err != nil {
		t.Fatal(err)
	}
	local, err := os.ReadFile("testdata/minusma-home.html")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(canonical, local) || !bytes.Equal(local, seedHTML) {
		t.Fatal("crawler/crawltest/testdata/minusma-home.html differs from testdata/minusma-home.html: copy it again")
	}
}
