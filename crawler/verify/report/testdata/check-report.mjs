// check-report.mjs drives Debian Chromium through playwright-core over an
// HTML link report opened from file:// and prints one JSON verdict line on
// stdout; TestHTMLReportInChromium judges it. It asserts nothing itself, so
// the Go test shows every field that went wrong.
//
// usage: node check-report.mjs REPORT.html SCREENSHOT.png NODE_MODULES PAYLOAD NOT_FOUND_COUNT

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [reportPath, shotPath, modules, payload, wantNotFound] = process.argv.slice(2);
const { withChromium, printVerdict } = await import(pathToFileURL(join(modules, '..', 'lib', 'chromium.mjs')).href);

// visibleRows returns the class and URL of every shown row of the links table.
function visibleRows(page) {
  return page.$$eval('#links tbody tr:not([hidden])', (trs) => trs.map((tr) => ({
    cls: tr.getAttribute('data-class'),
    url: tr.cells[0].firstElementChild.textContent,
  })));
}

function isSorted(xs, dir) {
  const want = [...xs].sort();
  if (dir < 0) want.reverse();
  return JSON.stringify(xs) === JSON.stringify(want);
}

async function sortChecks(page, v) {
  const header = page.locator('#links thead button[data-key="url"]');
  await header.click();
  v.sortAscending = isSorted((await visibleRows(page)).map((r) => r.url), 1);
  v.ariaSortAscending = await header.locator('xpath=..').getAttribute('aria-sort');
  await header.click();
  v.sortDescending = isSorted((await visibleRows(page)).map((r) => r.url), -1);
  v.ariaSortDescending = await header.locator('xpath=..').getAttribute('aria-sort');
}

async function filterChecks(page, v) {
  await page.click('#show-none');
  v.rowsAfterNone = (await visibleRows(page)).length;
  await page.check('#class-filter input[value="not-found"]');
  const rows = await visibleRows(page);
  v.filteredClasses = [...new Set(rows.map((r) => r.cls))];
  v.filteredCount = rows.length;
  v.wantNotFound = Number(wantNotFound);
  v.shownText = await page.textContent('#shown');
  await page.fill('#search', '__pwned');
  v.searchCount = (await visibleRows(page)).length;
  await page.fill('#search', '');
  await page.click('#show-all');
  v.rowsAfterAll = (await visibleRows(page)).length;
}

async function payloadChecks(page, v) {
  const cells = page.locator('#links tbody td', { hasText: payload });
  v.payloadCells = await cells.count();
  v.payloadVisible = v.payloadCells > 0 && await cells.first().isVisible();
  v.payloadExact = await page.$$eval('#links tbody li', (lis, p) => lis.some((li) => li.textContent.includes(p)), payload);
  v.pwned = await page.evaluate(() => (typeof window.__pwned === 'undefined' ? null : String(window.__pwned)));
  v.images = await page.evaluate(() => document.images.length);
  v.scripts = await page.evaluate(() => document.scripts.length);
  v.hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')));
}

async function styleChecks(page, v) {
  v.notFoundBadgeColour = await page.$eval('#links tbody tr[data-class="not-found"] .badge',
    (b) => getComputedStyle(b).backgroundColor);
  v.chartBars = await page.locator('#chart rect.bar').count();
  v.tableRows = await page.locator('#links tbody tr').count();
}

// firstScreenChecks looks at the report as it opens in a 1280x900 window:
// the "To fix" rows and where they sit, the page lists open by default, and
// what expanding the first row shows. It also saves that first screen.
async function firstScreenChecks(page, v, firstShot) {
  await page.setViewportSize({ width: 1280, height: 900 });
  v.toFix = await page.$$eval('#to-fix-table tbody tr', (trs) => trs.map((tr) => {
    const box = tr.getBoundingClientRect();
    return {
      cls: tr.getAttribute('data-class'), url: tr.cells[1].firstChild.textContent, place: tr.cells[2].textContent,
      pages: Number(tr.getAttribute('data-pages')), summary: (tr.querySelector('summary') || tr.cells[3]).textContent,
      inFirstScreen: box.top >= 0 && box.bottom <= window.innerHeight,
    };
  }));
  v.openLongLists = await page.$$eval('ul', (uls) => uls.filter((ul) => ul.checkVisibility() &&
    [...ul.children].filter((li) => li.checkVisibility()).length > 10).length);
  try {
    await page.screenshot({ path: firstShot, timeout: 60000 });
    v.firstScreenshot = firstShot;
  } catch (err) {
    v.screenshotError = String(err).split('\n')[0];
  }
  const first = page.locator('#to-fix-table tbody tr').first();
  if (await first.locator('summary').count() > 0) {
    await first.locator('summary').click();
    v.expandedPages = await first.locator('details li').evaluateAll((lis) => lis.filter((li) => li.checkVisibility()).length);
    await first.locator('summary').click();
  }
  await page.setViewportSize({ width: 1400, height: 900 });
}

async function main() {
  const v = { requests: [], pageErrors: [], consoleErrors: [] };
  return withChromium(modules, { viewport: { width: 1400, height: 900 } }, async (context) => {
    await context.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation',
        (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = context.pages()[0] || await context.newPage();
    page.on('request', (req) => v.requests.push(req.url()));
    page.on('pageerror', (err) => v.pageErrors.push(String(err)));
    page.on('console', (msg) => { if (msg.type() === 'error') v.consoleErrors.push(msg.text()); });
    await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load' });
    await page.waitForSelector('#links tbody tr');
    await page.waitForTimeout(500); // let a broken <img onerror> fire, if one slipped through
    await firstScreenChecks(page, v, shotPath.replace(/\.png$/, '') + '-first.png');
    await payloadChecks(page, v);
    await styleChecks(page, v);
    await sortChecks(page, v);
    await filterChecks(page, v);
    v.cspViolations = await page.evaluate(() => window.__cspViolations);
    v.external = v.requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
    // The screenshot is for people to look at, not a check: a full page of a large report can
    // take longer than Playwright's 30 s on a loaded machine, so it may fail without failing the run.
    try {
      await page.screenshot({ path: shotPath, fullPage: true, timeout: 90000 });
      v.screenshot = shotPath;
    } catch (err) {
      v.screenshotError = String(err).split('\n')[0];
    }
    return v;
  });
}

await printVerdict(main);
