package verify_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/salvage-archive/salvage/crawler/verify"
)

func ExampleChecker_Check() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/old":
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
		case "/new":
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<title>New</title><p>The page moved here.</p>")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	// AllowPrivate: the example's server is on loopback, which is refused by default.
	c, err := verify.NewChecker(verify.CheckerConfig{AllowPrivate: true, RatePerHost: 100})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	r := c.Check(context.Background(), srv.URL+"/old")
	fmt.Println(r.Class, r.Status, len(r.Chain), r.Observation.Probe.Status)
	// Output: redirected 200 2 404
}
