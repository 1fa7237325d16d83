'use strict';
// `npm test`: makes sure PostgreSQL and Redis answer (starting embedded/local ones if not, like
// `npm start`), runs the web console's component tests (Vitest), then every unit, e2e, security and
// browser test with Jest. Extra arguments go to Jest (and skip Vitest). The browser tests need
// Debian's Chromium at /usr/bin/chromium; without it they are skipped, and this says so.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureServices, ROOT } = require('./local-services');

async function main() {
  // The compiled build is what `npm start` and the Dockerfile run; the boot test runs it too.
  // Type errors are `npm run typecheck`'s to report (tsc still emits), so they do not stop the tests.
  spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
  // Built once here (when stale), so the e2e and browser files that serve it, running in parallel,
  // find it ready instead of both building into dist/console.
  require('./console-build').buildConsole({ ifStale: true });
  if (process.argv.length === 2) {
    const vitest = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'web/vite.config.mts'], { cwd: ROOT, stdio: 'inherit' });
    if (vitest.status !== 0) process.exit(vitest.status ?? 1);
  }
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) {
    process.stdout.write(`The browser tests (test/browser) will NOT run: no Chromium at ${chromium}. Enable them with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).\n`);
  }
  const services = await ensureServices({ database: 'postgres' });
  process.stdout.write(`${services.summary}\n`);
  const databaseUrl = services.env.DATABASE_URL ?? process.env.DATABASE_URL;
  const env = {
    ...process.env,
    TEST_PG_BASE_URL: process.env.TEST_PG_BASE_URL ?? databaseUrl.replace(/\/[^/]*$/, ''),
    TEST_REDIS_URL: process.env.TEST_REDIS_URL ?? services.env.REDIS_URL ?? process.env.REDIS_URL,
  };
  // The parent keeps every file's results; a larger heap than V8's default leaves it room.
  const jest = spawn(process.execPath, ['--max-old-space-size=6144', path.join(ROOT, 'node_modules/jest/bin/jest.js'), ...process.argv.slice(2)], { cwd: ROOT, env, stdio: 'inherit' });
  // Interrupted: Jest stops first, then the servers started above (on its exit, below).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => jest.kill('SIGTERM'));
  jest.on('exit', async (code, signal) => {
    await services.stop();
    if (!fs.existsSync(chromium)) process.stdout.write(`Reminder: the browser tests did not run (no ${chromium}); \`apt-get install -y chromium\` enables them.\n`);
    process.exit(code ?? (signal ? 1 : 0));
  });
}

main().catch((err) => {
  process.stderr.write(`Tests could not start: ${err.message}\n`);
  process.exit(1);
});
