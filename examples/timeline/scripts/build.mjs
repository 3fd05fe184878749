// Builds the timeline app into dist/: index.html, timeline.js (esbuild bundle of
// src/main.ts, the .graphql operations inlined as text) and timeline.css. tenure embeds
// dist/ and serves index.html at /timeline and the others at /timeline/<file name>.
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
  loader: { '.graphql': 'text' },
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
console.log(`built ${readdirSync(dist).sort().join(', ')} in ${dist}`);
