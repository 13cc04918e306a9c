package main

import (
	"os"
	"testing"
)

// TestMain lets tests run the real binary: the test executable re-executed
// with SALVAGE_TEST_MAIN=1 is salvage itself (signals, exit codes and all).
func TestMain(m *testing.M) {
	if os.Getenv("SALVAGE_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}
