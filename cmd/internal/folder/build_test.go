package folder

import (
	"os"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/warc"
)

func fetched(u string, status int, at time.Time) crawler.Event {
	return crawler.Event{Kind: crawler.EventFetched, URL: u, FetchURL: u, Status: status, ContentType: "text/html", Start: at}
}

// TestBuildWholeCrawl: a killed run (no end line, a torn last line) and
// the run that resumed it make one crawl: each URL counts once, by its
// final event (a fetch that answered beats an earlier failure and a
// refusal), and each run lists the fetches it made and how it ended.
func TestBuildWholeCrawl(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	page := &warc.Capture{URL: "http://a/", PayloadLength: 10, File: "x.warc.gz"}

	killed, err := createRunFile(dir, t0)
	if err != nil {
		t.Fatal(err)
	}
	killed.event(fetched("http://a/", 200, t0.Add(time.Second)), page)
	killed.event(fetched("http://a/b", crawler.StatusConnectFailed, t0.Add(2*time.Second)), nil)
	killed.event(crawler.Event{Kind: crawler.EventRefused, URL: "http://a/b", Status: crawler.StatusOutOfScope, Rule: "offsite"}, nil)
	killed.event(crawler.Event{Kind: crawler.EventRefused, URL: "http://c/", Status: crawler.StatusOutOfScope, Rule: "offsite"}, nil)
	if err := killed.sync(); err != nil {
		t.Fatal(err)
	}
	killed.b.WriteString(`{"event":{"Kind":"fetch`) // torn by the kill
	killed.b.Flush()
	killed.z.Flush()
	killed.f.Close()
	if !LastRunKilled(dir) {
		t.Error("LastRunKilled: false after a run without its end line")
	}

	t1 := t0.Add(time.Minute)
	resumed, err := createRunFile(dir, t1)
	if err != nil {
		t.Fatal(err)
	}
	revisit := *page
	revisit.Revisit = true
	resumed.event(fetched("http://a/", 200, t1.Add(time.Second)), &revisit) // in flight at the kill: fetched again
	resumed.event(crawler.Event{Kind: crawler.EventRetry, URL: "http://a/b", Status: 503}, nil)
	resumed.event(fetched("http://a/b", 200, t1.Add(2*time.Second)), page)
	if err := resumed.close(t1.Add(3*time.Second), Finished); err != nil {
		t.Fatal(err)
	}
	if LastRunKilled(dir) {
		t.Error("LastRunKilled: true after a run that ended")
	}

	c, err := Build(dir, BuildOptions{Links: true})
	if err != nil {
		t.Fatal(err)
	}
	s := c.Summary
	if s.Fetches != 2 || s.Pages != 2 || s.Failed != 0 || s.Revisits != 1 || s.Retries != 1 || s.Refused["offsite"] != 1 {
		t.Errorf("tally %+v; want 2 fetches (2 pages, the refetch a revisit), no failure, 1 retry, 1 refusal (http://c/)", s.Tally)
	}
	if len(s.Runs) != 2 || s.Runs[0].Ended != Killed || s.Runs[0].Fetches != 2 || s.Runs[1].Ended != Finished || s.Runs[1].Fetches != 2 {
		t.Errorf("runs %+v; want a killed run of 2 fetches, then a finished run of 2", s.Runs)
	}
	if !s.Started.Equal(t0) || !s.Finished.Equal(t1.Add(3*time.Second)) || s.Interrupted {
		t.Errorf("crawl from %v to %v (interrupted %v)", s.Started, s.Finished, s.Interrupted)
	}
}

// TestReadRunTornInside: a line that does not parse with more lines after
// it is damage, not a kill's torn tail: Build says so.
func TestReadRunTornInside(t *testing.T) {
	dir := t.TempDir()
	rf, err := createRunFile(dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	rf.b.WriteString("{not json}\n")
	rf.event(fetched("http://a/", 200, time.Now()), nil)
	if err := rf.close(time.Now(), Finished); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(dir, BuildOptions{}); err == nil {
		t.Error("Build read a run file with a broken line inside it without error")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("Build left %d entries in the folder, want only %s", len(entries), RunsDir)
	}
}
