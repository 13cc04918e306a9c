// check-replay.mjs loads pages from a running `salvage replay` server (or any replay
// server) in headless Debian Chromium through playwright-core and prints one JSON
// verdict per page on stdout: the title, the stylesheets and whether their rules
// applied, every <img> and whether it loaded, and every request that tried to leave the
// replay origin (aborted and recorded). It judges nothing itself except with --strict,
// where it exits 1 when a page has no title match, no stylesheet applied, a broken
// image or a request off the origin, and, with --expect-banner too, no visible salvage
// archive banner (the verdict's "banner" is its height in pixels, 0 when absent).
//
// usage: node check-replay.mjs NODE_MODULES SCREENSHOT_DIR [--strict [--expect-banner]] URL TITLE [URL TITLE]...

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const strict = argv.includes('--strict');
const expectBanner = argv.includes('--expect-banner');
const [modules, shotDir, ...pairs] = argv.filter((a) => a !== '--strict' && a !== '--expect-banner');
const { chromium } = await import(pathToFileURL(join(modules, 'playwright-core', 'index.mjs')).href);

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // nothing can leave loopback even if the route below missed a request
  '--proxy-server=http://127.0.0.1:9', '--proxy-bypass-list=127.0.0.1;localhost',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

async function checkPage(context, url, title, n) {
  const origin = new URL(url).origin;
  const v = { url, wantTitle: title, requests: 0, outside: [], failed: [], status: 0 };
  const page = await context.newPage();
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(origin + '/') || /^(data|blob|about):/.test(u)) return route.continue();
    v.outside.push(u);
    return route.abort('blockedbyclient');
  });
  page.on('request', () => { v.requests++; });
  page.on('requestfailed', (r) => { if (!v.outside.includes(r.url())) v.failed.push(r.url()); });
  page.on('response', (r) => { if (r.status() >= 400) v.failed.push(`${r.status()} ${r.url()}`); });
  const resp = await page.goto(url, { waitUntil: 'load', timeout: 60000 });
  v.status = resp ? resp.status() : 0;
  v.finalURL = page.url();
  await page.evaluate(async () => { // bring lazy images in, then back to the top
    window.scrollTo(0, document.body.scrollHeight); await new Promise((r) => setTimeout(r, 300)); window.scrollTo(0, 0);
  });
  await page.waitForLoadState('networkidle', { timeout: 15000 }).catch(() => {});
  v.title = await page.title();
  v.titleFound = v.title.includes(title);
  Object.assign(v, await page.evaluate(() => {
    const sheets = [...document.styleSheets].map((s) => {
      let rules = -1;
      try { rules = s.cssRules.length; } catch { /* cross-origin */ }
      return { href: s.href, rules };
    });
    const links = [...document.querySelectorAll('link[rel~=stylesheet]')].map((l) => ({ href: l.href, loaded: !!l.sheet }));
    const imgs = [...document.images].filter((i) => i.currentSrc || i.getAttribute('src'));
    const banner = document.querySelector('salvage-banner');
    return {
      banner: banner && banner.shadowRoot ? banner.getBoundingClientRect().height : 0,
      sheets, stylesheetLinks: links,
      // a stylesheet applied: the body's computed font differs from the browser default
      bodyFont: getComputedStyle(document.body).fontFamily,
      images: imgs.length,
      brokenImages: imgs.filter((i) => !(i.complete && i.naturalWidth > 0)).map((i) => i.currentSrc || i.src),
    };
  }));
  v.stylesheetApplied = v.stylesheetLinks.length > 0 && v.stylesheetLinks.every((l) => l.loaded)
    && v.sheets.some((s) => s.rules > 0) && !/^("?Times New Roman"?|serif)$/i.test(v.bodyFont);
  v.screenshot = join(shotDir, `replay-${n}.png`);
  await page.screenshot({ path: v.screenshot });
  await page.close();
  return v;
}

async function main() {
  const profile = mkdtempSync(join(tmpdir(), 'salvage-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS, timeout: 60000,
    viewport: { width: 1280, height: 900 },
  });
  const out = [];
  try {
    for (let i = 0; i + 1 < pairs.length; i += 2) out.push(await checkPage(context, pairs[i], pairs[i + 1], i / 2));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return out;
}

try {
  const verdicts = await main();
  for (const v of verdicts) process.stdout.write(JSON.stringify(v) + '\n');
  const bad = verdicts.filter((v) => !(v.status === 200 && v.titleFound && v.stylesheetApplied && v.images > 0
    && v.brokenImages.length === 0 && v.outside.length === 0 && (!expectBanner || v.banner > 0)));
  if (strict && bad.length) process.exitCode = 1;
} catch (err) {
  process.stdout.write(JSON.stringify({ error: String(err && err.stack || err) }) + '\n');
  process.exitCode = 1;
}
