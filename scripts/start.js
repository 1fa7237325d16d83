'use strict';
// `npm start`: reads .env when present, builds (the web console too when it is missing or stale),
// makes sure PostgreSQL and Redis are there (starting embedded/local ones if not), then runs the API
// and the worker in one process with migrations and demo data (development secrets generated into
// .data/ on first start; see README).
//
// One shutdown path (issue 10 §2): whatever ends the run — SIGINT, SIGTERM or SIGHUP to this
// process, the app exiting, or the `npm start` process above it going away (npm does not pass
// SIGTERM on) — it stops the app first, then every server it started, newest first, and logs each.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureServices, ROOT } = require('./local-services');

const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
const APP_STOP_TIMEOUT_MS = 20_000;

const envFile = path.join(ROOT, '.env');
if (fs.existsSync(envFile)) process.loadEnvFile(envFile);

const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
// The web console at / (web/ → dist/console), rebuilt only when it is missing or older than its sources.
try {
  require('./console-build').buildConsole({ ifStale: true });
} catch (err) {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}

// The app's own logger (JSON, or human-readable on a terminal), so both speak alike.
const { createRootLogger } = require(path.join(ROOT, 'dist/src/common/logging/logger.js'));
const log = createRootLogger({ logLevel: 'info', role: 'npm-start' });

let services = null;
let app = null;
let stopping = null;

function shutdown(reason, exitCode) {
  stopping ??= (async () => {
    log.info(`${reason}: stopping the app, then the servers npm start started`);
    await starting.catch(() => undefined);
    if (app && app.exitCode === null && app.signalCode === null) {
      const exited = new Promise((resolve) => app.once('exit', resolve));
      app.kill('SIGTERM');
      const timer = setTimeout(() => {
        log.warn(`the app did not stop within ${APP_STOP_TIMEOUT_MS / 1000} s; killing it`);
        app.kill('SIGKILL');
      }, APP_STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    if (services) await services.stop();
    log.info({ exitCode }, 'npm start stopped everything it started');
    process.exit(exitCode);
  })();
  return stopping;
}

for (const [signal, number] of Object.entries(SIGNAL_NUMBERS)) process.on(signal, () => void shutdown(`${signal} received`, 128 + number));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void shutdown('the npm process that started this is gone', 128 + SIGNAL_NUMBERS.SIGTERM);
}, 500).unref();

const starting = (async () => {
  services = await ensureServices({ database: 'reclaim', say: (message) => log.info(message) });
  log.info(services.summary);
  if (stopping) return;
  const env = { NODE_ENV: 'development', APP_ROLE: 'all', SEED_DEMO_DATA: 'true', ...process.env, ...services.env };
  // The IPC channel lets the app notice if this process dies without a chance to stop it (kill -9).
  app = spawn(process.execPath, ['--enable-source-maps', path.join(ROOT, 'dist/src/main.js')], { cwd: ROOT, env, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  app.on('exit', (code, signal) => void shutdown(`the app exited (${signal ?? `code ${code}`})`, code ?? 1));
})();

starting.catch((err) => {
  process.stderr.write(`Reclaim could not start: ${err?.message ?? err}\n`);
  process.exit(1);
});
