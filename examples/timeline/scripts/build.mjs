// Builds the timeline app into dist/: index.html, timeline.js (esbuild bundle of
// src/main.ts, which holds only the operations' hashes), timeline.css, and
// persisted-documents.json, the manifest of the documents the app asks for by id (from
// src/generated/, written by `npm run codegen`), for `tenure --trusted-documents`.
// tenure embeds dist/ and serves index.html at /timeline and the others at
// /timeline/<file name>; a tenure started without --trusted-documents knows the
// documents of that built-in manifest.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  entryPoints: [join(root, 'src', 'main.ts')],
  outfile: join(dist, 'timeline.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'none',
  logLevel: 'warning',
});
await build({
  entryPoints: [join(root, 'src', 'timeline.css')],
  outfile: join(dist, 'timeline.css'),
  bundle: true,
  minify: true,
  logLevel: 'warning',
});
copyFileSync(join(root, 'src', 'index.html'), join(dist, 'index.html'));
copyFileSync(
  join(root, 'src', 'generated', 'persisted-documents.json'),
  join(dist, 'persisted-documents.json'),
);
console.log(`built ${readdirSync(dist).sort().join(', ')} in ${dist}`);
