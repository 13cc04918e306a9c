#!/usr/bin/env bash
# The package arrows of docs/ARCHITECTURE.md. policy is checked on its own imports (it may not
# reach for os, net or net/http itself; net/url pulls os in underneath); warc and crawler on
# everything they pull in.
set -u
mod=$(go list -m)
fail=0
check() { # packages, forbidden regex, list mode
  for p in $(go list "$1"); do
    if [ "$3" = direct ]; then deps=$(go list -f '{{join .Imports "\n"}}' "$p"); else deps=$(go list -deps "$p"); fi
    bad=$(echo "$deps" | grep -E "$2" | grep -vx "$p" | tr '\n' ' ')
    if [ -n "$bad" ]; then echo "$p must not import: $bad"; fail=1; fi
  done
}
check ./policy/... "^(os|net|net/http|github\.com/.*|${mod}/.*)\$" direct
check ./warc/... "^(github\.com/gocolly|github\.com/PuerkitoBio|${mod}/(crawler|policy))" deps
check ./crawler/... "^(github\.com/nlnwa/gowarc|${mod}/warc)" deps
exit $fail
