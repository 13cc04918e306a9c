package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// replica is a running salvage-replica child process.
type replica struct {
	cmd   *exec.Cmd
	flags []string // salvage flags: --resolve ..., --ca-cert ...
	proxy string   // forward proxy HOST:PORT for wget
	ca    string   // CA certificate PEM file
}

// startReplica starts salvage-replica in dir and waits until it has
// published its flags and proxy address.
func startReplica(ctx context.Context, bin, dir string, articles int, latency time.Duration) (*replica, error) {
	flagsFile, proxyFile := filepath.Join(dir, "flags"), filepath.Join(dir, "proxy")
	cmd := exec.Command(bin, "--articles", fmt.Sprint(articles), "--latency", latency.String(),
		"--flags-file", flagsFile, "--proxy-file", proxyFile)
	log, err := os.Create(filepath.Join(dir, "replica.out"))
	if err != nil {
		return nil, err
	}
	defer log.Close()
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start replica: %w", err)
	}
	r := &replica{cmd: cmd, ca: filepath.Join(dir, "replica-ca.pem")}
	if err := r.await(ctx, flagsFile, proxyFile); err != nil {
		r.stop()
		return nil, err
	}
	return r, nil
}

func (r *replica) await(ctx context.Context, flagsFile, proxyFile string) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		flags, err1 := os.ReadFile(flagsFile)
		proxy, err2 := os.ReadFile(proxyFile)
		if err1 == nil && err2 == nil {
			r.flags = strings.Fields(string(flags))
			r.proxy = strings.TrimSpace(string(proxy))
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("replica did not publish %s within 30s", flagsFile)
}

// stop ends the replica with SIGTERM and waits for it.
func (r *replica) stop() {
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = r.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = r.cmd.Process.Kill()
		<-done
	}
}
