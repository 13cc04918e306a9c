package verify_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
)

// A crawl feeds its pages' links to a Prechecker while it runs; the report
// at the end finds the results in the Checker's cache.
func ExamplePrechecker() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF")
	}))
	defer srv.Close()
	dir, _ := os.MkdirTemp("", "precheck")
	defer os.RemoveAll(dir)
	cache, err := verify.OpenCache(filepath.Join(dir, "cache"), 0, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer cache.Close()
	chk, err := verify.NewChecker(verify.CheckerConfig{AllowPrivate: true, Cache: cache})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer chk.Close()
	internal := func(u *url.URL) bool { return u.Host == "site.example" }
	pre, err := verify.NewPrechecker(chk, verify.PrecheckConfig{Internal: internal})
	if err != nil {
		fmt.Println(err)
		return
	}
	done := make(chan error)
	go func() { done <- pre.Run(context.Background()) }()

	links := []extract.Link{{URL: srv.URL + "/report.pdf", Hop: policy.HopLink}, {URL: "http://site.example/", Hop: policy.HopLink}}
	pre.Add("", links) // a fetched page's links, as the crawl finds them
	col := verify.NewCollector(nil, internal)
	col.AddPage("http://site.example/", links)

	pre.Stop() // the crawl ended: the report checks what was not started
	rep := col.Report(context.Background(), verify.Options{Checker: chk})
	fmt.Println(<-done, rep.Links[0].Class)
	// Output: <nil> ok
}
