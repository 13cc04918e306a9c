package crawler

import (
	"context"
	"errors"
	"net/http"
	"net/http/cookiejar"

	"github.com/gocolly/colly/v2"
)

// fetchResult is what one colly request left behind.
type fetchResult struct {
	status   int
	ctype    string
	header   http.Header
	fetchURL string
	body     []byte // only for bodies parsed for links (HTML, CSS) or kept on request
	keepBody bool   // read the body whatever its type (robots.txt)
	err      error
}

const resultKey = "salvage.result"

// newCollector builds a colly collector for one worker. Fields are set after
// NewCollector so that COLLY_* environment variables cannot change the crawl
// (NewCollector applies them last).
func newCollector(ctx context.Context, cfg *Config, rt http.RoundTripper, jar *cookiejar.Jar) *colly.Collector {
	c := colly.NewCollector()
	c.UserAgent = cfg.UserAgent
	c.MaxDepth = 0
	c.MaxRequests = 0
	c.AllowedDomains = nil
	c.DisallowedDomains = nil
	c.URLFilters = nil
	c.DisallowedURLFilters = nil
	c.AllowURLRevisit = true // the frontier deduplicates
	c.IgnoreRobotsTxt = true // robots.txt is decided in policy
	c.ParseHTTPErrorResponse = true
	c.DetectCharset = false
	c.Async = false
	c.CacheDir = ""
	c.MaxBodySize = cfg.MaxHTMLParse
	c.Context = ctx
	c.WithTransport(rt)
	c.SetCookieJar(jar)
	c.SetRequestTimeout(0) // the recorder bounds fetch time; colly's 10 s would cut big bodies
	c.SetRedirectHandler(func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse })
	c.OnResponseHeaders(onHeaders)
	c.OnResponse(onResponse)
	c.OnError(onError)
	return c
}

func resultOf(ctx *colly.Context) *fetchResult {
	r, _ := ctx.GetAny(resultKey).(*fetchResult)
	if r == nil {
		return &fetchResult{}
	}
	return r
}

func onHeaders(r *colly.Response) {
	res := resultOf(r.Ctx)
	res.status = r.StatusCode
	res.header = r.Headers.Clone()
	res.ctype = r.Headers.Get("Content-Type")
	res.fetchURL = r.Request.URL.String()
	if parseKind(res.ctype) == kindNone && !res.keepBody {
		r.Request.Abort() // the recorder drains the body into the WARC on Close
	}
}

func onResponse(r *colly.Response) {
	res := resultOf(r.Ctx)
	if parseKind(res.ctype) != kindNone || res.keepBody {
		res.body = r.Body
	}
}

func onError(r *colly.Response, err error) {
	if errors.Is(err, colly.ErrAbortedAfterHeaders) {
		return
	}
	if r != nil && r.Ctx != nil {
		resultOf(r.Ctx).err = err
	}
}
