// CORS in practice: the timeline app, served from another origin, queries a tenure
// started with `--cors-origin` for that origin; from an origin not on the list, the
// browser refuses the API's answers and the page shows an error and no bars.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, repo, screenshot, serveStatic, startTenure } from './lib.mjs';

const dist = join(repo, 'examples', 'timeline', 'dist');

let allowed;
let denied;
let server;
let browser;

before(async () => {
  allowed = await serveStatic(dist, '/timeline/');
  denied = await serveStatic(dist, '/timeline/');
  server = await startTenure({ corsOrigins: [allowed.origin] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await allowed?.stop();
  await denied?.stop();
});

async function openFrom(origin) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const api = [];
  page.on('request', (request) => {
    if (request.url().startsWith(server.url)) api.push(request.method());
  });
  await page.goto(`${origin}/timeline/index.html?api=${encodeURIComponent(`${server.url}/graphql`)}`);
  return { context, page, api };
}

test('the server names only the allowed origin in its CORS answers', async () => {
  const preflight = (origin) =>
    fetch(`${server.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
      signal: AbortSignal.timeout(15_000),
    });
  const yes = await preflight(allowed.origin);
  assert.equal(yes.headers.get('access-control-allow-origin'), allowed.origin);
  const no = await preflight(denied.origin);
  assert.equal(no.headers.get('access-control-allow-origin'), null);
});

test('from an allowed origin the timeline queries the API and draws 12 bars', async () => {
  const { context, page, api } = await openFrom(allowed.origin);
  try {
    await page.waitForFunction(
      () => document.body.dataset.state === 'ready' && document.body.dataset.applied === '2014-01-01..2016-12-31 POSSIBLY',
      null,
      { timeout: 15_000 },
    );
    assert.equal(await page.locator('.term-bar').count(), 12);
    assert.equal(await page.locator('.term-bar.highlighted').count(), 3);
    assert.ok(await page.locator('#error').isHidden());
    assert.ok(api.includes('GET'), 'the page asked the API on the other origin');
    // The GraphiQL link points at the API's server, not the page's.
    assert.equal(await page.getAttribute('#graphiql-link', 'href'), `${server.url}/`);
    await screenshot(page, 'cors-allowed');
  } finally {
    await context.close();
  }
});

test('from an origin not on the list the page shows an error and no bars', async () => {
  const { context, page } = await openFrom(denied.origin);
  try {
    await page.waitForFunction(() => document.body.dataset.state === 'error', null, {
      timeout: 15_000,
    });
    const error = page.locator('#error');
    assert.ok(await error.isVisible());
    assert.match(await error.textContent(), /^Could not reach the API at http:\/\/127\.0\.0\.1:\d+\/graphql/);
    assert.equal(await page.locator('.term-bar').count(), 0);
    await screenshot(page, 'cors-denied');
  } finally {
    await context.close();
  }
});
