package frontier

import (
	"errors"
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
	if err := f.SetSeeds([]string{"https://example.org/"}); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenBoltView(path); !errors.Is(err, ErrStateBusy) {
		t.Errorf("OpenBoltView of a running crawl's state: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	v, err := OpenBoltView(path)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if seeds, err := v.Seeds(); err != nil || len(seeds) != 1 || seeds[0] != "https://example.org/" {
		t.Errorf("Seeds: %v %v", seeds, err)
	}
	rf, ok, err := v.Robots("example.org:443")
	if err != nil || !ok || rf.Status != 200 || string(rf.Body) != "User-agent: *\nDisallow: /user/\n" || !rf.Fetched.Equal(at) || rf.Attempts != 1 {
		t.Errorf("Robots: %+v %v %v", rf, ok, err)
	}
	if _, ok, err := v.Robots("other.example:443"); ok || err != nil {
		t.Errorf("another host: %v %v", ok, err)
	}
}
