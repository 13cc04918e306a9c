package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
	"github.com/salvage-archive/salvage/cmd/internal/clitest"
)

func TestServesUntilCancelled(t *testing.T) {
	dir := t.TempDir()
	flagsFile, logFile := filepath.Join(dir, "flags"), filepath.Join(dir, "replica.log")
	var stdout, stderr clitest.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		cmd := &replicaCmd{stdout: &stdout, stderr: &stderr}
		done <- exitCode(cmd.Run(ctx, []string{"--articles", "3", "--latency", "1ms", "--flags-file", flagsFile, "--log", logFile,
			"--media-throttle", "-1s", "--retry-later=false"}), &stderr)
	}()
	flags := waitForFile(t, flagsFile)
	for _, u := range []string{"https://minusma.unmissions.org/en/news/article-2", "https://minusma.unmissions.org/en/minusma-final-report",
		"https://media.minusma.unmissions.org/images/kidal-convoy-800x450.jpg"} {
		if resp := fetchWithFlags(t, flags, u); resp.StatusCode != 200 {
			t.Errorf("%s: %s", u, resp.Status)
		}
	}
	cancel()
	if code := <-done; code != cli.ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if stdout.String() != flags {
		t.Errorf("stdout %q, flags file %q", stdout.String(), flags)
	}
	if log, _ := os.ReadFile(logFile); !bytes.Contains(log, []byte(`"path":"/en/news/article-2"`)) {
		t.Errorf("access log: %s", log)
	}
}

func waitForFile(t *testing.T, path string) string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return string(b)
		}
	}
	t.Fatalf("%s never written", path)
	return ""
}

// fetchWithFlags GETs url the way salvage crawl would with the flags file:
// --resolve specs and --ca-cert.
func fetchWithFlags(t *testing.T, flags, url string) *http.Response {
	t.Helper()
	routes := map[string]string{}
	pool := x509.NewCertPool()
	for _, line := range strings.Split(strings.TrimSpace(flags), "\n") {
		name, value, _ := strings.Cut(line, " ")
		switch name {
		case "--resolve":
			p := strings.Split(value, ":")
			routes[p[0]+":"+p[1]] = p[2] + ":" + p[3]
		case "--ca-cert":
			pem, err := os.ReadFile(value)
			if err != nil || !pool.AppendCertsFromPEM(pem) {
				t.Fatalf("--ca-cert %s: %v", value, err)
			}
		default:
			t.Fatalf("unexpected flags line %q", line)
		}
	}
	tr := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, routes[addr])
		},
	}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--articles", "-1"},
		{"--latency", "soon"},
		{"--no-such-flag"},
		{"https://minusma.unmissions.org/en"},
	} {
		var stderr bytes.Buffer
		cmd := &replicaCmd{stdout: &bytes.Buffer{}, stderr: &stderr}
		if code := exitCode(cmd.Run(context.Background(), args), &stderr); code != cli.ExitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, cli.ExitUsage, stderr.String())
		}
	}
}

func TestHelp(t *testing.T) {
	var stderr bytes.Buffer
	cmd := &replicaCmd{stdout: &bytes.Buffer{}, stderr: &stderr}
	if code := exitCode(cmd.Run(context.Background(), []string{"-h"}), &stderr); code != cli.ExitOK || !strings.Contains(stderr.String(), "-flags-file") {
		t.Errorf("exit %d, %s", code, stderr.String())
	}
}
