package main

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/cmd/internal/clitest"
)

// --proxy-file starts the forward proxy GNU wget uses and publishes its
// address; CONNECT to the replica's host goes through.
func TestProxyFile(t *testing.T) {
	dir := t.TempDir()
	flagsFile, proxyFile := filepath.Join(dir, "flags"), filepath.Join(dir, "proxy")
	var stdout, stderr clitest.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		cmd := &replicaCmd{stdout: &stdout, stderr: &stderr}
		done <- exitCode(cmd.Run(ctx, []string{"--articles", "1", "--flags-file", flagsFile, "--proxy-file", proxyFile}), &stderr)
	}()
	defer func() { cancel(); <-done }()
	waitForFile(t, flagsFile)
	addr := strings.TrimSpace(waitForFile(t, proxyFile))
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Fatalf("proxy address %q", addr)
	}
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("CONNECT minusma.unmissions.org:443 HTTP/1.1\r\nHost: minusma.unmissions.org:443\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("CONNECT: %v %v", resp, err)
	}
}
