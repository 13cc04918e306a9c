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

# The replay outputs of the crawl: index.cdxj against warcio.js's index, the WACZ through
# pack --check and warc-check (a corrupted copy must fail), the WACZ in ReplayWeb.page, and
# `salvage replay` in Chromium.
waczs=("$OUT"/*.wacz)
[ ${#waczs[@]} -gt 0 ] || { echo "e2e: no WACZ in $OUT (the demo crawls with --wacz)"; exit 1; }
echo "== warc-check --compare-cdxj $OUT/index.cdxj"
"$REPLAY/warc-check" --compare-cdxj "$OUT/index.cdxj" "${warcs[@]}" | tee .demo/compare.txt | grep -E "CDXJ compare|failure"
grep -q "differing 0, only in warcio 0, only in theirs 0" .demo/compare.txt || { echo "e2e: index.cdxj differs from warcio.js"; exit 1; }
echo "== salvage pack --check ${waczs[0]} and warc-check"
bin/salvage pack --check "${waczs[0]}"
"$REPLAY/warc-check" "${waczs[0]}" | grep -E "^warc-check|CDXJ compare"
cp "${waczs[0]}" .demo/corrupt.wacz
printf 'XXXX' | dd of=.demo/corrupt.wacz bs=1 seek=200000 conv=notrunc status=none
if bin/salvage pack --check .demo/corrupt.wacz > .demo/corrupt.txt; then echo "e2e: corrupted WACZ passed pack --check"; exit 1; fi
grep FAIL .demo/corrupt.txt
if "$REPLAY/warc-check" .demo/corrupt.wacz > .demo/corrupt-wc.txt 2>&1; then echo "e2e: corrupted WACZ passed warc-check"; exit 1; fi
grep -m3 "FAIL" .demo/corrupt-wc.txt
warcs=("${waczs[0]}") # check_page replays the first archive: now the WACZ in ReplayWeb.page
echo "== replay-check (ReplayWeb.page) WACZ $SEED"
check_page "$SEED" "MINUSMA" .demo/wacz-home.png
echo "== replay-check (ReplayWeb.page) WACZ French homepage"
check_page "https://minusma.unmissions.org/" "MINUSMA" .demo/wacz-home-fr.png

echo "== salvage replay ${waczs[0]} in Chromium"
bin/salvage replay --listen 127.0.0.1:0 --collection demo "${waczs[0]}" > .demo/replay.out 2>&1 & rpid=$!
trap 'kill $rpid 2>/dev/null' EXIT
for i in $(seq 100); do grep -q "http://" .demo/replay.out && break; sleep 0.1; done
base=$(grep -o 'http://[^ ]*/demo/' .demo/replay.out) || { cat .demo/replay.out; echo "e2e: salvage replay did not start"; exit 1; }
node warc/replay/testdata/check-replay.mjs "$PWD/$REPLAY/node_modules" "$PWD/.demo" --strict --expect-banner \
  "${base}2030/$SEED" MINUSMA "${base}2030/https://minusma.unmissions.org/" MINUSMA > .demo/replay-verdict.jsonl || {
  cat .demo/replay-verdict.jsonl; echo "e2e: salvage replay check failed"; exit 1; }
node -e 'for (const l of require("fs").readFileSync(".demo/replay-verdict.jsonl","utf8").trim().split("\n")) { const v = JSON.parse(l);
  console.log(`salvage replay ${v.url}: status ${v.status}, title "${v.title}", stylesheet applied ${v.stylesheetApplied}, ${v.images} images (${v.brokenImages.length} broken), ${v.outside.length} requests off the origin, banner ${v.banner}px`); }'
kill $rpid; trap - EXIT
echo "e2e: replay outputs pass"

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
  // Issue 16: the first screen (1280x900) opens on "To fix", the sitewide SoundCloud 404 as one row
  // "on N pages" that expands to its pages, and no list of more than 10 pages open by default.
  // (The homepage, the real MINUSMA page, also has it in two blocks of its own: two more rows, 1 page each.)
  const sc = (v.toFix || []).filter(f => f.url.includes("soundcloud.com/mikado-fm") && f.pages > 10);
  if (sc.length !== 1 || !sc[0].inFirstScreen || !sc[0].summary.includes("on " + sc[0].pages + " pages"))
    fail.push("To fix: want the sitewide SoundCloud link as one row on N pages in the first screen, got " + JSON.stringify(sc));
  if (v.openLongLists !== 0) fail.push(v.openLongLists + " list(s) of more than 10 entries open by default");
  if (!v.toFix || v.expandedPages !== v.toFix[0].pages) fail.push("expanding the first To fix row showed " + v.expandedPages + " pages");
  console.log(`link report: ${v.tableRows} rows, payload shown as text in ${v.payloadCells} cell(s), nothing ran, ${v.filteredCount} not-found after filtering`);
  console.log(`link report first screen (${v.firstScreenshot}): ${v.toFix.filter(f => f.inFirstScreen).length} To fix rows of ${v.toFix.length}; ` +
    `SoundCloud: ${JSON.stringify(sc.map(f => [f.place, f.summary]))}; ${v.openLongLists} long lists open; first row expands to ${v.expandedPages} pages`);
  if (fail.length) { console.log("FAIL: " + fail.join("; ")); process.exit(1); }
'
echo "e2e: link report checks passed"

# Issue 17: the replica a month later (--version 2: pages edited, removed, moved, unlinked, added, a PDF
# replaced) recrawled with --previous, packed as a WACZ that holds the earlier WARC its revisits refer
# to: changes.json names the revision's changes; ReplayWeb.page replays the new homepage with the
# unchanged images served from the first crawl's records.
echo "== recrawl of the replica a month later with --previous $OUT, replayed in ReplayWeb.page"
RE=.demo/recrawl
rm -rf "$RE" .demo/re && mkdir -p .demo/re
bin/salvage-replica --version 2 --flags-file .demo/re/flags --ca-file .demo/re/ca.pem --log .demo/re/replica.log > .demo/re/replica.out 2>&1 & rep=$!
trap 'kill $rep 2>/dev/null' EXIT
for i in $(seq 100); do [ -s .demo/re/flags ] && break; sleep 0.1; done
set -f # the flags hold "--resolve *:443:..." and this script sets nullglob
rc=0; bin/salvage crawl --out "$RE" --previous "$OUT" --wacz --delay 0 --workers 8 --host-concurrency 4 --offline-report \
  $(cat .demo/re/flags) > .demo/re/crawl.out 2>&1 || rc=$?
set +f
kill $rep; trap - EXIT
[ "$rc" -le 1 ] || { tail -20 .demo/re/crawl.out; echo "e2e: recrawl failed (exit $rc)"; exit 1; }
grep -A2 "changes since" .demo/re/crawl.out
"$REPLAY/warc-check" "$RE"/*.warc.gz | grep -E "^warc-check|failure" || true
"$REPLAY/warc-check" "$RE"/*.warc.gz > .demo/re/warc-check.txt 2>&1 || { tail -20 .demo/re/warc-check.txt; echo "e2e: warc-check found faults in the recrawl"; exit 1; }
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const kind = Object.fromEntries(r.urls.map(c => [c.url.replace("https://minusma.unmissions.org", ""), c.kind]));
  const want = {"/en/archives-2015": "gone", "/en/jobs": "moved", "/en/careers": "new", "/en/archives-2016": "orphaned",
    "/en/procurement": "changed", "/sites/default/files/s_2023_236-en.pdf": "changed", "/en/liquidation": "new", "/en/contact": "unchanged"};
  const bad = Object.entries(want).filter(([u, k]) => kind[u] !== k).map(([u, k]) => `${u}: ${kind[u]}, want ${k}`);
  if (bad.length) { console.log("e2e: changes.json: " + bad.join("; ")); process.exit(1); }
  console.log("recrawl: changes.json names the revision (gone, moved, orphaned, changed, new)");
' "$RE/changes.json"
imgrevisits=$(zcat "$RE"/*.warc.gz | tr -d '\r' | awk '/^WARC-Type: /{t=$2} /^WARC-Target-URI: .*\.(png|jpe?g|gif)/{if (t=="revisit") n++} END{print n+0}')
echo "recrawl: $imgrevisits image captures are revisits of the first crawl"
[ "$imgrevisits" -gt 0 ] || { echo "e2e: no image of the recrawl is a revisit"; exit 1; }
warcs=("$RE"/*.wacz)
check_page "$SEED" "MINUSMA" .demo/recrawl-home.png
echo "e2e: recrawl checks passed"
