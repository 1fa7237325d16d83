import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const main = path.resolve(__dirname, '../../dist/src/main.js');

/** Boots the compiled service as `npm start` and the Dockerfile do (npm test builds first). */
describe('boot', () => {
  it('refuses to start with invalid configuration, naming every bad variable in one message', () => {
    expect(existsSync(main)).toBe(true);
    const run = spawnSync(process.execPath, [main], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', APP_ROLE: 'scheduler', DATABASE_URL: 'mysql://x', PII_KEYS: 'k1:short' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(78);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    for (const fragment of ['APP_ROLE must be one of api, worker, all', 'DATABASE_URL must be a postgres:// URL', 'REDIS_URL is required', 'JWT_SECRET is required', 'PII_KEYS entry "k1"', 'PII_BLIND_INDEX_KEY is required']) {
      expect(run.stderr).toContain(fragment);
    }
  });
});
