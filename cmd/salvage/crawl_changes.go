package main

import (
	"fmt"
	"strings"

	"github.com/salvage-archive/salvage/cmd/internal/changes"
)

// changesReport compares a recrawl with its --previous crawl: what became
// of each URL, and the link rot between their link reports. It writes
// changes.json and changes.html into the folder and prints its lines under
// the summary. Nothing without --previous.
func (j *crawlJob) changesReport() error {
	c := j.cmd
	if c.prev == nil {
		return nil
	}
	prev, err := changes.Load(c.previous)
	if err != nil {
		return err
	}
	cur, err := changes.Load(c.out)
	if err != nil {
		return err
	}
	r := changes.Compare(prev, cur, changes.Options{Tool: "salvage " + Version,
		ReplayBase: "http://" + defaultReplayListen + "/" + collectionName("", c.out), Replay: "salvage replay " + c.out})
	fmt.Fprintf(c.stdout, "salvage: changes since %s\n", c.previous)
	for _, line := range changes.Lines(r) {
		fmt.Fprintln(c.stdout, "  "+line)
	}
	paths, err := changes.WriteAll(c.out, r)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "  changes %s\n", strings.Join(paths, " "))
	return nil
}
