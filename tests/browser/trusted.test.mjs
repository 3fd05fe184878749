// The timeline in production: tenure started with `--trusted-only --trusted-documents`
// and the manifest the timeline's build wrote. The page works, sending only
// `documentId`s (also for the picker and the view of all offices); a document outside
// the manifest is refused; a GET by documentId with
// variables is revalidated with a 304; the log names the document id; and the
// playground says the server is trusted-only.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, repo, screenshot, startTenure } from './lib.mjs';

const manifestPath = join(repo, 'examples', 'timeline', 'dist', 'persisted-documents.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const HTTP_TIMEOUT = 15_000;

let server;
let browser;

before(async () => {
  server = await startTenure({ args: ['--trusted-only', '--trusted-documents', manifestPath] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The id of the manifest's document whose text holds `operation`. */
function idOf(operation) {
  const found = Object.entries(manifest).find(([, text]) => text.startsWith(`query ${operation}`));
  assert.ok(found, `the manifest has ${operation}`);
  return found[0];
}

test('the manifest is keyed by the SHA-256 of each document', () => {
  assert.ok(Object.keys(manifest).length >= 2);
  for (const [key, text] of Object.entries(manifest)) {
    assert.equal(key, `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`);
  }
});

test('the timeline works against a trusted-only server, asking by documentId alone', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const api = [];
  page.on('request', (request) => {
    if (request.url().startsWith(`${server.url}/graphql`)) {
      api.push({ method: request.method(), url: new URL(request.url()), body: request.postData() });
    }
  });
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  try {
    await page.goto(`${server.url}/timeline`);
    await page.waitForFunction(
      () => document.body.dataset.state === 'ready' && document.body.dataset.applied === '2014-01-01..2016-12-31 POSSIBLY',
      null,
      { timeout: 15_000 },
    );
    assert.equal(await page.locator('.term-bar').count(), 12);
    assert.deepEqual(
      await page.$$eval('.term-bar.highlighted', (bars) => bars.map((bar) => Number(bar.dataset.ordinal))),
      [9, 10, 11],
    );
    await page.fill('#from', '1984-06-01');
    await page.fill('#to', '1985-06-01');
    await page.waitForFunction(() => document.body.dataset.applied === '1984-06-01..1985-06-01 POSSIBLY', null, {
      timeout: 15_000,
    });
    assert.deepEqual(
      await page.$$eval('.term-bar.highlighted', (bars) => bars.map((bar) => Number(bar.dataset.ordinal))),
      [4, 5],
    );
    await screenshot(page, 'trusted-timeline');

    // The picker and the view of all offices ask by documentId too.
    assert.equal(await page.locator('#office option:not([disabled])').count(), 5);
    await page.selectOption('#office', 'all');
    await page.waitForFunction(
      () =>
        document.body.dataset.state === 'ready' &&
        document.body.dataset.office === 'all' &&
        document.body.dataset.applied === '1984-06-01..1985-06-01 POSSIBLY',
      null,
      { timeout: 15_000 },
    );
    assert.equal(await page.locator('.office-heading').count(), 4);
    assert.equal(await page.locator('.term-bar').count(), 54);
    assert.deepEqual(
      await page.$$eval('.term-bar.highlighted', (bars) => bars.map((bar) => `${bar.dataset.office} ${bar.dataset.ordinal}`)),
      [
        'nato-secretary-general 5',
        'nato-secretary-general 6',
        'oas-secretary-general 6',
        'oas-secretary-general 7',
        'oas-secretary-general 8',
        'oic-secretary-general 4',
        'oic-secretary-general 5',
        'un-secretary-general 7',
      ],
    );
    await screenshot(page, 'trusted-timeline-all');

    assert.ok(api.length >= 3, `the page asked the API ${api.length} times`);
    for (const { method, url, body } of api) {
      assert.equal(method, 'GET', url.href);
      assert.equal(body, null);
      assert.ok(manifest[url.searchParams.get('documentId')], `${url.href} names a document of the manifest`);
      assert.equal(url.searchParams.get('query'), null, 'no document text is sent');
    }
    assert.deepEqual(errors, []);

    // From the same page, a document outside the manifest is refused.
    const refused = await page.evaluate(async (endpoint) => {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: '{ offices { name } }' }),
      });
      return { status: response.status, body: await response.json() };
    }, `${server.url}/graphql`);
    assert.equal(refused.body.data, undefined);
    assert.equal(refused.body.errors[0].extensions.code, 'TRUSTED_DOCUMENT_REQUIRED');
  } finally {
    await context.close();
  }
});

test('an unknown documentId is not found, and a GET by documentId revalidates with a 304', async () => {
  const unknown = await fetch(
    `${server.url}/graphql?documentId=sha256:${'0'.repeat(64)}`,
    { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(HTTP_TIMEOUT) },
  );
  assert.equal((await unknown.json()).errors[0].extensions.code, 'PERSISTED_QUERY_NOT_FOUND');

  const url = new URL(`${server.url}/graphql`);
  url.searchParams.set('documentId', idOf('MatchingTerms'));
  url.searchParams.set(
    'variables',
    JSON.stringify({ office: 'oic-secretary-general', from: '2014-01-01', to: '2016-12-31', match: 'POSSIBLY' }),
  );
  const first = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(HTTP_TIMEOUT) });
  assert.equal(first.status, 200);
  assert.equal((await first.json()).data.office.terms.nodes.length, 3);
  const etag = first.headers.get('etag');
  assert.match(etag ?? '', /^W\/"/);
  const again = await fetch(url, {
    headers: { accept: 'application/json', 'if-none-match': etag },
    signal: AbortSignal.timeout(HTTP_TIMEOUT),
  });
  assert.equal(again.status, 304);

  // The log line of a request by id names the document.
  const deadline = Date.now() + 5_000;
  const line = new RegExp(`graphql request.*document="?${idOf('MatchingTerms')}`);
  while (!line.test(server.log()) && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 100));
  }
  assert.match(server.log(), line);
});

test('the playground says the server runs only trusted documents', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}/`);
    const notice = page.locator('#tenure-notice');
    await notice.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await notice.innerText(), /runs only trusted documents/);
    await screenshot(page, 'trusted-playground');
  } finally {
    await context.close();
  }
});
