package warc

import "time"

// Truncation reasons, as written in WARC-Truncated and reported in Capture.Truncated.
const (
	TruncatedLength     = "length"     // the body exceeded RecorderConfig.MaxBody
	TruncatedTime       = "time"       // the fetch exceeded RecorderConfig.MaxFetchTime
	TruncatedDisconnect = "disconnect" // the connection failed before the body ended
)

// Exchange is one HTTP request and its response exactly as they crossed the wire
// (above TLS, below HTTP). The Recorder produces it; an ExchangeWriter archives it.
// The Response spool belongs to the Recorder: writers must not retain it after
// WriteExchange returns.
type Exchange struct {
	URL      string    // target URI: the request URL without fragment
	Method   string    // request method
	Request  []byte    // the exact bytes written to the connection
	Response *Spool    // the exact bytes read from the connection
	IP       string    // peer IP address (WARC-IP-Address); empty if unknown
	Date     time.Time // request start, UTC, millisecond precision

	Truncated   string // "", TruncatedLength, TruncatedTime or TruncatedDisconnect
	Stream      bool   // an endless stream (ICY/icy- headers, audio or video without length): kept as a sample
	Status      int    // status code parsed by net/http
	ContentType string // Content-Type response header as parsed by net/http

	// PayloadDigest ("sha1:BASE32") and PayloadLength describe the transfer-decoded
	// body (chunk framing removed, content-encoding kept). The Writer computes and
	// sets them while archiving the exchange.
	PayloadDigest string
	PayloadLength int64

	// NotModified is the earlier capture a conditional request was made on (the
	// Recorder sets it when it sent If-None-Match or If-Modified-Since from
	// RecorderConfig.Earlier); a 304 answer is then written as a server-not-modified
	// revisit referring to it.
	NotModified *Earlier
}

// ExchangeWriter archives exchanges; *Writer is the usual implementation.
type ExchangeWriter interface {
	WriteExchange(ex *Exchange) (Capture, error)
}

// Capture reports what was archived for one exchange. File, Offset and Size locate the
// response (or revisit) record: File is a base name, Offset and Size are in bytes of the
// compressed file.
type Capture struct {
	URL      string    `json:",omitzero"`
	Method   string    `json:",omitzero"`
	Status   int       `json:",omitzero"`
	IP       string    `json:",omitzero"`
	Date     time.Time `json:",omitzero"`
	RecordID string    `json:",omitzero"` // "<urn:uuid:...>" of the response or revisit record
	File     string    `json:",omitzero"`
	Offset   int64     `json:",omitzero"`
	Size     int64     `json:",omitzero"`

	PayloadDigest string `json:",omitzero"` // "sha1:BASE32" (or "sha256:BASE32")
	PayloadLength int64  `json:",omitzero"`
	ContentType   string `json:",omitzero"`

	Revisit      bool      `json:",omitzero"`
	NotModified  bool      `json:",omitzero"` // the revisit is a 304 answer (profile server-not-modified), not an identical payload
	RefersTo     string    `json:",omitzero"` // record ID of the original capture, for a revisit
	RefersToURI  string    `json:",omitzero"`
	RefersToDate time.Time `json:",omitzero"`

	Truncated string `json:",omitzero"` // "", "length", "time", "disconnect"
	Stream    bool   `json:",omitzero"` // the response was an endless stream, kept as a bounded sample
	Err       error  `json:",omitzero"` // why nothing (or not everything) was archived
}

// captureOf fills the fields of a Capture that do not depend on where it was written.
func captureOf(ex *Exchange) Capture {
	return Capture{
		URL:           ex.URL,
		Method:        ex.Method,
		Status:        ex.Status,
		IP:            ex.IP,
		Date:          ex.Date,
		ContentType:   ex.ContentType,
		Truncated:     ex.Truncated,
		Stream:        ex.Stream,
		PayloadDigest: ex.PayloadDigest,
		PayloadLength: ex.PayloadLength,
	}
}
