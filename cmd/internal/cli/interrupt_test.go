package cli

import (
	"context"
	"os"
	"testing"
	"time"
)

func isDone(ctx context.Context) bool {
	select {
	case <-ctx.Done():
		return true
	case <-time.After(50 * time.Millisecond):
		return false
	}
}

func waitDone(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatalf("%s not cancelled", what)
	}
}

// TestInterruptsStages: the first signal cancels the context, the second
// its StopNow, the third calls exit; nothing happens before its signal.
func TestInterruptsStages(t *testing.T) {
	sigs := make(chan os.Signal)
	exited := make(chan struct{})
	ctx, stop := Interrupts(context.Background(), sigs, func() { close(exited) })
	defer stop()
	now := StopNow(ctx)
	if isDone(ctx) || isDone(now) {
		t.Fatal("cancelled before any signal")
	}
	sigs <- os.Interrupt
	waitDone(t, ctx, "context after the first signal")
	if isDone(now) {
		t.Fatal("StopNow cancelled by the first signal")
	}
	sigs <- os.Interrupt
	waitDone(t, now, "StopNow after the second signal")
	select {
	case <-exited:
		t.Fatal("exit called before the third signal")
	default:
	}
	sigs <- os.Interrupt
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		t.Fatal("the third signal did not exit")
	}
}

// TestInterruptsRelease: the release func stops watching (no goroutine left
// to read signals) and cancels both contexts.
func TestInterruptsRelease(t *testing.T) {
	sigs := make(chan os.Signal)
	ctx, stop := Interrupts(context.Background(), sigs, func() { t.Error("exit called") })
	stop()
	if !isDone(ctx) || !isDone(StopNow(ctx)) {
		t.Error("contexts not released")
	}
	select {
	case sigs <- os.Interrupt:
		t.Error("a signal was read after the release")
	case <-time.After(50 * time.Millisecond):
	}
}

// TestStopNowElsewhere: a context not from Interrupts never stops at once.
func TestStopNowElsewhere(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if isDone(StopNow(ctx)) {
		t.Error("StopNow of a plain context is cancelled")
	}
}
