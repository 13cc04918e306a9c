package crawltest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// WgetArgs are the GNU wget arguments that mirror the replica the way an
// archivist would (recursive, page requisites, robots.txt obeyed) into
// dir/wget.warc.gz, through the replica's forward proxy (wget has no
// --resolve). The endless radio, the trap families (the calendars and the
// faceted search) and the session mazes' tokened links are rejected: wget
// would hang on the one and walk the others for ever.
func WgetArgs(dir, proxy, caFile string) []string {
	return []string{"--no-config", "--recursive", "--level=inf", "--page-requisites",
		"--warc-file=" + filepath.Join(dir, "wget"), "--no-verbose", "--tries=1", "--timeout=10",
		"-e", "robots=on", "-e", "use_proxy=yes", "-e", "https_proxy=http://" + proxy, "-e", "http_proxy=http://" + proxy,
		"--ca-certificate=" + caFile, "--directory-prefix=" + filepath.Join(dir, "mirror"),
		"--reject-regex=" + WgetReject, "--domains=minusma.unmissions.org", "https://minusma.unmissions.org/en"}
}

// WgetReject is wget's --reject-regex (POSIX extended, and valid RE2 for salvage's --exclude): the stream, the
// trap families and every URL carrying a session id.
const WgetReject = `feed1|/calendar/|/events/|/agenda\?|/search\?|[;?&](sid|jsessionid|PHPSESSID|visit)=`

// Wget mirrors the replica with GNU wget into dir and returns wget's WARC
// files and its output. wget's exit code 8 (some 404s) counts as success.
func (r *Replica) Wget(ctx context.Context, wget, dir string) ([]string, []byte, error) {
	proxy, err := r.StartProxy()
	if err != nil {
		return nil, nil, err
	}
	ca := filepath.Join(dir, "replica-ca.pem")
	if err := r.WriteCAFile(ca); err != nil {
		return nil, nil, err
	}
	cmd := exec.CommandContext(ctx, wget, WgetArgs(dir, proxy, ca)...)
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = []string{"HOME=" + dir, "PATH=" + os.Getenv("PATH"), "LC_ALL=C"}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 8 {
		err = nil
	}
	if err != nil {
		return nil, out, fmt.Errorf("wget: %w", err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "wget*.warc.gz"))
	return files, out, nil
}
