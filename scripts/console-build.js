'use strict';
// The web console (web/, DESIGN §12): type-checked against the API client types generated from
// docs/openapi.json, then bundled by Vite into dist/console, which the API serves at /.
// `node scripts/console-build.js` builds it; `--if-stale` only when it is missing or older than
// any of its sources (what `npm start` and the browser tests use, so they build it at most once).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'dist/console/index.html');
const SOURCES = [path.join(ROOT, 'web'), path.join(ROOT, 'test/contract/generated/reclaim-api.ts'), path.join(ROOT, 'package-lock.json')];

function newestChange(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

function isStale() {
  const built = fs.statSync(OUT, { throwIfNoEntry: false });
  return !built || Math.max(...SOURCES.map(newestChange)) > built.mtimeMs;
}

function run(args, label) {
  // A production bundle even when started under Jest (NODE_ENV=test would give React's development build).
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status ?? result.signal})`);
}

/** Builds the console (or, with ifStale, only when needed); returns whether it built. */
function buildConsole({ ifStale = false, say = (message) => process.stdout.write(`${message}\n`) } = {}) {
  if (ifStale && !isStale()) return false;
  say('building the web console (web/ → dist/console)');
  run([path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'web/tsconfig.json'], 'type-checking the console');
  run([path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.mts', '--logLevel', 'warn'], 'building the console');
  return true;
}

module.exports = { buildConsole, CONSOLE_INDEX: OUT };

if (require.main === module) {
  try {
    buildConsole({ ifStale: process.argv.includes('--if-stale') });
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
