// chatbench's self-contained HTML reports opened in headless Debian Chromium (playwright-core
// driving /usr/bin/chromium; no browser download). Each report must load from file:// with no
// network request at all, log no console error and throw no page error, and draw every chart:
// one <figure class="chart" id=...> per chart, holding an <svg role="img" aria-label=...> with a
// non-zero box and marks in its <g class="series"> groups (or its empty note), and a
// <figcaption>. A full-page screenshot of each report is kept as a test artifact.
//
// Reports: $CHATBENCH_HTML_REPORTS (paths separated by ':'), else the report.html that
// `$CHATBENCH_BIN run scenarios/quickstart.json` writes (a 2 s run against the embedded mock)
// and the compare.html of `chatbench compare` over that run's report.json twice.
// A missing report.html is a failure, never a skip.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const bin = process.env.CHATBENCH_BIN || join(root, 'build', 'ci', 'chatbench');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
// Without the background-networking flags Chromium itself dials out at start (and is refused by
// this machine's closed network); none of that traffic is the page's, but keep it quiet.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];
const VIEWPORT = { width: 1280, height: 900 };
// The fewest charts a report may have when it does not say how many it holds
// (data-chart-count): a run report draws at least these; a compare report at least one.
const MIN_CHARTS = { report: 6, compare: 1 };
const RUN_TIMEOUT_MS = 60_000;

const artifactsDir = process.env.CHATBENCH_ARTIFACTS ||
  join(dirname(resolve(bin)), 'Testing', 'artifacts');
const workDir = mkdtempSync(join(tmpdir(), 'chatbench-browser-'));
const keepOutput = process.env.BROWSER_KEEP_OUTPUT === '1';

/** [{ path, kind, produce }]: from $CHATBENCH_HTML_REPORTS, else one report.html to produce. */
function reportList() {
  const given = (process.env.CHATBENCH_HTML_REPORTS || '').split(':').filter(Boolean);
  if (given.length > 0) {
    return given.map((p) => ({ path: resolve(p), kind: kindOf(p), produce: null }));
  }
  const out = join(workDir, 'run');
  const cmp = join(workDir, 'compare');
  const cap = join(workDir, 'capacity');
  return [
    { path: join(out, 'report.html'), kind: 'report', produce: () => runQuickstart(out) },
    { path: join(cmp, 'compare.html'), kind: 'compare', produce: () => runCompare(out, cmp) },
    { path: join(cap, 'report.html'), kind: 'report', capacity: true,
      produce: () => runCapacity(cap) },
  ];
}

function kindOf(path) {
  return basename(path).startsWith('compare') ? 'compare' : 'report';
}

/** `chatbench run scenarios/quickstart.json` from the project root, shortened to 2 s. */
function runQuickstart(out) {
  assert.ok(existsSync(bin),
    `no chatbench binary at ${bin}: build one (./build.sh build ci) or set CHATBENCH_BIN`);
  const args = ['run', 'scenarios/quickstart.json', '--out', out, '-q',
    '--set', 'load.duration=2s', '--set', 'load.warmup=0s'];
  const started = performance.now();
  const res = spawnSync(bin, args, { cwd: root, encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  const ms = performance.now() - started;
  const shown = `${bin} ${args.join(' ')}`;
  assert.ifError(res.error);
  // 1 is a failed threshold on a loaded machine: the report is still written.
  assert.ok(res.status === 0 || res.status === 1,
    `${shown} exited ${res.status ?? res.signal}\n${res.stdout}${res.stderr}`);
  const html = join(out, 'report.html');
  assert.ok(existsSync(html),
    `${shown} wrote no report.html in ${out} (exit ${res.status}); the run report must come ` +
      `with its HTML page.\n${res.stdout}${res.stderr}`);
  return ms;
}

/** `chatbench run scenarios/capacity.json`, shortened to a 2-level automatic sweep of ~10 s. */
function runCapacity(out) {
  const args = ['run', 'scenarios/capacity.json', '--out', out, '-q',
    '--set', 'load.duration=1200ms', '--set', 'load.warmup=400ms',
    '--set', 'load.sweep.window=400ms', '--set', 'load.sweep.max_duration=2s',
    '--set', 'load.sweep.steps=2', '--set', 'load.sweep.probe_concurrency=16'];
  const started = performance.now();
  const res = spawnSync(bin, args, { cwd: root, encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  const shown = `${bin} ${args.join(' ')}`;
  assert.ifError(res.error);
  // 1 is the scenario's capacity.max_rate gate failing on a loaded machine: still a report.
  assert.ok(res.status === 0 || res.status === 1,
    `${shown} exited ${res.status ?? res.signal}\n${res.stdout}${res.stderr}`);
  assert.ok(existsSync(join(out, 'report.html')), `${shown} wrote no report.html`);
  return performance.now() - started;
}

/** `chatbench compare` of the run's report.json with itself: two overlaid columns. */
function runCompare(run, out) {
  const report = join(run, 'report.json');
  const args = ['compare', report, report, '--out', out];
  const started = performance.now();
  const res = spawnSync(bin, args, { cwd: root, encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  const shown = `${bin} ${args.join(' ')}`;
  assert.ifError(res.error);
  assert.equal(res.status, 0, `${shown} exited ${res.status ?? res.signal}\n${res.stdout}${res.stderr}`);
  assert.ok(existsSync(join(out, 'compare.html')), `${shown} wrote no compare.html`);
  return performance.now() - started;
}

const usedNames = new Set();
/** report.png, compare.png; report-2.png for a second report.html in the list. */
function screenshotPath(path) {
  const stem = basename(path).replace(/\.html?$/i, '');
  let name = `${stem}.png`;
  for (let i = 2; usedNames.has(name); i++) name = `${stem}-${i}.png`;
  usedNames.add(name);
  return join(artifactsDir, name);
}

/**
 * Opens `path` in a fresh context with every request routed: file: and data: go through, any
 * other is aborted and recorded. Resolves to the page and what it did while loading.
 */
async function openReport(browser, path) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const seen = { requests: [], blocked: [], failed: [], consoleErrors: [], pageErrors: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    seen.blocked.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('requestfailed', (r) => seen.failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on('console', (m) => {
    if (m.type() === 'error') seen.consoleErrors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => seen.pageErrors.push(String(e)));
  const response = await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  return { context, page, response, seen };
}

/** What the DOM holds: title, h1, script count and one entry per <figure class="chart">. */
function inspect(page) {
  return page.evaluate(() => {
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { width: r.width, height: r.height };
    };
    const declared = document.querySelector('[data-chart-count]');
    const figures = [...document.querySelectorAll('figure.chart')].map((fig) => {
      const svg = fig.querySelector('svg');
      const marks = svg
        ? [...svg.querySelectorAll('g.series path, g.series rect, g.series circle')]
        : [];
      const drawn = marks.filter((m) => {
        const r = m.getBoundingClientRect();
        return r.width > 0 || r.height > 0;
      });
      const note = svg && [...svg.querySelectorAll('text')].find((t) =>
        t.matches('.empty-note, .empty, [data-empty]') || t.textContent.trim() === 'no data');
      return {
        id: fig.id,
        svgs: fig.querySelectorAll('svg').length,
        role: svg?.getAttribute('role') ?? null,
        label: svg?.getAttribute('aria-label') ?? null,
        box: svg ? box(svg) : null,
        marks: marks.length,
        drawn: drawn.length,
        series: svg ? svg.querySelectorAll('g.series').length : 0,
        emptyNote: note ? note.textContent.trim() : null,
        nonFinite: svg ? /\b(NaN|-?Infinity|inf)\b/.test(svg.outerHTML) : false,
        caption: fig.querySelector('figcaption')?.textContent.trim() ?? '',
      };
    });
    return {
      title: document.title.trim(),
      h1: document.querySelector('h1')?.textContent.trim() ?? null,
      scripts: document.scripts.length,
      declaredCharts: declared ? Number(declared.getAttribute('data-chart-count')) : null,
      figures,
      pageHeight: document.documentElement.scrollHeight,
    };
  });
}

let browser;
before(async () => {
  assert.ok(existsSync(chromiumPath),
    `no Chromium at ${chromiumPath}: apt-get install chromium (./build.sh deps test) or set CHROMIUM`);
  const started = performance.now();
  // playwright-core gives every launch a fresh temporary profile (--user-data-dir) of its own.
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true,
    args: CHROMIUM_ARGS, timeout: 60_000 });
  console.log(`${chromiumPath} ${browser.version()} up in ${(performance.now() - started).toFixed(0)} ms`);
  mkdirSync(artifactsDir, { recursive: true });
});
after(async () => {
  await browser?.close();
  if (keepOutput) console.log(`kept ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
});

for (const report of reportList()) {
  // One test per report, its checks as subtests: when the report cannot be made or opened, the
  // parent fails with that reason and no check runs.
  test(`${report.kind}: ${report.path}`, { timeout: RUN_TIMEOUT_MS + 60_000 }, async (t) => {
    if (report.produce) {
      const ms = report.produce();
      t.diagnostic(`chatbench run took ${ms.toFixed(0)} ms`);
    }
    assert.ok(existsSync(report.path), `no HTML report at ${report.path}`);
    const opened = await openReport(browser, report.path);
    t.after(() => opened.context.close());
    const dom = await inspect(opened.page);

    await t.test('loads from file:// with no network request', () => {
      assert.ok(opened.response, 'no response for the file:// navigation');
      const network = opened.seen.requests.filter((u) => !/^(file|data):/.test(u));
      assert.deepEqual([...new Set([...opened.seen.blocked, ...network])], [],
        'the report asked for resources off the page: it must be self-contained');
      assert.deepEqual(opened.seen.failed, [], 'a request of the page failed');
    });

    await t.test('no console error and no page error', () => {
      const { consoleErrors, pageErrors } = opened.seen;
      assert.deepEqual({ consoleErrors, pageErrors }, { consoleErrors: [], pageErrors: [] },
        'the page logged errors or threw');
    });

    await t.test('has a title, an <h1> and no script', () => {
      assert.ok(dom.title, 'the document has no <title>');
      assert.ok(dom.h1, 'the document has no <h1>');
      assert.equal(dom.scripts, 0, 'the report must render without script');
    });

    await t.test('every chart is drawn', (t) => {
      const { figures } = dom;
      if (dom.declaredCharts !== null) {
        assert.equal(figures.length, dom.declaredCharts,
          `data-chart-count says ${dom.declaredCharts} charts, the page has ${figures.length}`);
      }
      const min = Number(process.env.CHATBENCH_MIN_CHARTS || MIN_CHARTS[report.kind]);
      assert.ok(figures.length >= min,
        `${figures.length} <figure class="chart"> found, at least ${min} expected`);
      const ids = figures.map((f) => f.id);
      assert.equal(new Set(ids).size, ids.length, `chart ids not unique: ${ids.join(', ')}`);
      const problems = [];
      for (const f of figures) {
        const name = `#${f.id || '(no id)'}`;
        if (!f.id) problems.push(`${name}: figure has no id`);
        if (f.svgs !== 1) {
          problems.push(`${name}: ${f.svgs} <svg> in the figure, 1 expected`);
          continue;
        }
        if (f.role !== 'img') problems.push(`${name}: svg role is ${f.role}, "img" expected`);
        if (!f.label) problems.push(`${name}: svg has no aria-label`);
        if (!f.caption) problems.push(`${name}: no <figcaption> text`);
        if (!(f.box.width > 0 && f.box.height > 0)) {
          problems.push(`${name}: svg box is ${f.box.width} x ${f.box.height}`);
        }
        if (f.nonFinite) problems.push(`${name}: NaN or Infinity in the SVG`);
        if (f.drawn === 0 && f.emptyNote === null) {
          problems.push(`${name}: no empty note and no drawn path/rect/circle in ` +
            `<g class="series"> (${f.series} series, ${f.marks} marks of zero size)`);
        }
        if (f.drawn > 0 && f.emptyNote !== null) {
          problems.push(`${name}: draws series and its empty note "${f.emptyNote}" at once`);
        }
      }
      assert.deepEqual(problems, [], `${problems.length} of ${figures.length} charts are broken`);
      assert.ok(figures.some((f) => f.drawn > 0), 'every chart shows its empty note: no data drawn');
      const empty = figures.filter((f) => f.drawn === 0).map((f) => f.id);
      t.diagnostic(`${figures.length} charts, ${figures.length - empty.length} with data` +
        (empty.length ? `, empty: ${empty.join(', ')}` : ''));
    });

    if (report.capacity) {
      await t.test('the capacity section draws its charts', () => {
        const ids = dom.figures.map((f) => f.id);
        for (const id of ['capacity-throughput', 'capacity-ttft', 'capacity-e2e', 'capacity-itl',
          'capacity-tokens']) {
          const figure = dom.figures.find((f) => f.id === id);
          assert.ok(figure, `no #${id} among ${ids.join(', ')}`);
          assert.ok(figure.drawn >= 3, `#${id} draws ${figure.drawn} marks, one per step expected`);
        }
      });
    }

    await t.test('full-page screenshot kept as an artifact', async (t) => {
      const path = screenshotPath(report.path);
      await opened.page.screenshot({ path, fullPage: true });
      const size = statSync(path).size;
      assert.ok(size > 1000, `screenshot ${path} is only ${size} bytes`);
      t.diagnostic(`screenshot ${path} (${size} bytes, page ${VIEWPORT.width} x ${dom.pageHeight})`);
    });
  });
}
