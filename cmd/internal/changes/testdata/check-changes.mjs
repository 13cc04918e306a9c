// check-changes.mjs opens a changes.html from file:// in Debian Chromium
// through playwright-core and prints one JSON verdict line on stdout;
// TestHTMLInChromium judges it.
//
// usage: node check-changes.mjs CHANGES.html NODE_MODULES PAYLOAD

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [htmlPath, modules, payload] = process.argv.slice(2);
const { withChromium, printVerdict } = await import(pathToFileURL(join(modules, '..', 'lib', 'chromium.mjs')).href);

await printVerdict(() => withChromium(modules, { viewport: { width: 1280, height: 900 } }, async (context) => {
  const v = { dialogs: [], pageErrors: [], consoleErrors: [], external: [] };
  const page = context.pages()[0] || await context.newPage();
  page.on('dialog', (d) => { v.dialogs.push(d.message()); d.dismiss(); });
  page.on('pageerror', (e) => v.pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') v.consoleErrors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) v.external.push(r.url()); });
  await page.goto(pathToFileURL(htmlPath).href);
  v.scripts = await page.$$eval('script', (s) => s.length);
  v.firstSection = await page.$eval('h2', (h) => h.closest('section').id);
  v.firstSectionInFirstScreen = await page.$eval('#lost', (s) => s.getBoundingClientRect().top < 900);
  v.payloadShown = await page.$$eval('#lost td', (tds, p) => tds.some((td) => td.textContent === p), payload);
  v.styled = await page.$eval('.kind', (k) => getComputedStyle(k).borderRadius !== '0px');
  v.replayHrefs = await page.$$eval('#lost a', (as) => as.map((a) => a.getAttribute('href')));
  return v;
}));
