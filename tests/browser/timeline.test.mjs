// The timeline app at `/timeline`: 12 bars, highlights that follow the date range and
// the POSSIBLY/CERTAINLY switch, tooltips with the dates as the source gives them, an
// error from the API shown as such, and a phone-width layout without side scrolling.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, screenshot, startTenure } from './lib.mjs';

let server;
let browser;

before(async () => {
  server = await startTenure();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Waits until the page shows the matches of exactly this range and switch. */
async function applied(page, range) {
  await page.waitForFunction(
    (expected) => document.body.dataset.state === 'ready' && document.body.dataset.applied === expected,
    range,
    { timeout: 15_000 },
  );
}

const highlightedOrdinals = (page) =>
  page.$$eval('.term-bar.highlighted', (bars) => bars.map((bar) => Number(bar.dataset.ordinal)));

async function openTimeline(options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${server.url}/timeline`);
  await applied(page, '2014-01-01..2016-12-31 POSSIBLY');
  return { context, page, requests, errors };
}

test('the timeline draws every term and highlights those that match the range', async () => {
  const { context, page, requests, errors } = await openTimeline({
    viewport: { width: 1280, height: 800 },
  });
  try {
    assert.equal(await page.locator('.term-bar').count(), 12);
    assert.deepEqual(
      await page.$$eval('.term-bar', (bars) => bars.map((bar) => Number(bar.dataset.ordinal))),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    );
    assert.equal(await page.inputValue('#from'), '2014-01-01');
    assert.equal(await page.inputValue('#to'), '2016-12-31');
    assert.deepEqual(await highlightedOrdinals(page), [9, 10, 11]);
    assert.match(await page.textContent('#count'), /^3 of 12 terms match/);

    // Names, countries, and tooltips with the dates as the source gives them.
    const chart = await page.textContent('#chart');
    for (const text of ['Tunku Abdul Rahman', 'Malaysia', 'Iyad bin Amin Madani', 'Saudi Arabia', '1970', '2025']) {
      assert.ok(chart.includes(text), `the chart shows ${text}`);
    }
    assert.equal(
      await page.textContent('.term-bar[data-ordinal="2"] title'),
      'Hassan Tuhami (Egypt): 1974 – 1975',
    );
    assert.equal(
      await page.textContent('.term-bar[data-ordinal="9"] title'),
      'Ekmeleddin İhsanoğlu (Türkiye): 31 December 2004 – 31 January 2014',
    );
    assert.match(await page.textContent('.term-bar[data-ordinal="12"] title'), / – present$/);
    // A YEAR-precision end fades; a DAY-precision one does not; the ongoing term has an arrow.
    const stops = (ordinal) =>
      page.$$eval(`.term-bar[data-ordinal="${ordinal}"] stop`, (all) =>
        all.map((stop) => Number(stop.getAttribute('stop-opacity'))),
      );
    assert.ok(Math.min(...(await stops(2))) < 0.5, 'term 2 (1974 – 1975) fades');
    assert.ok(Math.min(...(await stops(10))) === 1, 'term 10 (days) does not fade');
    assert.equal(await page.locator('.term-bar[data-ordinal="12"] .arrow').count(), 1);
    await screenshot(page, 'timeline');

    // Hovering a bar shows its tooltip.
    await page.hover('.term-bar[data-ordinal="2"] .hit');
    await page.locator('#tooltip').waitFor({ state: 'visible' });
    assert.match(await page.textContent('#tooltip'), /^Hassan Tuhami \(Egypt\): 1974 – 1975/);
    await screenshot(page, 'timeline-tooltip');
    await page.mouse.move(5, 5);

    // 1984-06-01 .. 1985-06-01: Chatty's end (1984) and Pirzada's start (1985) are known
    // only to the year, so both possibly served and neither certainly did.
    await page.fill('#from', '1984-06-01');
    await page.fill('#to', '1985-06-01');
    await page.click('label[for="match-certainly"]');
    await applied(page, '1984-06-01..1985-06-01 CERTAINLY');
    assert.deepEqual(await highlightedOrdinals(page), []);
    assert.match(await page.textContent('#count'), /^0 of 12 terms match/);
    await screenshot(page, 'timeline-1984-certainly');

    await page.click('label[for="match-possibly"]');
    await applied(page, '1984-06-01..1985-06-01 POSSIBLY');
    assert.deepEqual(await highlightedOrdinals(page), [4, 5]);
    assert.match(await page.textContent('#count'), /^2 of 12 terms match/);
    await screenshot(page, 'timeline-1984-possibly');

    // A range that ends before it starts: the API's error is shown, the bars stay.
    await page.fill('#from', '1990-01-01');
    await page.fill('#to', '1980-01-01');
    await page.waitForFunction(() => document.body.dataset.state === 'error');
    const error = page.locator('#error');
    assert.ok(await error.isVisible());
    assert.match(await error.textContent(), /^The API answered: /);
    assert.equal(await page.locator('.term-bar').count(), 12);
    assert.deepEqual(await highlightedOrdinals(page), []);
    await screenshot(page, 'timeline-error');

    const notLocal = requests.filter((url) => !url.startsWith(`${server.url}/`) && !url.startsWith('data:'));
    assert.deepEqual(notLocal, [], 'every request goes to tenure');
    assert.deepEqual(errors, [], 'errors in the page');
  } finally {
    await context.close();
  }
});

test('the timeline is readable at phone width without side scrolling', async () => {
  const { context, page } = await openTimeline({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  try {
    assert.equal(await page.locator('.term-bar').count(), 12);
    assert.deepEqual(await highlightedOrdinals(page), [9, 10, 11]);
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
      svg: document.querySelector('#chart svg').getBoundingClientRect().width,
    }));
    assert.ok(widths.scroll <= 375, `the page is ${widths.scroll} px wide`);
    assert.ok(widths.body <= 375, `the body is ${widths.body} px wide`);
    assert.ok(widths.svg <= 375 && widths.svg > 300, `the chart is ${widths.svg} px wide`);
    // Names stay at a readable size: drawn in CSS pixels, not scaled down.
    const nameSize = await page.$eval('.term-row .label', (label) => {
      const box = label.getBoundingClientRect();
      return { height: box.height, right: box.right, left: box.left };
    });
    assert.ok(nameSize.height >= 12, `a name is ${nameSize.height} px tall`);
    for (const box of await page.$$eval('.term-row .label', (labels) =>
      labels.map((l) => l.getBoundingClientRect()).map((b) => ({ left: b.left, right: b.right })),
    )) {
      assert.ok(box.left >= 0 && box.right <= 375, `a name runs from ${box.left} to ${box.right}`);
    }

    // A tap shows the tooltip.
    await page.tap('.term-bar[data-ordinal="2"] .hit');
    await page.locator('#tooltip').waitFor({ state: 'visible' });
    assert.match(await page.textContent('#tooltip'), /^Hassan Tuhami \(Egypt\): 1974 – 1975/);
    await screenshot(page, 'timeline-phone-tooltip');
    await page.tap('h1');
    await page.locator('#tooltip').waitFor({ state: 'hidden' });
    await screenshot(page, 'timeline-phone');
  } finally {
    await context.close();
  }
});
