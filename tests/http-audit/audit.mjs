// GraphQL over HTTP conformance audit of a running tenure server.
//
// Runs every server audit of the `graphql-http` package (the reference implementation
// of the GraphQL over HTTP spec) against TENURE_URL (the /graphql endpoint, e.g.
// http://127.0.0.1:8080/graphql) and prints one line per audit: its id, its status and
// its name (which starts with MUST, SHOULD or MAY), and the reason when it did not pass.
//
// graphql-http reports a failed MUST audit as `error`, a failed SHOULD audit as `warn`
// and a failed MAY audit as `notice`. tenure passes every MUST and SHOULD audit, so
// this script exits 1 on any `error` or `warn`; `notice`s are printed but allowed.
//
// Usage: TENURE_URL=http://127.0.0.1:8080/graphql node audit.mjs
// (tests/http-audit/run.sh builds and starts the release server and runs this.)

import { serverAudits } from 'graphql-http';

const url = process.env.TENURE_URL;
if (!url) {
  console.error('audit.mjs: set TENURE_URL to the server\'s GraphQL endpoint, e.g. http://127.0.0.1:8080/graphql');
  process.exit(2);
}

const audits = serverAudits({ url, fetchFn: fetch });
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
  if (result.status === 'warn' || result.status === 'error') failures.push(result);
}

const must = audits.filter((a) => a.name.startsWith('MUST')).length;
const should = audits.filter((a) => a.name.startsWith('SHOULD')).length;
console.log(
  `\ngraphql-http server audits against ${url}: ${audits.length} audits (${must} MUST, ${should} SHOULD, ` +
    `${audits.length - must - should} MAY): ${counts.ok} ok, ${counts.error} MUST failed (error), ` +
    `${counts.warn} SHOULD failed (warn), ${counts.notice} MAY not met (notice)`,
);
if (failures.length > 0) {
  console.error(`audit.mjs: ${failures.length} MUST/SHOULD audit(s) failed: ${failures.map((f) => f.id).join(', ')}`);
  process.exit(1);
}
