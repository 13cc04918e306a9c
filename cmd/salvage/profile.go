package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// profileFlags are the developer flags that write pprof profiles of a crawl
// (make bench's profiling; see README "Benchmarks").
type profileFlags struct {
	cpu, mem string
}

func (p *profileFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.cpu, "cpuprofile", "", "write a pprof CPU profile of the crawl here (for developers)")
	fs.StringVar(&p.mem, "memprofile", "", "write a pprof heap profile at the end of the crawl here (for developers)")
}

// start begins CPU profiling if asked; the returned stop writes the
// profiles. Profiling failures never fail the crawl; they are reported.
func (p *profileFlags) start(warn func(string, ...any)) (stop func()) {
	var cpuFile *os.File
	if p.cpu != "" {
		f, err := os.Create(p.cpu)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			warn("cpuprofile", "err", err)
		} else {
			cpuFile = f
		}
	}
	return func() {
		if cpuFile != nil {
			pprof.StopCPUProfile()
			cpuFile.Close()
		}
		if p.mem != "" {
			if err := writeHeapProfile(p.mem); err != nil {
				warn("memprofile", "err", err)
			}
		}
	}
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	runtime.GC()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	return nil
}
