// Helpers of the browser tests: start the real tenure server on port 0 (on the
// repository's data, or on a dataset imported from a Popolo file), serve a folder from a
// tiny static HTTP server, and launch Debian's Chromium with playwright-core.
import { execFile, spawn } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '..', '..');
export const screenshots = join(here, 'screenshots');
mkdirSync(screenshots, { recursive: true });

// Servers still running when this process exits (a crash, an interrupt) are stopped too.
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

// $TENURE_BIN, else the release build in $CARGO_TARGET_DIR or the repository's target/.
const TENURE_BIN = process.env.TENURE_BIN
  ? resolve(here, process.env.TENURE_BIN)
  : resolve(repo, process.env.CARGO_TARGET_DIR || 'target', 'release', 'tenure');
const DATA = resolve(here, process.env.TENURE_DATA_DIR || '../../data');

/**
 * Starts `tenure serve --listen 127.0.0.1:0 --data DIR` (with `args` after it) and
 * resolves once it prints `listening on http://127.0.0.1:PORT (GraphiQL at /)`. DIR is
 * `data`, else the repository's data (or $TENURE_DATA_DIR).
 * Returns { url, port, stop, log }: url is the base URL, e.g. http://127.0.0.1:4321;
 * log() is what it has written to stderr so far (its last 256 KiB).
 */
export function startTenure({ corsOrigins = [], args: extra = [], data = DATA } = {}) {
  const args = ['serve', '--listen', '127.0.0.1:0', '--data', data, ...extra];
  for (const origin of corsOrigins) args.push('--cors-origin', origin);
  const env = { ...process.env, TENURE_LOG_FORMAT: 'text', NO_COLOR: '1' };
  delete env.TENURE_LISTEN;
  delete env.TENURE_CORS_ORIGINS;
  delete env.TENURE_TRUSTED_DOCUMENTS;
  delete env.TENURE_TRUSTED_ONLY;
  const child = spawn(TENURE_BIN, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-256 * 1024);
  });
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`tenure did not say where it listens within 20 s\n${stderr}`));
    }, 20_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${TENURE_BIN}: ${error.message} (build it with cargo build --release, or set TENURE_BIN)`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tenure exited with ${code} before listening\n${stderr}`));
    });
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(line);
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolvePromise({ url: match[1], port: Number(match[2]), stop, log: () => stderr });
      }
    });
  });
}

/**
 * Runs `tenure import popolo FILE --out DIR` (FILE relative to the repository) into a
 * new temporary folder. Resolves to { dir, remove }: serve `dir` with
 * startTenure({ data: dir }); remove() deletes it.
 */
export function importPopolo(file) {
  const parent = mkdtempSync(join(tmpdir(), 'tenure-popolo-'));
  const dir = join(parent, 'data');
  const remove = () => rmSync(parent, { recursive: true, force: true });
  return new Promise((resolvePromise, reject) => {
    execFile(TENURE_BIN, ['import', 'popolo', resolve(repo, file), '--out', dir], (error, stdout, stderr) => {
      if (error) {
        remove();
        reject(new Error(`tenure import popolo ${file} failed: ${error.message}\n${stdout}${stderr}`));
      } else {
        resolvePromise({ dir, remove });
      }
    });
  });
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the files of `dir` under the path prefix `mount` (e.g. /timeline/) on
 * 127.0.0.1 and a free port. Returns { origin, stop }.
 */
export function serveStatic(dir, mount = '/') {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(mount)) {
      res.writeHead(404).end('not found');
      return;
    }
    const file = normalize(join(root, path.slice(mount.length) || 'index.html'));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    let stat;
    try {
      stat = statSync(file);
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    if (!stat.isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] || 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolvePromise) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolvePromise({
        origin: `http://127.0.0.1:${port}`,
        stop: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/** Launches Debian's Chromium (or $CHROMIUM) headless, with no background networking. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves a full-page screenshot as screenshots/<name>.png and returns its path. */
export async function screenshot(page, name) {
  const path = join(screenshots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
