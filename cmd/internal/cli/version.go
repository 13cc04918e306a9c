package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// VersionText is what --version and version print: the version, the commit
// the binary was built from (when the build recorded one) and the Go version.
func VersionText(version string) string {
	commit, modified := "unknown", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if modified {
		commit += " (modified)"
	}
	return fmt.Sprintf("salvage %s\ncommit %s\n%s %s/%s\n", version, commit, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
