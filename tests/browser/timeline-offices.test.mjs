// The timeline of every office: the picker lists the four offices of the dataset and
// redraws the rows when it changes (and puts `?office=` in the URL); `?office=<slug>`
// opens that office and an unknown slug says so; acting holders are hatched, labelled
// and explained by the legend; and `?office=all` draws every office on one axis, with
// the date-range highlight working across them.
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

const OFFICES = [
  ['nato-secretary-general', 'Secretary General of NATO'],
  ['oas-secretary-general', 'Secretary General of the Organization of American States'],
  ['oic-secretary-general', 'Secretary-General of the Organisation of Islamic Cooperation'],
  ['un-secretary-general', 'Secretary-General of the United Nations'],
];

/** Waits until the page shows `office` ("all" for every office) with the matches of `range`. */
async function shown(page, office, range) {
  await page.waitForFunction(
    ([office, range]) =>
      document.body.dataset.state === 'ready' &&
      document.body.dataset.office === office &&
      document.body.dataset.applied === range,
    [office, range],
    { timeout: 15_000 },
  );
}

/** The bars the page highlights, as "office ordinal" pairs, top to bottom. */
const highlighted = (page) =>
  page.$$eval('.term-bar.highlighted', (bars) => bars.map((bar) => `${bar.dataset.office} ${bar.dataset.ordinal}`));

/** The holders' names, top to bottom. */
const names = (page) =>
  page.$$eval('.term-row .label.name', (labels) => labels.map((label) => label.textContent));

async function open(path, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${server.url}${path}`);
  return { context, page, errors };
}

test('the picker lists every office by name and switching redraws the rows', async () => {
  const { context, page, errors } = await open('/timeline');
  try {
    await shown(page, 'oic-secretary-general', '2014-01-01..2016-12-31 POSSIBLY');
    assert.deepEqual(
      await page.$$eval('#office option:not([disabled])', (options) => options.map((o) => [o.value, o.textContent])),
      [...OFFICES, ['all', 'All offices']],
    );
    assert.equal(await page.inputValue('#office'), 'oic-secretary-general');
    assert.equal(await page.locator('.term-bar').count(), 12);

    await page.selectOption('#office', 'un-secretary-general');
    await shown(page, 'un-secretary-general', '2014-01-01..2016-12-31 POSSIBLY');
    assert.equal(new URL(page.url()).searchParams.get('office'), 'un-secretary-general');
    assert.equal(await page.textContent('h1'), 'Secretary-General of the United Nations');
    assert.equal(await page.locator('.term-bar').count(), 11);
    const un = await names(page);
    assert.equal(un[0], 'Gladwyn Jebb');
    assert.equal(un[10], 'António Guterres');
    assert.ok(!un.includes('Iyad bin Amin Madani'), 'the OIC rows are gone');
    assert.deepEqual(await highlighted(page), ['un-secretary-general 10']);
    assert.match(await page.textContent('#count'), /^1 of 11 terms match/);
    assert.equal(
      await page.textContent('.term-bar[data-ordinal="11"] title'),
      'António Guterres (Portugal): 1 January 2017 – present',
    );
    await screenshot(page, 'timeline-un');

    await page.selectOption('#office', 'nato-secretary-general');
    await shown(page, 'nato-secretary-general', '2014-01-01..2016-12-31 POSSIBLY');
    assert.equal(new URL(page.url()).searchParams.get('office'), 'nato-secretary-general');
    assert.equal(await page.locator('.term-bar').count(), 17);
    const nato = await names(page);
    assert.equal(nato[0], 'Hastings Ismay');
    assert.equal(nato[16], 'Mark Rutte');
    // Rasmussen left on 30 September 2014, Stoltenberg served from 1 October 2014.
    assert.deepEqual(await highlighted(page), ['nato-secretary-general 15', 'nato-secretary-general 16']);
    assert.match(await page.textContent('#count'), /^2 of 17 terms match/);
    assert.deepEqual(errors, [], 'errors in the page');
  } finally {
    await context.close();
  }
});

test('?office=nato-secretary-general opens NATO, its acting terms hatched, labelled and explained', async () => {
  const { context, page, errors } = await open('/timeline?office=nato-secretary-general');
  try {
    await shown(page, 'nato-secretary-general', '2014-01-01..2016-12-31 POSSIBLY');
    assert.equal(await page.inputValue('#office'), 'nato-secretary-general');
    assert.equal(await page.textContent('h1'), 'Secretary General of NATO');
    assert.equal(await page.locator('.term-bar').count(), 17);

    // Balanzino acted twice, Minuto-Rizzo once; no one else acted.
    const acting = await page.$$eval('.term-bar.acting', (bars) =>
      bars.map((bar) => [Number(bar.dataset.ordinal), bar.querySelector('title').textContent]),
    );
    assert.deepEqual(acting, [
      [8, 'Sergio Balanzino (Italy) (acting): 13 August 1994 – 17 October 1994'],
      [10, 'Sergio Balanzino (Italy) (acting): 20 October 1995 – 5 December 1995'],
      [13, 'Alessandro Minuto-Rizzo (Italy) (acting): 17 December 2003 – 1 January 2004'],
    ]);
    // Each acting bar is drawn through the stripes; appointed bars are not.
    assert.equal(await page.locator('.term-bar.acting .hatch[mask="url(#acting-mask)"]').count(), 3);
    assert.equal(await page.locator('.term-bar:not(.acting) .hatch').count(), 0);
    assert.equal(
      await page.textContent('.term-bar[data-ordinal="9"] title'),
      'Willy Claes (Belgium): 17 October 1994 – 20 October 1995',
    );
    // The row says "acting" under the name.
    assert.equal(await page.textContent('.term-row[data-ordinal="8"] .label.country'), 'Italy · acting');
    assert.equal(await page.textContent('.term-row[data-ordinal="9"] .label.country'), 'Belgium');

    const legend = page.locator('.legend-acting');
    assert.ok(await legend.isVisible(), 'the legend explains the hatching');
    assert.match(await legend.innerText(), /hatched: an acting holder/);

    // The tooltip says "(acting)"; an appointed holder's gives the office's number.
    await page.hover('.term-bar[data-ordinal="10"] .hit');
    await page.locator('#tooltip').waitFor({ state: 'visible' });
    const tip = await page.innerText('#tooltip');
    assert.match(tip, /^Sergio Balanzino \(Italy\) \(acting\): 20 October 1995 – 5 December 1995/);
    assert.match(tip, /Acting Secretary General of NATO, between appointed holders/);
    await screenshot(page, 'timeline-nato-acting');
    await page.hover('.term-bar[data-ordinal="17"] .hit');
    await page.waitForFunction(() => document.querySelector('#tooltip').textContent.startsWith('Mark Rutte'));
    assert.match(await page.innerText('#tooltip'), /14th Secretary General of NATO/);
    await page.mouse.move(5, 5);
    await screenshot(page, 'timeline-nato');
    assert.deepEqual(errors, [], 'errors in the page');
  } finally {
    await context.close();
  }
});

test('an unknown office says so and leaves the picker to choose one', async () => {
  const { context, page, errors } = await open('/timeline?office=league-of-nations');
  try {
    await page.waitForFunction(() => document.body.dataset.state === 'error', null, { timeout: 15_000 });
    assert.equal(
      await page.textContent('#error'),
      'There is no office “league-of-nations” in this dataset: choose one from the list.',
    );
    assert.equal(await page.locator('.term-bar').count(), 0);
    assert.equal(await page.inputValue('#office'), '');
    assert.equal(await page.locator('#office option:not([disabled])').count(), 5);
    await screenshot(page, 'timeline-unknown-office');

    await page.selectOption('#office', 'oic-secretary-general');
    await shown(page, 'oic-secretary-general', '2014-01-01..2016-12-31 POSSIBLY');
    assert.ok(await page.locator('#error').isHidden(), 'the message is gone');
    assert.equal(new URL(page.url()).searchParams.get('office'), 'oic-secretary-general');
    assert.equal(await page.locator('.term-bar').count(), 12);
    assert.deepEqual(errors, [], 'errors in the page');
  } finally {
    await context.close();
  }
});

test('all offices share one axis, each under its name, and the range highlights across them', async () => {
  const { context, page, errors } = await open('/timeline?office=all');
  try {
    await shown(page, 'all', '2014-01-01..2016-12-31 POSSIBLY');
    assert.equal(await page.inputValue('#office'), 'all');
    assert.equal(await page.textContent('h1'), 'All offices');
    assert.deepEqual(
      await page.$$eval('.office-heading', (headings) => headings.map((h) => [h.dataset.office, h.textContent])),
      OFFICES,
    );
    assert.equal(await page.locator('.term-bar').count(), 17 + 14 + 12 + 11);
    assert.equal(await page.locator('.term-bar.acting').count(), 3 + 3 + 0 + 2);
    const all = await names(page);
    for (const name of ['Mark Rutte', 'Albert Ramdin', 'Hissein Brahim Taha', 'António Guterres']) {
      assert.ok(all.includes(name), `the chart shows ${name}`);
    }
    // Every office's rows sit below its heading and above the next one's.
    const tops = await page.$$eval('.office-heading', (headings) => headings.map((h) => h.getBoundingClientRect().top));
    const rutte = await page.locator('.term-row[data-office="nato-secretary-general"][data-ordinal="17"]').boundingBox();
    assert.ok(rutte.y > tops[0] && rutte.y < tops[1], 'Rutte is in the NATO group');

    // 11 September 2001: one holder of each office possibly served; Belkeziz's start is
    // known only to the year (2001), so he did not certainly.
    await page.fill('#from', '2001-09-11');
    await page.fill('#to', '2001-09-11');
    await shown(page, 'all', '2001-09-11..2001-09-11 POSSIBLY');
    assert.deepEqual(await highlighted(page), [
      'nato-secretary-general 12',
      'oas-secretary-general 9',
      'oic-secretary-general 8',
      'un-secretary-general 9',
    ]);
    assert.deepEqual(
      await page.$$eval('.term-row.highlighted .label.name', (labels) => labels.map((l) => l.textContent)),
      ['George Robertson', 'César Gaviria', 'Abdelouahed Belkeziz', 'Kofi Annan'],
    );
    assert.match(await page.textContent('#count'), /^4 of 54 terms match/);
    await screenshot(page, 'timeline-all-2001');

    await page.click('label[for="match-certainly"]');
    await shown(page, 'all', '2001-09-11..2001-09-11 CERTAINLY');
    assert.deepEqual(await highlighted(page), [
      'nato-secretary-general 12',
      'oas-secretary-general 9',
      'un-secretary-general 9',
    ]);
    assert.match(await page.textContent('#count'), /^3 of 54 terms match/);

    // Back to one office from the picker, with the range kept.
    await page.selectOption('#office', 'oic-secretary-general');
    await shown(page, 'oic-secretary-general', '2001-09-11..2001-09-11 CERTAINLY');
    assert.equal(await page.locator('.office-heading').count(), 0);
    assert.deepEqual(await highlighted(page), []);
    assert.match(await page.textContent('#count'), /^0 of 12 terms match/);
    assert.deepEqual(errors, [], 'errors in the page');
  } finally {
    await context.close();
  }
});

test('all offices fit a phone screen without side scrolling', async () => {
  const { context, page } = await open('/timeline?office=all', { width: 375, height: 812 });
  try {
    await shown(page, 'all', '2014-01-01..2016-12-31 POSSIBLY');
    assert.deepEqual(
      await page.$$eval('.office-heading', (headings) => headings.map((h) => h.textContent)),
      OFFICES.map(([, name]) => name),
    );
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= 375, `the page is ${scroll} px wide`);
    // A long name takes two lines rather than running off the screen.
    for (const box of await page.$$eval('.office-heading', (headings) =>
      headings.map((h) => h.getBoundingClientRect()).map((b) => ({ left: b.left, right: b.right })),
    )) {
      assert.ok(box.left >= 0 && box.right <= 375, `a heading runs from ${box.left} to ${box.right}`);
    }
    await screenshot(page, 'timeline-all-phone');
  } finally {
    await context.close();
  }
});
