package main

import (
	"context"
	"crypto/tls"
	"net/http"
	"strings"
	"time"

	"github.com/salvage-archive/salvage/crawler/verify"
)

// httpClient is a plain client for TimeGates, dialing
// through --resolve like the checks, not following redirects.
func (c *checkFlags) httpClient() (*http.Client, error) {
	resolve, roots, err := c.network()
	if err != nil {
		return nil, err
	}
	tr := &http.Transport{DialContext: newDialer(resolve, guardFor(true, nil)), // the operator chose the TimeGate
		TLSClientConfig: &tls.Config{RootCAs: roots, InsecureSkipVerify: c.insecure}}
	return &http.Client{Transport: tr, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, nil
}

// askMementos asks a Memento TimeGate (RFC 7089) for every problem link the
// archive lacks, and records the memento it names.
func askMementos(ctx context.Context, client *http.Client, timegate string, rep *verify.Report) {
	for i := range rep.Links {
		l := &rep.Links[i]
		if l.Captured != nil || !l.Class.Problem() || !strings.HasPrefix(l.URL, "http") {
			continue
		}
		l.Memento = timeGate(ctx, client, timegate, l.URL)
	}
}

// timeGate returns the URI-M a TimeGate redirects to (or names in a
// Content-Location / Link rel=memento header), or "".
func timeGate(ctx context.Context, client *http.Client, timegate, target string) string {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, timegate+target, nil)
	if err != nil {
		return ""
	}
	req.Header.Set("Accept-Datetime", time.Now().UTC().Format(http.TimeFormat))
	resp, err := client.Do(req)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode/100 == 3 && loc != "" {
		return loc
	}
	if cl := resp.Header.Get("Content-Location"); resp.StatusCode == 200 && cl != "" {
		return cl
	}
	return mementoFromLink(resp.Header.Get("Link"))
}

// mementoFromLink finds the first <URI>; rel="...memento..." in a Link header.
func mementoFromLink(h string) string {
	for _, part := range strings.Split(h, ",") {
		uri, params, ok := strings.Cut(part, ";")
		if ok && strings.Contains(params, "memento") && !strings.Contains(params, "original") && !strings.Contains(params, "timemap") {
			return strings.Trim(strings.TrimSpace(uri), "<>")
		}
	}
	return ""
}
