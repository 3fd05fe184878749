// GraphiQL at `/`: loads with every request going to tenure itself, runs the pre-filled
// headline query, and documents the schema's types in the docs pane.
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

/** A page that records every request, and refuses any that would leave the machine. */
async function isolatedPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const requests = [];
  const escaped = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${server.url}/`)) return route.continue();
    escaped.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  return { context, page, requests, escaped, errors };
}

test('a second tab asks who led the four offices on 11 September 2001', async () => {
  const { context, page, errors } = await isolatedPage();
  try {
    await page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ state: 'visible', timeout: 20_000 });
    // GraphiQL names each tab after its operation.
    const tabs = page.locator('.graphiql-tab');
    await tabs.nth(1).waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(await tabs.count(), 2);
    assert.match(await tabs.nth(0).innerText(), /HoldersDuring/);
    assert.match(await tabs.nth(1).innerText(), /LeadersOn11September2001/);
    await tabs.nth(1).getByText('LeadersOn11September2001').click();
    await page.locator('.graphiql-query-editor').getByText('2001-09-11').first().waitFor();
    await run.click();
    const result = await page
      .waitForFunction(
        () => {
          const editor = document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror;
          const text = editor?.getValue() ?? '';
          return text.includes('Abdelouahed Belkeziz') ? text : null;
        },
        null,
        { timeout: 20_000 },
      )
      .catch(async (error) => {
        await screenshot(page, 'playground-across-offices-failed');
        throw error;
      });
    const answer = JSON.parse(await result.jsonValue());
    assert.deepEqual(
      answer.data.servingOn.map((t) => [t.office.organization.abbreviation, t.secretary.name]),
      [
        ['OAS', 'César Gaviria'],
        ['UN', 'Kofi Annan'],
        ['NATO', 'George Robertson'],
        ['OIC', 'Abdelouahed Belkeziz'],
      ],
    );
    await screenshot(page, 'playground-across-offices');
    assert.deepEqual(errors, [], 'errors in the page');
  } finally {
    await context.close();
  }
});

test('GraphiQL loads from tenure alone and runs the headline query', async () => {
  const { context, page, requests, escaped, errors } = await isolatedPage();
  try {
    await page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ state: 'visible', timeout: 20_000 });

    // The editors open on the headline query and its variables.
    await page.locator('.graphiql-query-editor').getByText('HoldersDuring').first().waitFor();
    await page.locator('.graphiql-editor-tool').getByText('2014-01-01').first().waitFor();
    // The header links to the timeline.
    const link = page.locator('a#tenure-timeline-link');
    await link.waitFor({ state: 'visible' });
    assert.equal(await link.getAttribute('href'), '/timeline');

    await run.click();
    // CodeMirror draws only the lines in view: read the whole result from the editor.
    const result = await page.waitForFunction(
      () => {
        const editor = document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror;
        const text = editor?.getValue() ?? '';
        if (!text.includes('Iyad bin Amin Madani')) return null;
        // Scroll the answer to him, for the screenshot.
        const line = text.split('\n').findIndex((l) => l.includes('Iyad bin Amin Madani'));
        editor.scrollIntoView({ line: line + 6, ch: 0 });
        return text;
      },
      null,
      { timeout: 20_000 },
    );
    const answer = JSON.parse(await result.jsonValue());
    const terms = answer.data.office.terms;
    assert.equal(terms.totalCount, 3);
    assert.deepEqual(
      terms.nodes.map((t) => t.secretary.name),
      ['Ekmeleddin İhsanoğlu', 'Iyad bin Amin Madani', 'Yousef Al-Othaimeen'],
    );
    await page
      .locator('.graphiql-response')
      .getByText('Iyad bin Amin Madani')
      .first()
      .waitFor({ state: 'visible' });
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'playground');

    assert.deepEqual(escaped, [], 'requests that would have left the machine');
    const notLocal = requests.filter((url) => !url.startsWith(`${server.url}/`) && !url.startsWith('data:'));
    assert.deepEqual(notLocal, [], 'every request goes to tenure');
    assert.ok(requests.some((url) => url.endsWith('/assets/playground/graphiql.min.js')));
    assert.ok(requests.some((url) => url.endsWith('/graphql')));
    assert.deepEqual(errors, [], 'errors in the page');
  } finally {
    await context.close();
  }
});

test('the docs pane documents Term', async () => {
  const { context, page, escaped } = await isolatedPage();
  try {
    await page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.waitFor({ state: 'visible' });
    // The root type is there once the schema was introspected.
    await docs.getByText('Query', { exact: true }).first().waitFor({ timeout: 20_000 });

    const search = docs.locator('.graphiql-doc-explorer-search input');
    await search.click();
    await search.fill('Term');
    await docs
      .locator('.graphiql-doc-explorer-search-type')
      .getByText('Term', { exact: true })
      .first()
      .click();

    await docs.locator('.graphiql-doc-explorer-title').getByText('Term', { exact: true }).waitFor();
    const text = await docs.innerText();
    assert.match(text, /One continuous tenure of one person in one office\./);
    for (const field of ['ordinal', 'start', 'end', 'isCurrent', 'secretary', 'predecessor']) {
      assert.ok(
        await docs.locator('.graphiql-doc-explorer-field-name', { hasText: new RegExp(`^${field}$`) }).count(),
        `the docs show Term.${field}`,
      );
    }
    assert.match(text, /Position in the office's list of holders, from 1, acting holders included\./);
    await screenshot(page, 'playground-docs-term');
    assert.deepEqual(escaped, []);
  } finally {
    await context.close();
  }
});

test('the explorer builds a query by ticking a field of Office, and it runs', async () => {
  const { context, page, escaped, errors } = await isolatedPage();
  try {
    await page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: 'Show GraphiQL Explorer' }).click();
    // The headline query's fields are ticked; Office.postTitle is not.
    // graphiql-explorer wraps each field with its arguments and sub-fields in a div of
    // class graphiql-explorer-<field name>.
    const postTitle = page
      .locator('.graphiql-explorer-root div.graphiql-explorer-office span[data-field-name="postTitle"]')
      .first();
    await postTitle.waitFor({ state: 'visible', timeout: 20_000 });
    const queryText = () =>
      page.evaluate(() => document.querySelector('.graphiql-query-editor .CodeMirror')?.CodeMirror?.getValue() ?? '');
    assert.doesNotMatch(await queryText(), /postTitle/);

    await postTitle.click();
    await page.waitForFunction(
      () => /postTitle/.test(document.querySelector('.graphiql-query-editor .CodeMirror')?.CodeMirror?.getValue() ?? ''),
      null,
      { timeout: 10_000 },
    );
    // Added as the last field of `office`, at its indentation.
    assert.match(await queryText(), /\n {4}postTitle\n {2}\}\n\}$/);
    await screenshot(page, 'playground-explorer');

    await page.locator('.graphiql-execute-button').click();
    const result = await page.waitForFunction(
      () => {
        const text = document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue() ?? '';
        return text.includes('"postTitle"') ? text : null;
      },
      null,
      { timeout: 20_000 },
    );
    const answer = JSON.parse(await result.jsonValue());
    const expected = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ office(slug: "oic-secretary-general") { postTitle } }' }),
      signal: AbortSignal.timeout(15_000),
    }).then((r) => r.json());
    assert.equal(typeof expected.data.office.postTitle, 'string');
    assert.equal(answer.data.office.postTitle, expected.data.office.postTitle);
    assert.equal(answer.data.office.terms.totalCount, 3, 'the rest of the query still runs');
    await screenshot(page, 'playground-explorer-answer');
    assert.deepEqual(escaped, []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
