// Regenerates src/generated/ from ../../schema.graphql and src/*.graphql and fails when
// the result differs from what git has: the committed types must match the schema.
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });

const codegen = run('npm', ['run', '--silent', 'codegen']);
if (codegen.status !== 0) process.exit(codegen.status ?? 1);

const diff = run('git', ['--no-pager', 'diff', '--exit-code', '--', 'src/generated']);
const untracked = execFileSync(
  'git',
  ['ls-files', '--others', '--exclude-standard', '--', 'src/generated'],
  { cwd: root, encoding: 'utf8' },
).trim();
if (diff.status !== 0 || untracked) {
  if (untracked) console.error(`untracked generated files:\n${untracked}`);
  console.error(
    '\nsrc/generated/ is out of date with schema.graphql or src/*.graphql: ' +
      'run `npm run codegen` in examples/timeline and commit the result.',
  );
  process.exit(1);
}
console.log('src/generated/ is up to date');
