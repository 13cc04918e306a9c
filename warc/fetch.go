package warc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http/httptrace"
	"sync/atomic"
	"time"
)

// fetch is the recording state of one request while it is in flight.
type fetch struct {
	rec *Recorder
	ex  *Exchange

	cancel   context.CancelCauseFunc
	timer    *time.Timer
	timedOut atomic.Bool

	// conn is written by GotConn in the RoundTrip goroutine and read after RoundTrip
	// returns. req, resp and respErr are written under conn.mu while bound.
	conn    *recConn
	req     bytes.Buffer
	resp    *Spool
	respErr error
}

// gotConn binds the exchange to its connection before the request is written. If
// net/http retries on another connection, the bytes of the failed attempt are dropped.
func (f *fetch) gotConn(info httptrace.GotConnInfo) {
	c, ok := info.Conn.(*recConn)
	if !ok {
		return
	}
	if f.conn != nil {
		f.conn.unbind(f)
		f.req.Reset()
		_ = f.resp.Close()
		f.resp = NewSpool(f.rec.cfg.TempDir)
		f.respErr = nil
	}
	f.conn = c
	f.ex.IP = c.ip
	c.bind(f)
}

// recordResponse appends response bytes; it runs under conn.mu.
func (f *fetch) recordResponse(b []byte) {
	if f.respErr == nil {
		_, f.respErr = f.resp.Write(b)
	}
}

// expire ends a fetch that ran past MaxFetchTime: cancelling the request context makes
// net/http close the connection, so even a dripping or endless body stops at once.
func (f *fetch) expire() {
	f.timedOut.Store(true)
	f.cancel(ErrMaxFetchTime)
}

// cause explains a transport error, naming the fetch deadline when it fired.
func (f *fetch) cause(err error) error {
	if f.timedOut.Load() && !errors.Is(err, ErrMaxFetchTime) {
		return fmt.Errorf("%w: %w", ErrMaxFetchTime, err)
	}
	return err
}

// stop releases the timer and the request context.
func (f *fetch) stop() {
	if f.timer != nil {
		f.timer.Stop()
	}
	f.cancel(context.Canceled)
	if f.conn != nil {
		f.conn.unbind(f)
	}
}

// abort discards a fetch that produced no response.
func (f *fetch) abort() {
	f.stop()
	_ = f.resp.Close()
}

// complete archives the finished exchange, reports the capture and frees the spool.
// It runs once, in the goroutine that hit EOF or closed the body.
func (f *fetch) complete() {
	f.stop()
	f.ex.Request = f.req.Bytes()
	f.ex.Response = f.resp
	c, err := f.write()
	if err != nil {
		c = captureOf(f.ex)
		c.Err = err
	}
	if on := f.rec.cfg.OnCapture; on != nil {
		on(c)
	}
	_ = f.resp.Close()
}

func (f *fetch) write() (Capture, error) {
	if f.respErr != nil {
		return Capture{}, fmt.Errorf("record %s: %w", f.ex.URL, f.respErr)
	}
	w := f.rec.cfg.Writer
	if w == nil {
		return captureOf(f.ex), nil
	}
	return w.WriteExchange(f.ex)
}
