package crawltest_test

import (
	"fmt"
	"io"
	"net/http"

	"github.com/salvage-archive/salvage/crawler/crawltest"
)

func Example() {
	r, err := crawltest.New(crawltest.Config{Articles: 30})
	if err != nil {
		panic(err)
	}
	if err := r.Start(); err != nil {
		panic(err)
	}
	defer r.Close()

	// A crawler gets r.ResolveSpecs() and r.CACertPEM() (or r.DialContext
	// and r.CertPool()); here the ready-made transport does the same.
	client := &http.Client{Transport: r.Transport()}
	resp, err := client.Get("https://minusma.unmissions.org/en")
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()

	m := r.Manifest()
	fmt.Println(resp.Status, len(body) > 50000)
	fmt.Println(len(m.Pages), "pages,", len(m.PDFs), "PDFs,", m.External["https://www.facebook.com/MINUSMA"])
	// Output:
	// 200 OK true
	// 121 pages, 15 PDFs, forbidden-bot
}
