// GraphQL over HTTP conformance audit of a running tenure server.
//
// Runs every server audit of the `graphql-http` package (the reference implementation
// of the GraphQL over HTTP spec) against TENURE_URL (the /graphql endpoint, e.g.
// http://127.0.0.1:8080/graphql) and prints one line per audit: its id, its status and
// its name (which starts with MUST, SHOULD or MAY), and the reason when it did not pass.
//
// graphql-http reports a failed MUST audit as `error`, a failed SHOULD audit as `warn`
// and a failed MAY audit as `notice`. tenure passes every audit, MAY included, so this
// script exits 1 on anything but `ok`.
//
// Usage: TENURE_URL=http://127.0.0.1:8080/graphql node audit.mjs
// (tests/http-audit/run.sh builds and starts the release server and runs this.)

import { serverAudits } from 'graphql-http';

// graphql-http 1.23.1 has 61 server audits (13 MUST, 23 SHOULD, 25 MAY). Fewer means
// the package changed under us or audits were skipped: either way this run proves
// less than it claims, so it fails. Update the figures when upgrading on purpose.
const EXPECTED = { all: 61, must: 13, should: 23 };
// Every request an audit sends gives up after this long, so a hang fails fast.
const TIMEOUT_MS = 10_000;

const url = process.env.TENURE_URL;
if (!url) {
  console.error('audit.mjs: set TENURE_URL to the server\'s GraphQL endpoint, e.g. http://127.0.0.1:8080/graphql');
  process.exit(2);
}

const fetchWithTimeout = (input, init = {}) =>
  fetch(input, { ...init, signal: init.signal ?? AbortSignal.timeout(TIMEOUT_MS) });
const audits = serverAudits({ url, fetchFn: fetchWithTimeout });
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
const failures = [];

for (const audit of audits) {
  let result;
  try {
    result = await audit.fn();
  } catch (err) {
    // An audit that throws (no connection, a body that is not JSON) failed.
    result = { id: audit.id, name: audit.name, status: 'error', reason: `threw: ${err?.stack ?? err}` };
  }
  counts[result.status] = (counts[result.status] ?? 0) + 1;
  let line = `${result.id} ${result.status.padEnd(6)} ${result.name}`;
  if (result.status !== 'ok') {
    let detail = result.reason;
    if (result.response) {
      let body = '';
      try {
        body = await result.response.clone().text();
      } catch {
        // the audit may already have read the body
      }
      detail += ` [HTTP ${result.response.status} ${result.response.headers.get('content-type') ?? ''}${body ? `: ${body.slice(0, 300)}` : ''}]`;
    }
    line += `\n    ${detail}`;
  }
  console.log(line);
  if (result.status !== 'ok') failures.push(result);
}

const must = audits.filter((a) => a.name.startsWith('MUST')).length;
const should = audits.filter((a) => a.name.startsWith('SHOULD')).length;
console.log(
  `\ngraphql-http server audits against ${url}: ${audits.length} audits (${must} MUST, ${should} SHOULD, ` +
    `${audits.length - must - should} MAY): ${counts.ok} ok, ${counts.error} MUST failed (error), ` +
    `${counts.warn} SHOULD failed (warn), ${counts.notice} MAY not met (notice)`,
);
const ran = counts.ok + counts.notice + counts.warn + counts.error;
if (ran !== EXPECTED.all || audits.length !== EXPECTED.all || must !== EXPECTED.must || should !== EXPECTED.should) {
  console.error(
    `audit.mjs: expected ${EXPECTED.all} audits (${EXPECTED.must} MUST, ${EXPECTED.should} SHOULD) to run, ` +
      `but ${ran} of ${audits.length} ran (${must} MUST, ${should} SHOULD)`,
  );
  process.exit(1);
}
if (failures.length > 0) {
  console.error(`audit.mjs: ${failures.length} audit(s) did not pass: ${failures.map((f) => f.id).join(', ')}`);
  process.exit(1);
}
