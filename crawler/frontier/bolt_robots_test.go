package frontier

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler"
)

func TestBoltRobotsKeptForExplain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	f, err := OpenBolt(BoltConfig{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	f.PutRobots("example.org:443", crawler.RobotsFile{Status: 200, Body: []byte("User-agent: *\nDisallow: /user/\n"), Fetched: at, Attempts: 1})
	if _, _, err := ReadRobots(path, "example.org:443"); err == nil {
		t.Error("ReadRobots opened the state of a running crawl")
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	rf, ok, err := ReadRobots(path, "example.org:443")
	if err != nil || !ok || rf.Status != 200 || string(rf.Body) != "User-agent: *\nDisallow: /user/\n" || !rf.Fetched.Equal(at) || rf.Attempts != 1 {
		t.Errorf("ReadRobots: %+v %v %v", rf, ok, err)
	}
	if _, ok, err := ReadRobots(path, "other.example:443"); ok || err != nil {
		t.Errorf("another host: %v %v", ok, err)
	}
}
