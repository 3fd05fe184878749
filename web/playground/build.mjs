// Copies GraphiQL's browser bundles, and React's production builds that they need, out of
// node_modules (installed by `npm ci` from package-lock.json, integrity-checked) into
// dist/, with the boot script src/playground.js and a VERSIONS.txt. tenure embeds dist/
// and serves each file at /assets/playground/<file name>.
//
// No bundler: the files are copied byte for byte. The build fails when an installed
// version differs from the exact pin in package.json.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(here, 'package-lock.json'), 'utf8'));

// [npm package, file inside it, file name in dist/]
const FILES = [
  ['react', 'umd/react.production.min.js', 'react.production.min.js'],
  ['react-dom', 'umd/react-dom.production.min.js', 'react-dom.production.min.js'],
  ['graphiql', 'graphiql.min.js', 'graphiql.min.js'],
  ['graphiql', 'graphiql.min.css', 'graphiql.min.css'],
  // The explorer plugin's browser (UMD) build: global GraphiQLPluginExplorer, using the
  // React and GraphiQL.React that the bundles above define. Its 4.x line is the one
  // for GraphiQL 4 (@graphiql/react 0.34).
  ['@graphiql/plugin-explorer', 'dist/index.umd.js', 'graphiql-plugin-explorer.umd.js'],
  ['@graphiql/plugin-explorer', 'dist/style.css', 'graphiql-plugin-explorer.css'],
];

function installed(name) {
  const manifest = JSON.parse(
    readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8'),
  );
  const pinned = pkg.dependencies[name];
  if (manifest.version !== pinned) {
    throw new Error(
      `${name} ${manifest.version} is installed but package.json pins ${pinned}: run \`npm ci\``,
    );
  }
  const locked = lock.packages[`node_modules/${name}`];
  if (!locked || locked.version !== pinned || !locked.integrity) {
    throw new Error(`package-lock.json has no integrity-checked ${name}@${pinned}`);
  }
  return { version: manifest.version, license: manifest.license, integrity: locked.integrity };
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const lines = [
  '# The browser assets of tenure\'s GraphiQL playground, served at /assets/playground/.',
  '# Built by `npm ci && npm run build` in web/playground from package-lock.json.',
  '#',
  '# package@version (license) npm integrity',
];
for (const name of Object.keys(pkg.dependencies)) {
  const p = installed(name);
  lines.push(`${name}@${p.version} (${p.license}) ${p.integrity}`);
}
lines.push('#', '# file sha256 (from package/path)');
const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');
for (const [name, from, to] of FILES) {
  copyFileSync(join(here, 'node_modules', name, from), join(dist, to));
  lines.push(`${to} ${sha256(join(dist, to))} (${name}/${from})`);
}
copyFileSync(join(here, 'src', 'playground.js'), join(dist, 'playground.js'));
lines.push(`playground.js ${sha256(join(dist, 'playground.js'))} (web/playground/src/playground.js)`);
writeFileSync(join(dist, 'VERSIONS.txt'), lines.join('\n') + '\n');
console.log(`wrote ${FILES.length + 2} files to ${dist}`);
