// Screenshots one element of a report page, for the README's pictures:
//
//   node tests/browser/screenshot.mjs PAGE.html CSS_SELECTOR OUT.png [WIDTH]
//
// e.g. node tests/browser/screenshot.mjs reports/capacity/report.html '#capacity .charts' \
//        docs/images/capacity-charts.png
// Drives /usr/bin/chromium (or $CHROMIUM) headless through the pinned playwright-core; the page
// loads from file:// and fetches nothing. Exits 1 when the element is missing.
import { chromium } from 'playwright-core';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [page_path, selector, out, width = '1280'] = process.argv.slice(2);
if (!page_path || !selector || !out) {
  console.error('usage: node screenshot.mjs PAGE.html CSS_SELECTOR OUT.png [WIDTH]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
  await page.goto(pathToFileURL(resolve(page_path)).href);
  const element = await page.$(selector);
  if (!element) {
    console.error(`screenshot.mjs: no element matches ${selector} in ${page_path}`);
    process.exitCode = 1;
  } else {
    await element.screenshot({ path: out });
    console.log(`${out}: ${selector} of ${page_path}`);
  }
} finally {
  await browser.close();
}
