// The timeline of an office of many seats: tenure serving a dataset imported from a
// Popolo file (`tenure import popolo`). Anguilla's House of Assembly (11 seats, 49
// terms by 18 people, 8 parties, year-precision dates 1989–2020) is drawn one row per
// member, grouped under the party of each member's latest term; a range highlights
// exactly the terms that possibly cover it; rows stay readable; the axis stays at the
// top of the window as the page scrolls. A generated legislature of 300 members (more
// than 100 terms, so every request pages) is drawn whole. And on a phone the rows fit.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { importPopolo, launchBrowser, screenshot, startTenure } from './lib.mjs';

const ANGUILLA = 'tests/fixtures/popolo/everypolitician/Anguilla-Assembly.json';

let imported;
let server;
let browser;

before(async () => {
  imported = await importPopolo(ANGUILLA);
  server = await startTenure({ data: imported.dir });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  imported?.remove();
});

/** Waits until the page shows `office` with the matches of `range`. */
async function shown(page, office, range) {
  await page.waitForFunction(
    ([office, range]) =>
      document.body.dataset.state === 'ready' &&
      document.body.dataset.office === office &&
      document.body.dataset.applied === range,
    [office, range],
    { timeout: 30_000 },
  );
}

async function open(url, viewport = { width: 1280, height: 800 }, options = {}) {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  const errors = [];
  const api = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/graphql') api.push(new URL(request.url()));
  });
  await page.goto(url);
  return { context, page, errors, api };
}

/** The member rows, top to bottom: [group, name] pairs. */
const rows = (page) =>
  page.$$eval('.member-row', (all) =>
    all.map((row) => [row.dataset.group, row.querySelector('.label.name').textContent]),
  );

/** The titles of the highlighted bars ("Eric REID (Anguilla National Alliance, Valley North): 1999 – 2000"), sorted. */
const highlightedTitles = (page) =>
  page.$$eval('.term-bar.highlighted > title', (titles) => titles.map((t) => t.textContent).sort());

/** Checks that every member row, and the names in it, keep a readable size. */
async function assertReadableRows(page) {
  const sizes = await page.$$eval('.member-row', (all) =>
    all.map((row) => ({
      row: row.querySelector('.row-ground').getBoundingClientRect().height,
      // Left of the bars the name is a text of its own, above them (a phone) a tspan.
      name: row.querySelector('.label.name, .label .name').getBoundingClientRect().height,
      font: parseFloat(getComputedStyle(row.querySelector('.label.name, .label .name')).fontSize),
    })),
  );
  assert.ok(sizes.length > 0);
  for (const { row, name, font } of sizes) {
    assert.ok(row >= 14, `a row is ${row} px tall`);
    assert.ok(name >= 12 && font >= 12, `a name is ${name} px tall (font ${font} px)`);
  }
}

/** Scrolls to the bottom and checks that the axis, with its years, is still at the top of the window. */
async function assertAxisStaysInView(page) {
  const scrolled = await page.evaluate(() => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    return window.scrollY;
  });
  assert.ok(scrolled > 0, 'the page scrolls');
  const axis = await page.$eval('.axis-sticky', (sticky) => {
    const box = sticky.getBoundingClientRect();
    return { top: box.top, height: box.height, years: sticky.textContent };
  });
  assert.ok(Math.abs(axis.top) <= 1 && axis.height >= 20, `the axis is at ${axis.top} px, ${axis.height} px tall`);
  assert.match(axis.years, /2000/);
}

// From the fixture (python over its memberships and persons): 18 people hold the 49
// terms. The party of each one's latest term, members by first start then name.
const ANGUILLA_ROWS = [
  ['Anguilla United Front', 'Kenneth HARRIGAN'],
  ['Anguilla United Front', 'Osbourne B. FLEMING'],
  ['Anguilla United Front', 'Victor BANKS'],
  ['Anguilla United Front', 'Evans McNiel ROGERS'],
  ['Anguilla United Front', 'Othlyn VANTERPOOL'],
  ['Anguilla United Front', 'Cardigan CONNOR'],
  ['Anguilla United Front', 'Cora RICHARDSON-HODGE'],
  ['Anguilla United Front', 'Curtis A. RICHARDSON'],
  ['Anguilla United Front', 'Evalie BRADLEY'],
  ['Anguilla United Movement', 'Hubert Benjamin HUGHES'],
  ['Anguilla United Movement', 'Edison BAIRD'],
  ['Anguilla United Movement', 'Evan GUMBS'],
  ['Anguilla United Movement', 'Walcott RICHARDSON'],
  ['Anguilla National Alliance', 'Emile GUMBS'],
  ['Anguilla National Alliance', 'Eric REID'],
  ['Anguilla Progressive Party', 'Jerome ROBERTS'],
  ['Anguilla Strategic Alliance', 'Albert E. HUGHES'],
  ['Independent', 'Palmavon WEBSTER'],
];

// 2000-01-01 .. 2001-12-31, POSSIBLY: a term matches when its start's earliest day is
// on or before 2001-12-31 and its end's latest day on or after 2000-01-01. The
// fixture's memberships take their dates from their legislative periods; those of
// 1999–2000 (ending some day of 2000) and 2000–2005 match, 1994–1999 (ending by
// 31 December 1999) and 2005–2010 do not: 7 members in each, 14 terms.
const ANGUILLA_2000_2001 = [
  'Albert E. HUGHES (Anguilla United Movement, West End): 2000 – 2005',
  'Albert E. HUGHES (Anguilla United Party, West End): 1999 – 2000',
  'Edison BAIRD (Anguilla Democratic Party, Road North): 1999 – 2000',
  'Edison BAIRD (Independent, Road North): 2000 – 2005',
  'Eric REID (Anguilla National Alliance, Valley North): 1999 – 2000',
  'Eric REID (Anguilla National Alliance, Valley North): 2000 – 2005',
  'Hubert Benjamin HUGHES (Anguilla United Movement, Road South): 2000 – 2005',
  'Hubert Benjamin HUGHES (Anguilla United Party, Road South): 1999 – 2000',
  'Kenneth HARRIGAN (Anguilla National Alliance, Island Harbour): 1999 – 2000',
  'Kenneth HARRIGAN (Anguilla National Alliance, Island Harbour): 2000 – 2005',
  'Osbourne B. FLEMING (Anguilla National Alliance, Sandy Hill): 1999 – 2000',
  'Osbourne B. FLEMING (Anguilla National Alliance, Sandy Hill): 2000 – 2005',
  'Victor BANKS (Anguilla Democratic Party, Valley South): 1999 – 2000',
  'Victor BANKS (Anguilla Democratic Party, Valley South): 2000 – 2005',
];

test('a legislature is drawn one row per member, grouped by party, and highlights the terms of a range', async () => {
  // Without ?office= the page opens the dataset's only office.
  const { context, page, errors, api } = await open(`${server.url}/timeline`);
  try {
    await shown(page, 'legislature', '2014-01-01..2016-12-31 POSSIBLY');
    assert.equal(new URL(page.url()).searchParams.get('office'), null);
    assert.equal(await page.textContent('h1'), 'Member of House of Assembly');
    assert.deepEqual(
      await page.$$eval('#office option:not([disabled])', (options) => options.map((o) => [o.value, o.textContent])),
      [
        ['legislature', 'Member of House of Assembly'],
        ['all', 'All offices'],
      ],
    );
    assert.match(await page.textContent('#summary'), /^49 terms by 18 members \(11 seats\), 1989 – 2020 · grouped by party · /);

    // One row per member, 18, under the parties they last sat for, and 49 bars.
    assert.equal(await page.locator('.member-row').count(), 18);
    assert.deepEqual(await rows(page), ANGUILLA_ROWS);
    assert.equal(await page.locator('.term-bar').count(), 49);
    assert.deepEqual(await page.$$eval('.group-heading', (all) => all.map((h) => h.textContent)), [
      'Anguilla United Front',
      'Anguilla United Movement',
      'Anguilla National Alliance',
      'Anguilla Progressive Party',
      'Anguilla Strategic Alliance',
      'Independent',
    ]);
    assert.deepEqual(await page.$$eval('.group-note', (all) => all.map((n) => n.textContent)), [
      '9 members',
      '4 members',
      '2 members',
      '1 member',
      '1 member',
      '1 member',
    ]);
    // Victor Banks's six terms are on his row, from 1989 to 2020, and his row says
    // where he sat and which other party he sat for.
    const banks = page.locator('.member-row[data-member="victor-banks"]');
    assert.deepEqual(
      await banks.locator('.term-bar > title').allTextContents(),
      [
        'Victor BANKS (Anguilla Democratic Party, Valley South): 1989 – 1994',
        'Victor BANKS (Anguilla Democratic Party, Valley South): 1994 – 1999',
        'Victor BANKS (Anguilla Democratic Party, Valley South): 1999 – 2000',
        'Victor BANKS (Anguilla Democratic Party, Valley South): 2000 – 2005',
        'Victor BANKS (Anguilla United Front, Valley South): 2005 – 2010',
        'Victor BANKS (Anguilla United Front, Valley South): 2015 – 2020',
      ],
    );
    assert.equal(await banks.locator('title').first().textContent(), 'Victor BANKS · Valley South · also Anguilla Democratic Party');
    await assertReadableRows(page);

    // 2000-01-01 .. 2001-12-31: exactly the 14 terms of 1999–2000 and 2000–2005.
    await page.fill('#from', '2000-01-01');
    await page.fill('#to', '2001-12-31');
    await shown(page, 'legislature', '2000-01-01..2001-12-31 POSSIBLY');
    assert.deepEqual(await highlightedTitles(page), ANGUILLA_2000_2001);
    assert.match(await page.textContent('#count'), /^14 of 49 terms match/);
    assert.deepEqual(
      await page.$$eval('.member-row.highlighted', (all) => all.map((row) => row.dataset.member)),
      [
        'kenneth-harrigan',
        'osbourne-b-fleming',
        'victor-banks',
        'hubert-benjamin-hughes',
        'edison-baird',
        'eric-reid',
        'albert-e-hughes',
      ],
    );
    await page.locator('#to').blur();
    await screenshot(page, 'timeline-seats');

    // A tooltip names the term's party and area.
    await page.hover('.member-row[data-member="osbourne-b-fleming"] .term-bar:nth-of-type(1) .hit');
    await page.locator('#tooltip').waitFor({ state: 'visible' });
    assert.match(
      await page.textContent('#tooltip'),
      /^Osbourne B\. FLEMING \(Independent, Sandy Hill\): 1989 – 1994For Independent, representing Sandy Hill/,
    );
    await page.mouse.move(5, 5);

    // The picker's "All offices" still draws one row per term under the office's name.
    await page.selectOption('#office', 'all');
    await shown(page, 'all', '2000-01-01..2001-12-31 POSSIBLY');
    assert.equal(await page.locator('.member-row').count(), 0);
    assert.equal(await page.locator('.term-row').count(), 49);
    assert.equal(await page.locator('.group-heading').count(), 0);
    assert.equal(await page.locator('.term-bar.highlighted').count(), 14);
    await page.selectOption('#office', 'legislature');
    await shown(page, 'legislature', '2000-01-01..2001-12-31 POSSIBLY');
    assert.equal(await page.locator('.member-row').count(), 18);

    await assertAxisStaysInView(page);
    await screenshot(page, 'timeline-seats-scrolled');
    for (const url of api) assert.ok(url.searchParams.get('documentId'), `${url.href} asks by documentId`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('on a phone the members and their terms fit the width', async () => {
  const { context, page, errors } = await open(`${server.url}/timeline?office=legislature`, { width: 375, height: 812 }, {
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  try {
    await shown(page, 'legislature', '2014-01-01..2016-12-31 POSSIBLY');
    assert.equal(await page.locator('.member-row').count(), 18);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= 375, `the page is ${scroll} px wide`);
    for (const box of await page.$$eval('.member-row .label', (labels) =>
      labels.map((l) => l.getBoundingClientRect()).map((b) => ({ left: b.left, right: b.right })),
    )) {
      assert.ok(box.left >= 0 && box.right <= 375, `a label runs from ${box.left} to ${box.right}`);
    }
    await assertReadableRows(page);
    await page.tap('.member-row[data-member="jerome-roberts"] .term-bar .hit');
    await page.locator('#tooltip').waitFor({ state: 'visible' });
    assert.match(await page.textContent('#tooltip'), /^Jerome ROBERTS \(Anguilla Progressive Party, Sandy Hill\): 2010 – 2015/);
    await page.tap('h1');
    await screenshot(page, 'timeline-seats-phone');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

/**
 * A Popolo file of a made-up legislature: `people` members over five legislative
 * periods of four years (2000-01-10 .. 2020-01-09, dates to the day), four parties and
 * 25 constituencies; member k sits from period k mod 5 for one to three periods.
 * Returns the file's JSON and its memberships' periods.
 */
function legislature(people) {
  const given = ['Ada', 'Bram', 'Cleo', 'Dov', 'Esme', 'Femi', 'Gita', 'Hugo', 'Ines', 'Jun', 'Kaia', 'Lev', 'Mira', 'Nils', 'Oona'];
  const family = ['Abara', 'Bello', 'Costa', 'Duval', 'Eze', 'Fonseca', 'Grau', 'Haddad', 'Ivanova', 'Jansen', 'Kato', 'Lund', 'Moreau', 'Novak', 'Okafor', 'Petit', 'Quist', 'Rossi', 'Sato', 'Toure'];
  const parties = ['Harbour Party', 'Hill Alliance', 'Reef Movement', 'Salt Front'];
  const periods = [0, 1, 2, 3, 4].map((i) => ({
    id: `term/${i + 1}`,
    classification: 'legislative period',
    organization_id: 'legislature',
    name: `${2000 + 4 * i}–${2004 + 4 * i}`,
    start_date: `${2000 + 4 * i}-01-10`,
    end_date: `${2004 + 4 * i}-01-09`,
  }));
  const persons = [];
  const memberships = [];
  for (let k = 0; k < people; k++) {
    const id = `person/${k}`;
    persons.push({ id, name: `${given[k % given.length]} ${family[Math.floor(k / given.length) % family.length]}` });
    const first = k % 5;
    const last = Math.min(4, first + ((k * 7) % 3));
    for (let p = first; p <= last; p++) {
      memberships.push({
        person_id: id,
        organization_id: 'legislature',
        role: 'member',
        legislative_period_id: periods[p].id,
        on_behalf_of_id: `party/${k % parties.length}`,
        area_id: `area/${k % 25}`,
      });
    }
  }
  return {
    popolo: {
      meta: { sources: ['https://example.org/made-up-legislature'] },
      persons,
      organizations: [
        { id: 'legislature', classification: 'legislature', name: 'Great Council', seats: 200 },
        ...parties.map((name, i) => ({ id: `party/${i}`, classification: 'party', name })),
      ],
      areas: Array.from({ length: 25 }, (_, i) => ({ id: `area/${i}`, name: `Ward ${i + 1}`, type: 'constituency' })),
      events: periods,
      memberships,
    },
    periodOf: memberships.map((m) => m.legislative_period_id),
  };
}

test('a legislature of 300 members is drawn whole, page after page, under an axis that stays in view', async () => {
  const { popolo, periodOf } = legislature(300);
  const folder = mkdtempSync(join(tmpdir(), 'tenure-legislature-'));
  const file = join(folder, 'legislature.json');
  writeFileSync(file, JSON.stringify(popolo));
  const big = await importPopolo(file);
  const bigServer = await startTenure({ data: big.dir });
  const { context, page, errors, api } = await open(`${bigServer.url}/timeline?office=legislature`);
  try {
    await shown(page, 'legislature', '2014-01-01..2016-12-31 POSSIBLY');
    const terms = periodOf.length;
    assert.ok(terms > 300, `${terms} terms: more than three pages of 100`);
    assert.equal(await page.locator('.member-row').count(), 300);
    assert.equal(await page.locator('.term-bar').count(), terms);
    assert.deepEqual(await page.$$eval('.group-heading', (all) => all.map((h) => h.textContent)), [
      'Harbour Party',
      'Hill Alliance',
      'Reef Movement',
      'Salt Front',
    ]);
    // 2009: the third period (2008-01-10 .. 2012-01-09), to the day, and no other.
    await page.fill('#from', '2009-01-01');
    await page.fill('#to', '2009-12-31');
    await shown(page, 'legislature', '2009-01-01..2009-12-31 POSSIBLY');
    const expected = periodOf.filter((period) => period === 'term/3').length;
    assert.ok(expected > 100, `${expected} matches: more than a page`);
    assert.equal(await page.locator('.term-bar.highlighted').count(), expected);
    assert.match(await page.textContent('#count'), new RegExp(`^${expected} of ${terms} terms match`));
    // The terms came a page at a time, each page after the previous one's cursor.
    const later = api.filter((url) => JSON.parse(url.searchParams.get('variables') ?? '{}').after !== undefined);
    assert.ok(later.length >= 4, `the page asked for ${later.length} pages after a first one`);

    await assertReadableRows(page);
    await screenshot(page, 'timeline-seats-300');
    await assertAxisStaysInView(page);
    const last = await page.$eval('.member-row:last-of-type .label.name', (name) => name.getBoundingClientRect().bottom);
    assert.ok(last <= 800, `the last row is in view at the bottom (${last} px)`);
    await screenshot(page, 'timeline-seats-300-bottom');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await bigServer.stop();
    big.remove();
    rmSync(folder, { recursive: true, force: true });
  }
});
