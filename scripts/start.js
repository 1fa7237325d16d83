'use strict';
// `npm start`: builds, makes sure PostgreSQL and Redis are there (starting embedded/local ones if
// not), then runs the API and the worker in one process with migrations and demo data.
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const { ensureServices, ROOT } = require('./local-services');

async function main() {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);

  const services = await ensureServices({ database: 'reclaim' });
  process.stdout.write(`${JSON.stringify({ level: 30, time: new Date().toISOString(), service: 'reclaim', msg: services.summary })}\n`);

  const env = {
    NODE_ENV: 'development',
    APP_ROLE: 'all',
    SEED_DEMO_DATA: 'true',
    PLATFORM_ADMIN_EMAIL: 'admin@demo.reclaim.dev',
    PLATFORM_ADMIN_PASSWORD: 'reclaim-admin-2026',
    ...process.env,
    ...services.env,
  };
  const app = spawn(process.execPath, ['--enable-source-maps', path.join(ROOT, 'dist/src/main.js')], { cwd: ROOT, env, stdio: 'inherit' });
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    app.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  app.on('exit', async (code) => {
    await services.stop();
    process.exit(code ?? 0);
  });
}

main().catch((err) => {
  process.stderr.write(`Reclaim could not start: ${err.message}\n`);
  process.exit(1);
});
