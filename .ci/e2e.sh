#!/usr/bin/env bash
# End-to-end check of the demo crawl with tools nobody on the project wrote:
#  - warc-check (warcio.js): every record, digest and pairing of every WARC file;
#  - replay-check (ReplayWeb.page in headless Chromium): the homepage replays with its
#    stylesheets and images, and no image is broken.
# Run after `make demo`. Exits non-zero on the first failed check.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-out}
REPLAY=testdata/replay
SEED=${SEED:-https://minusma.unmissions.org/en}
shopt -s nullglob
warcs=("$OUT"/*.warc.gz)
[ ${#warcs[@]} -gt 0 ] || { echo "e2e: no WARC files in $OUT (run make demo first)"; exit 1; }

echo "== warc-check ${warcs[*]}"
"$REPLAY/warc-check" "${warcs[@]}"

# replay-check reads one archive: the homepage is in the first file.
check_page() { # url title png
  local json
  json=$("$REPLAY/replay-check" "${warcs[0]}" "$1" "$3" --expect-title "$2" --json) || {
    echo "$json"; echo "e2e: $1 did not replay"; return 1; }
  node -e '
    const r = JSON.parse(process.argv[1]);
    const fail = [];
    if (!r.replayed) fail.push("not replayed: " + r.reason);
    if (!r.titleFound) fail.push("title not found: " + r.title);
    if (!(r.stylesheets > 0)) fail.push("no stylesheet applied");
    const css = r.subresources.list.filter(s => /\.css/.test(s.url));
    if (css.length === 0 || css.some(s => !(s.status > 0 && s.status < 400))) fail.push("stylesheets not all replayed: " + JSON.stringify(css));
    if (r.images.total === 0 || r.images.broken.length > 0) fail.push("images: " + r.images.total + " total, broken " + JSON.stringify(r.images.broken));
    if (r.blockedOutside.length > 0) fail.push("requests left 127.0.0.1: " + r.blockedOutside);
    console.log(`replay ${r.url}: status ${r.mainStatus}, title "${r.title}", ${r.stylesheets} stylesheets, ${r.images.total} images (${r.images.broken.length} broken), sub-resources ${r.subresources.replayed}/${r.subresources.total} replayed, missing ${JSON.stringify(r.subresources.missingList)}`);
    if (fail.length) { console.log("FAIL: " + fail.join("; ")); process.exit(1); }
  ' "$json"
}
mkdir -p .demo
echo "== replay-check $SEED"
check_page "$SEED" "MINUSMA" .demo/home.png
echo "== replay-check the French homepage"
check_page "https://minusma.unmissions.org/" "MINUSMA" .demo/home-fr.png
echo "e2e: all checks passed"

# The demo's link report in headless Chromium: the replica's /en/contact has an anchor whose text is
# <script>alert(1)</script>; it must show as text and run nothing, and the table must sort and filter.
echo "== link report $OUT/links.html in Chromium"
notfound=$(node -e 'const r=require(process.argv[1]); console.log(r.links.filter(l=>l.class==="not-found").length)' "$PWD/$OUT/links.json")
node crawler/verify/report/testdata/check-report.mjs "$PWD/$OUT/links.html" "$PWD/.demo/links.png" \
    "$PWD/$REPLAY/node_modules" '<script>alert(1)</script>' "$notfound" > .demo/links-verdict.json
node -e '
  const v = JSON.parse(require("fs").readFileSync(".demo/links-verdict.json", "utf8"));
  const fail = [];
  if (v.error) fail.push("error: " + v.error);
  if (v.pwned !== null && v.pwned !== undefined) fail.push("payload ran: window.__pwned=" + v.pwned);
  if (!v.payloadVisible) fail.push("payload anchor text not visible as text");
  if (v.cspViolations.length || v.pageErrors.length) fail.push("CSP/page errors: " + JSON.stringify([v.cspViolations, v.pageErrors]));
  if (v.filteredCount !== v.wantNotFound) fail.push(`class filter showed ${v.filteredCount} not-found rows, want ${v.wantNotFound}`);
  if (!v.sortAscending || !v.sortDescending) fail.push("sorting failed");
  console.log(`link report: ${v.tableRows} rows, payload shown as text in ${v.payloadCells} cell(s), nothing ran, ${v.filteredCount} not-found after filtering`);
  if (fail.length) { console.log("FAIL: " + fail.join("; ")); process.exit(1); }
'
echo "e2e: link report checks passed"
