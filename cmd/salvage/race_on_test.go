//go:build race

package main

// raceDetector: this test binary runs under the race detector (5-10x slower).
const raceDetector = true
