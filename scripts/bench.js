'use strict';
// `npm run bench -- <scenario> [args]`: builds, makes sure PostgreSQL and Redis answer, then runs
// dist/bench/<scenario>.js. Each scenario measures itself against a baseline in the same run and
// prints ratios (never absolute pass/fail). Without a scenario, every one runs in turn.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureServices, ROOT } = require('./local-services');

async function main() {
  const [scenario, ...args] = process.argv.slice(2);
  const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const available = fs.readdirSync(path.join(ROOT, 'bench')).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).map((f) => f.replace(/\.ts$/, ''));
  const scenarios = scenario ? [scenario] : available;
  for (const name of scenarios) {
    if (!available.includes(name)) throw new Error(`unknown bench scenario "${name}"; available: ${available.join(', ')}`);
  }
  const services = await ensureServices({ database: 'reclaim_bench' });
  process.stdout.write(`${services.summary}\n`);
  let failed = false;
  // Interrupted: the running scenario got the signal too; stop before the next, then stop the servers.
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => (interrupted = true));
  for (const name of scenarios) {
    if (interrupted) break;
    process.stdout.write(`\n=== bench: ${name} ===\n`);
    const run = spawnSync(process.execPath, ['--expose-gc', path.join(ROOT, 'dist/bench', `${name}.js`), ...args], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, ...services.env, BENCH_PG_BASE_URL: (services.env.DATABASE_URL ?? process.env.DATABASE_URL).replace(/\/[^/]*$/, '') },
    });
    failed ||= run.status !== 0;
  }
  await services.stop();
  process.exit(failed || interrupted ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err.message}\n`);
  process.exit(1);
});
