// banner-shot.mjs takes screenshots of one archived page replayed by two `salvage
// replay` servers, one showing the archive banner and one started with --no-banner, in
// headless Debian Chromium through playwright-core, at 1280x900:
//   plain.png   the page without the banner
//   banner.png  the page with the banner
//   list.png    the same with the banner's list of captures open
//   closed.png  the page with the banner after a click on its close button
// and prints one JSON object on stdout: the banner's box, whether it is the topmost
// element at the top of the viewport, whether its list of captures shows, whether the click removed it and whether a reload
// of the tab left it closed. It compares no pixels: the Go test does.
//
// usage: node banner-shot.mjs NODE_MODULES OUT_DIR URL_WITH_BANNER URL_WITHOUT_BANNER

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, outDir, withBanner, withoutBanner] = process.argv.slice(2);
const { withChromium, printVerdict } = await import(pathToFileURL(join(modules, '..', 'lib', 'chromium.mjs')).href);

// Beyond the common flags: nothing leaves 127.0.0.1, and the pixels do not depend on scrollbars or hinting.
const ARGS = [
  '--proxy-server=http://127.0.0.1:9', '--proxy-bypass-list=127.0.0.1;localhost',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
  '--hide-scrollbars', '--font-render-hinting=none',
];

// The mouse rests at the same point below any banner before each screenshot, so that
// hover styles are the same in all three.
const REST = { x: 640, y: 880 };

async function open(context, url) {
  const page = await context.newPage();
  await page.route('**/*', (route) => {
    const u = route.request().url();
    return u.startsWith(new URL(url).origin + '/') || /^(data|blob|about):/.test(u) ? route.continue() : route.abort('blockedbyclient');
  });
  await page.goto(url, { waitUntil: 'load', timeout: 60000 });
  await page.waitForLoadState('networkidle', { timeout: 15000 }).catch(() => {});
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(REST.x, REST.y);
  return page;
}

async function shot(page, name) {
  const path = join(outDir, name);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  return path;
}

// bannerState is what the page shows of the banner.
const bannerState = () => {
  const h = document.querySelector('salvage-banner');
  if (!h) return { present: false };
  const r = h.getBoundingClientRect();
  const top = document.elementFromPoint(r.width / 2, Math.min(5, r.height / 2));
  return {
    present: true, top: r.top, height: r.height, width: r.width,
    shadow: !!h.shadowRoot, topmost: top === h, inBody: h.parentNode === document.body,
    text: h.shadowRoot ? [...h.shadowRoot.children].filter((e) => e.localName !== 'style').map((e) => e.textContent).join(' ').replace(/\s+/g, ' ').trim() : '',
  };
};

async function main() {
  const v = { shots: {} };
  const options = { args: ARGS, viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, reducedMotion: 'reduce' };
  return withChromium(modules, options, async (context) => {
    const plain = await open(context, withoutBanner);
    v.plainBanner = (await plain.evaluate(bannerState)).present;
    v.shots.plain = await shot(plain, 'plain.png');

    const page = await open(context, withBanner);
    v.banner = await page.evaluate(bannerState);
    v.shots.banner = await shot(page, 'banner.png');
    await page.locator('salvage-banner summary').click();
    v.list = await page.evaluate(() => { // the captures' list drops down over the page
      const r = document.querySelector('salvage-banner').shadowRoot;
      const a = r.querySelector('ol a');
      const box = a.getBoundingClientRect();
      return { links: r.querySelectorAll('ol a').length, bottom: box.bottom, shown: r.elementFromPoint(box.x + 2, box.y + box.height / 2) === a };
    });
    v.shots.list = await shot(page, 'list.png');
    await page.locator('salvage-banner button').click();
    await page.mouse.move(REST.x, REST.y);
    v.closedGone = !(await page.evaluate(bannerState)).present;
    v.shots.closed = await shot(page, 'closed.png');
    await page.reload({ waitUntil: 'load' });
    v.closedAfterReload = !(await page.evaluate(bannerState)).present;
    return v;
  });
}

await printVerdict(main);
