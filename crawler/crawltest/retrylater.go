package crawltest

import (
	"net/http"
	"strconv"
)

// One ordinary page, linked from /en/documents and /en/publications, sits
// behind a backend that is down for maintenance: it answers 503 with
// Retry-After: 3600 for as long as the replica runs, unless
// Replica.SetRetryLater(false) brings it back (then it answers 200 like any
// page), so a test can check that a later run fetches it.

// retryLaterSeconds is the page's Retry-After.
const retryLaterSeconds = 3600

// retryLaterPage is the page; it has no file of its own, so nothing else
// goes missing while it answers 503.
var retryLaterPage = pageSpec{
	Path: "/en/minusma-final-report", Title: "Final report of the Mission (2013-2023)", Parent: "/en/documents",
	Body: finalReportBody, Kind: kindRetryLater,
}

const finalReportBody = `<p>Ten years after its deployment, MINUSMA completed its withdrawal from Mali on 31 December 2023, in line with Security Council resolution 2690 (2023).</p>
<p>The final report reviews the Mission's mandate, its work for the protection of civilians and the handover of its camps. See also the <a href="/en/documents">other documents</a>.</p>`

// serviceUnavailable is Apache's 503 while the backend is away.
func serviceUnavailable() response {
	body := "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>503 Service Unavailable</title>\n</head><body>\n<h1>Service Unavailable</h1>\n" +
		"<p>The server is temporarily unable to service your\nrequest due to maintenance downtime or capacity\nproblems. Please try again later.</p>\n</body></html>\n"
	h := http.Header{}
	h.Set("Retry-After", strconv.Itoa(retryLaterSeconds))
	return response{status: http.StatusServiceUnavailable, ctype: "text/html; charset=iso-8859-1", body: []byte(body), header: h}
}

// SetRetryLater makes the retry-later page answer 503 with Retry-After:
// 3600 (on, the default) or 200 (off). Manifest follows: the page is in
// Pages only while it answers 200. It works before and after Start.
func (r *Replica) SetRetryLater(on bool) { r.site.retryLater.Store(on) }
