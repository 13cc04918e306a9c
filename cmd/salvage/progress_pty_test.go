//go:build linux

package main

import (
	"context"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
	"github.com/salvage-archive/salvage/cmd/internal/folder"
	"github.com/salvage-archive/salvage/crawler"
)

// openPTY opens a pseudo-terminal of cols columns through /dev/ptmx (the
// standard library's syscalls only): the master to read, the slave to write.
func openPTY(t *testing.T, cols uint16) (master, slave *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no /dev/ptmx: %v", err)
	}
	var unlock int32
	if err := ioctl(master, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		t.Skipf("unlockpt: %v", err)
	}
	var n uint32
	if err := ioctl(master, syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		t.Skipf("ptsname: %v", err)
	}
	slave, err = os.OpenFile("/dev/pts/"+itoa(n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open pts: %v", err)
	}
	ws := struct{ rows, cols, x, y uint16 }{24, cols, 0, 0}
	if err := ioctl(slave, syscall.TIOCSWINSZ, unsafe.Pointer(&ws)); err != nil {
		t.Fatalf("set window size: %v", err)
	}
	t.Cleanup(func() { master.Close(); slave.Close() })
	return master, slave
}

func ioctl(f *os.File, req uintptr, arg unsafe.Pointer) error {
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), req, uintptr(arg)); e != 0 {
		return e
	}
	return nil
}

func itoa(n uint32) string {
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		if n /= 10; n == 0 {
			return s
		}
	}
}

// longFields is a progress line far wider than 80 columns, waiting text
// included.
func longFields() []string {
	var st crawler.Stats
	st.Queued = 123456789
	fields := progressLine(1234*time.Hour, st, folder.Tally{Pages: 987654321, Fetches: 987654321, PayloadBytes: 987654321987, Failed: 123456})
	return append(fields, waitingText([]crawler.Wait{{Host: "a-very-long-host-name.example.org", Until: time.Now().Add(time.Hour), Reason: "429 Retry-After"}}, time.Now()))
}

// The live line at 80 columns never exceeds 80 characters, whatever the
// numbers; the first fields stay.
func TestProgressLineFits80(t *testing.T) {
	if line := strings.Join(longFields(), progressSep); len(line) <= 80 {
		t.Fatalf("the test's line is too short to test anything: %q", line)
	}
	for _, width := range []int{80, 40, 20} {
		got := cli.FitLine(longFields(), progressSep, width)
		if len(got) > width || (width == 80 && !strings.HasPrefix(got, "salvage 1234h0m0s  pages 987654321")) {
			t.Errorf("width %d: %d characters: %q", width, len(got), got)
		}
	}
}

// liveSegments splits a live display into the lines it drew: each redraw
// is "\r\033[K" and the line.
func liveSegments(s string) []string {
	var segs []string
	for _, seg := range strings.Split(s, "\r") {
		if seg = strings.TrimPrefix(seg, "\033[K"); seg != "" {
			segs = append(segs, seg)
		}
	}
	return segs
}

// On a real pseudo-terminal of 80 (and 40) columns the live line is
// redrawn in place (no newline), never exceeds the width, and is cleared
// at the end for the summary.
func TestProgressLivePTY80(t *testing.T) {
	for _, cols := range []int{80, 40} {
		out := drawOnPTY(t, uint16(cols), 5)
		if strings.Contains(out, "\n") {
			t.Errorf("%d columns: the live line wrote a newline: %q", cols, out)
		}
		segs := liveSegments(out)
		if len(segs) < 5 { // a tick may race the cancel and draw once more
			t.Errorf("%d columns: %d lines drawn, want at least 5: %q", cols, len(segs), out)
		}
		for _, seg := range segs {
			if len(seg) > cols {
				t.Errorf("a live line of %d characters on %d columns: %q", len(seg), cols, seg)
			}
		}
		if !strings.HasSuffix(out, "\r\033[K") {
			t.Errorf("%d columns: the live line is not cleared at the end: %q", cols, out[max(0, len(out)-40):])
		}
	}
}

// drawOnPTY runs the live progress for ticks ticks on a pty of cols
// columns and returns what the terminal received.
func drawOnPTY(t *testing.T, cols uint16, ticks int) string {
	master, slave := openPTY(t, cols)
	if !isTerminal(slave) {
		t.Skip("the pty slave is no terminal to x/term")
	}
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	progressLoop(ctx, slave, time.Millisecond, true, func() []string {
		if n++; n == ticks {
			cancel()
		}
		return longFields()
	})
	slave.Close()
	raw, _ := io.ReadAll(master) // EIO once the slave is closed and all is read
	return string(raw)
}
