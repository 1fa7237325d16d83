import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from './app-config';
import { DEVELOPMENT_ADMIN_EMAIL, readEnvironment } from './environment';

const services = { DATABASE_URL: 'postgres://u@localhost/db', REDIS_URL: 'redis://localhost:6379' };
const freshDir = () => mkdtempSync(path.join(tmpdir(), 'reclaim-env-'));

describe('readEnvironment', () => {
  it('reads .env when present, variables already set winning', () => {
    const cwd = freshDir();
    writeFileSync(path.join(cwd, '.env'), 'PORT=4000\nLOG_LEVEL=debug\nPLATFORM_ADMIN_NAME="Platform admin"\n');
    const { env, notes } = readEnvironment({ NODE_ENV: 'test', LOG_LEVEL: 'warn' }, cwd);
    expect(env).toMatchObject({ PORT: '4000', LOG_LEVEL: 'warn', PLATFORM_ADMIN_NAME: 'Platform admin' });
    expect(notes).toEqual(['read .env']);
  });

  it('takes .env.example as it is, loaded as .env or sourced by a shell', () => {
    const example = path.join(__dirname, '../../.env.example');
    const cwd = freshDir();
    writeFileSync(path.join(cwd, '.env'), readFileSync(example, 'utf8'));
    const { env } = readEnvironment({}, cwd);
    expect(env).toMatchObject({ PLATFORM_ADMIN_NAME: 'Platform admin', SMTP_FROM: 'Reclaim <notifications@reclaim.local>', HOST: '127.0.0.1', DATABASE_URL: '' });
    expect(() => loadConfig({ ...env, ...services })).not.toThrow();

    const sourced = spawnSync('sh', ['-c', 'set -a && . "$1" && env', 'sh', example], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(sourced.stderr).toBe('');
    expect(sourced.status).toBe(0);
    const lines = sourced.stdout.split('\n');
    expect(lines).toEqual(expect.arrayContaining(['PLATFORM_ADMIN_NAME=Platform admin', 'SMTP_FROM=Reclaim <notifications@reclaim.local>', 'HOST=127.0.0.1']));
  });

  it('generates development secrets once into DATA_DIR (mode 0600) and says where the admin password is', () => {
    const cwd = freshDir();
    const first = readEnvironment({ ...services }, cwd);
    const file = path.join(cwd, '.data', 'dev-secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    expect(first.env).toMatchObject({ JWT_SECRET: stored.JWT_SECRET, PII_KEYS: stored.PII_KEYS, PLATFORM_ADMIN_EMAIL: DEVELOPMENT_ADMIN_EMAIL, PLATFORM_ADMIN_PASSWORD: stored.PLATFORM_ADMIN_PASSWORD });
    expect(first.notes).toContain(`platform admin ${DEVELOPMENT_ADMIN_EMAIL}: its password is PLATFORM_ADMIN_PASSWORD in .data/dev-secrets.json`);
    expect(first.notes.join(' ')).not.toContain(stored.PLATFORM_ADMIN_PASSWORD);

    const again = readEnvironment({ ...services }, cwd);
    expect(again.env).toEqual(first.env);
    const config = loadConfig(again.env);
    expect(config.platformAdmin).toMatchObject({ email: DEVELOPMENT_ADMIN_EMAIL, password: stored.PLATFORM_ADMIN_PASSWORD });
    expect(config.pii.keys.get(config.pii.activeKeyId)).toHaveLength(32);

    const elsewhere = readEnvironment({ ...services }, freshDir());
    expect(elsewhere.env.JWT_SECRET).not.toBe(first.env.JWT_SECRET);
    expect(elsewhere.env.PLATFORM_ADMIN_PASSWORD).not.toBe(first.env.PLATFORM_ADMIN_PASSWORD);
  });

  it('keeps what the environment sets and generates only the rest', () => {
    const cwd = freshDir();
    const { env, notes } = readEnvironment({ ...services, JWT_SECRET: 'j'.repeat(40), PLATFORM_ADMIN_EMAIL: 'ops@example.com', PLATFORM_ADMIN_PASSWORD: 'a-long-admin-password' }, cwd);
    expect(env).toMatchObject({ JWT_SECRET: 'j'.repeat(40), PLATFORM_ADMIN_EMAIL: 'ops@example.com', PLATFORM_ADMIN_PASSWORD: 'a-long-admin-password' });
    expect(env.PII_KEYS).toMatch(/^dev1:/);
    expect(notes).toEqual(['development secrets not set in the environment are kept in .data/dev-secrets.json']);
  });

  it('generates nothing in production, which then refuses to start naming every missing secret', () => {
    const cwd = freshDir();
    const { env, notes } = readEnvironment({ ...services, NODE_ENV: 'production' }, cwd);
    expect(notes).toEqual([]);
    expect(env.JWT_SECRET).toBeUndefined();
    expect(() => loadConfig(env)).toThrow('Invalid configuration: JWT_SECRET is required; PII_KEYS is required; PII_ACTIVE_KEY_ID is required; PII_BLIND_INDEX_KEY is required');
  });
});
