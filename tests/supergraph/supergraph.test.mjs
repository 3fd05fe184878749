// tenure in a supergraph, end to end: the release server with --federation and the
// annotations subgraph (examples/supergraph/annotations) are started on free ports,
// composed from what they answer to `_service { sdl }` with
// @theguild/federation-composition, and Hive Gateway is started on that supergraph.
// Through the gateway: the headline query, extended with the annotations' fields,
// answers tenure's facts joined with the annotations; a query that starts at the
// annotations subgraph makes the gateway fetch tenure's objects with `_entities`,
// which tenure admits under its default limits. A fan-out is refused by the gateway's
// demand control from tenure's cost directives alone, before tenure sees it.
//
// Run by tests/supergraph/run.sh, which installs what this needs and sets TENURE_BIN.
// Every process is stopped at the end; every HTTP request has a timeout.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { COMPOSE_URLS, compose, SDL_FILES } from '../../examples/supergraph/compose.mjs';

const repo = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const read = (path) => readFileSync(repo(path), 'utf8');

/** How long one HTTP request may take. */
const REQUEST_TIMEOUT_MS = 10_000;
/** How long a process may take to say it listens. */
const STARTUP_TIMEOUT_MS = 60_000;

const TENURE_BIN = process.env.TENURE_BIN;
const running = [];
const work = mkdtempSync(join(tmpdir(), 'tenure-supergraph-'));
let tenure;
let annotations;
let gateway;

/**
 * Starts a process and resolves with the first match of `ready` in its output; fails
 * if it exits or stays silent for STARTUP_TIMEOUT_MS. Its output is kept for failures.
 */
function start(name, command, args, { cwd, env, ready }) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const entry = { name, child, output: '' };
  running.push(entry);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start in ${STARTUP_TIMEOUT_MS} ms:\n${entry.output}`)),
      STARTUP_TIMEOUT_MS,
    );
    const listen = (chunk) => {
      entry.output += chunk;
      const match = entry.output.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout.setEncoding('utf8').on('data', listen);
    child.stderr.setEncoding('utf8').on('data', listen);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${entry.output}`));
    });
  });
}

/** A port nothing listens on now. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** POSTs a GraphQL request and returns the parsed answer; the status must be 200. */
async function graphql(url, query, variables = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  assert.equal(response.status, 200, `${url} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

async function get(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return { status: response.status, text: await response.text() };
}

async function serviceSdl(url) {
  const answer = await graphql(url, '{ _service { sdl } }');
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
  return answer.data._service.sdl;
}

before(async () => {
  assert.ok(TENURE_BIN, 'TENURE_BIN must name the release binary (tests/supergraph/run.sh sets it)');
  const [, tenureAddress] = await start(
    'tenure',
    TENURE_BIN,
    ['serve', '--federation', '--listen', '127.0.0.1:0', '--data', repo('data'), '--workers', '1'],
    { ready: /listening on (http:\/\/\S+) / },
  );
  tenure = { url: `${tenureAddress}/graphql`, metrics: `${tenureAddress}/metrics` };
  const [annotationsUrl] = await start(
    'annotations',
    process.execPath,
    ['server.mjs'],
    {
      cwd: repo('examples/supergraph/annotations'),
      env: { PORT: '0', HOST: '127.0.0.1' },
      ready: /http:\/\/\S+\/graphql/,
    },
  );
  annotations = { url: annotationsUrl };

  // The supergraph of what the running subgraphs say they are; compose() throws on
  // any composition error.
  const supergraph = compose({
    tenure: { sdl: await serviceSdl(tenure.url), url: tenure.url },
    annotations: { sdl: await serviceSdl(annotations.url), url: annotations.url },
  });
  const supergraphFile = join(work, 'supergraph.graphql');
  writeFileSync(supergraphFile, supergraph);

  const port = await freePort();
  await start(
    'gateway',
    repo('examples/supergraph/node_modules/.bin/hive-gateway'),
    [
      'supergraph',
      supergraphFile,
      '--config-path',
      repo('examples/supergraph/gateway.config.mjs'),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
    ],
    { cwd: work, ready: /Listening on http:\/\/\S+/ },
  );
  gateway = { url: `http://127.0.0.1:${port}/graphql`, readiness: `http://127.0.0.1:${port}/readiness` };
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while ((await get(gateway.readiness)).status !== 200) {
    assert.ok(Date.now() < deadline, 'the gateway did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

after(async () => {
  for (const { child } of running) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  }
  rmSync(work, { recursive: true, force: true });
});

test('the subgraphs compose, and the committed files are what they serve and compose to', async () => {
  assert.equal(await serviceSdl(tenure.url), read('schema.subgraph.graphql'));
  const committed = compose({
    tenure: { sdl: readFileSync(SDL_FILES.tenure, 'utf8'), url: COMPOSE_URLS.tenure },
    annotations: { sdl: readFileSync(SDL_FILES.annotations, 'utf8'), url: COMPOSE_URLS.annotations },
  });
  assert.equal(
    read('examples/supergraph/supergraph.graphql'),
    committed,
    'examples/supergraph/supergraph.graphql is stale: run `npm run compose` there',
  );
});

/** `text` with `addition` put after `anchor`, which must occur exactly once. */
function insertAfter(text, anchor, addition) {
  assert.equal(text.split(anchor).length, 2, `the headline query has one \`${anchor}\``);
  return text.replace(anchor, anchor + addition);
}

test("the headline query through the gateway holds tenure's facts joined with the annotations", async () => {
  const notes = [
    ['annotateOffice', 'oic-secretary-general', 'Lead story of the OIC explainer'],
    ['annotateSecretary', 'iyad-bin-amin-madani', 'Interview requested'],
    ['annotateSecretary', 'yousef-al-othaimeen', 'Photo rights cleared'],
  ];
  for (const [mutation, slug, text] of notes) {
    const answer = await graphql(
      gateway.url,
      `mutation ($slug: String!, $text: String!) { ${mutation}(slug: $slug, text: $text, author: "newsroom") { id } }`,
      { slug, text },
    );
    assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
  }

  let query = read('bench/queries/holders-during.graphql');
  query = insertAfter(query, '    abbreviation\n', '    annotations { text author }\n');
  query = insertAfter(query, 'secretary { name country { code name }', ' annotations { text author }');
  const variables = JSON.parse(read('bench/queries/holders-during.variables.json'));
  const answer = await graphql(gateway.url, query, variables);
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));

  // tenure's part is the README's headline answer, which a Rust test keeps equal to
  // what tenure answers alone.
  const readme = read('README.md');
  const expected = JSON.parse(readme.split('<!-- headline-answer -->\n```json\n')[1].split('\n```')[0]);
  const office = expected.data.office;
  assert.deepEqual(office.terms.nodes.map((t) => t.ordinal), [9, 10, 11]);
  office.annotations = [{ text: notes[0][2], author: 'newsroom' }];
  const onPerson = {
    'Ekmeleddin İhsanoğlu': [],
    'Iyad bin Amin Madani': [{ text: notes[1][2], author: 'newsroom' }],
    'Yousef Al-Othaimeen': [{ text: notes[2][2], author: 'newsroom' }],
  };
  for (const { secretary } of office.terms.nodes) {
    secretary.annotations = onPerson[secretary.name];
  }
  assert.deepEqual(answer, expected);
});

/** The value of each sample of a metric family in Prometheus text, by its labels. */
function samples(metrics, name) {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const at = line.lastIndexOf(' ');
      return { labels: line.slice(name.length, at), value: Number(line.slice(at + 1)) };
    });
}

test("a query that starts at the annotations makes the gateway fetch tenure's entities within its limits", async () => {
  const typo = await graphql(
    gateway.url,
    'mutation { annotateSecretary(slug: "no-such-person", text: "Check the spelling", author: "desk") { id } }',
  );
  assert.equal(typo.errors, undefined, JSON.stringify(typo.errors));

  const answer = await graphql(
    gateway.url,
    `{ latestAnnotations(first: 4) {
         text
         office { name abbreviation incumbent { ordinal } }
         secretary { slug name country { code } terms { ordinal } }
       } }`,
  );
  assert.deepEqual(answer.data.latestAnnotations, [
    { text: 'Check the spelling', office: null, secretary: null },
    {
      text: 'Photo rights cleared',
      office: null,
      secretary: { slug: 'yousef-al-othaimeen', name: 'Yousef Al-Othaimeen', country: { code: 'SA' }, terms: [{ ordinal: 11 }] },
    },
    {
      text: 'Interview requested',
      office: null,
      secretary: { slug: 'iyad-bin-amin-madani', name: 'Iyad bin Amin Madani', country: { code: 'SA' }, terms: [{ ordinal: 10 }] },
    },
    {
      text: 'Lead story of the OIC explainer',
      office: { name: 'Secretary-General of the Organisation of Islamic Cooperation', abbreviation: 'SGOIC', incumbent: { ordinal: 12 } },
      secretary: null,
    },
  ]);
  // The slug tenure does not hold: null, and tenure's coded error passed on.
  assert.equal(answer.errors?.length, 1, JSON.stringify(answer.errors));
  assert.equal(answer.errors[0].extensions.code, 'ENTITY_NOT_FOUND');
  assert.match(answer.errors[0].message, /no Secretary with slug `no-such-person`/);

  // Every request the gateway sent tenure was admitted: none refused by a limit.
  const metrics = (await get(tenure.metrics)).text;
  const requests = samples(metrics, 'tenure_requests_total');
  const admitted = requests
    .filter(({ labels }) => /outcome="(ok|error|cached)"/.test(labels))
    .reduce((sum, { value }) => sum + value, 0);
  assert.ok(admitted >= 2, `tenure answered the gateway: ${JSON.stringify(requests)}`);
  const turnedAway = requests.filter(({ labels, value }) => /outcome="(rejected|refused)"/.test(labels) && value > 0);
  assert.deepEqual(turnedAway, [], 'no request of the gateway was refused');
  assert.deepEqual(
    samples(metrics, 'tenure_limit_refusals_total').filter(({ value }) => value > 0),
    [],
    'no limit refused a request of the gateway',
  );
});

/** How many requests tenure has counted, whatever their outcome. */
async function tenureRequests() {
  const metrics = (await get(tenure.metrics)).text;
  return samples(metrics, 'tenure_requests_total').reduce((sum, { value }) => sum + value, 0);
}

test("the gateway refuses a fan-out from tenure's cost directives before tenure receives it", async () => {
  const supergraph = readFileSync(join(work, 'supergraph.graphql'), 'utf8');
  assert.match(supergraph, /@link\(url: "https:\/\/specs\.apollo\.dev\/cost\/v0\.1", import: \["@cost", "@listSize"\]\)/);
  assert.match(supergraph, /holders\([^)]*\): \[Secretary!\]! @listSize\(assumedSize: 20\)/s);

  const before = await tenureRequests();
  const fanOut = '{ offices { holders { terms { office { holders { name } } } } } }';
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: fanOut }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  console.log(`the gateway answered the fan-out ${response.status}: ${text}`);
  const answer = JSON.parse(text);
  assert.equal(answer.errors?.length, 1, text);
  assert.equal(answer.errors[0].extensions.code, 'COST_ESTIMATED_TOO_EXPENSIVE', text);
  // 10 offices x (1 + 20 holders x (1 + 10 terms x (1 + 1 office x (1 + 20 holders)))).
  assert.deepEqual(answer.errors[0].extensions.cost, { estimated: 44210, max: 5000 });
  assert.ok(!answer.data?.offices, text);
  assert.equal(await tenureRequests(), before, 'tenure received the refused request');

  // The same shape one level shallower is within the gateway's budget and reaches
  // tenure, which answers it.
  const within = await graphql(gateway.url, '{ offices { holders { terms { ordinal } } } }');
  assert.equal(within.errors, undefined, JSON.stringify(within.errors));
  assert.equal(await tenureRequests(), before + 1, 'tenure answered the request within budget');
});
