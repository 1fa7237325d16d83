/**
 * `npm run bench -- ingest`: 100,000 placement rows as one CSV through `POST /v1/cases/bulk` on the
 * real app (HTTP upload, background job, PostgreSQL), against PostgreSQL `COPY` of the same file
 * into a bare table on the same server. Prints rows/s for both, their ratio and peak RSS.
 * Targets (issue 4): under 60 s, and at least 25 % of the COPY rate.
 */
import { Client } from 'pg';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createHttpApp } from '../src/app.factory';
import { PLACEMENT_CSV_COLUMNS } from '../src/cases/domain/placement-row';
import { loadConfig } from '../src/config/app-config';
import { runMigrations } from '../src/database/migrate';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const BASE = process.env.BENCH_PG_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const TRANSLITERATION: Record<string, number> = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 };
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
function vin(i: number): string {
  const chars = `1FTFW1ET5D${String(i).padStart(7, '0')}`.split('');
  const total = chars.reduce((sum, c, k) => sum + (c >= '0' && c <= '9' ? Number(c) : TRANSLITERATION[c]) * WEIGHTS[k], 0);
  chars[8] = total % 11 === 10 ? 'X' : String(total % 11);
  return chars.join('');
}

const REGIONS: [string, string][] = [
  ['US-TX', 'America/Chicago'],
  ['US-CA', 'America/Los_Angeles'],
  ['US-NY', 'America/New_York'],
  ['US-FL', 'America/New_York'],
  ['MX-JAL', 'America/Mexico_City'],
];

/** A realistic row: every borrower field, a vehicle on auto loans (60 %), one row in 500 invalid. */
function record(i: number): string[] {
  const [region, zone] = REGIONS[i % REGIONS.length];
  const auto = i % 5 < 3;
  const month = String((i % 12) + 1).padStart(2, '0');
  const v: Record<string, string> = {
    external_ref: `BENCH-${String(i).padStart(7, '0')}`,
    product: auto ? 'auto_loan' : i % 2 ? 'credit_card' : 'personal_loan',
    currency: region.startsWith('MX') ? 'MXN' : 'USD',
    principal: i % 500 === 7 ? '12.50' : String(500_000 + ((i * 7919) % 4_000_000)),
    interest: String((i * 31) % 90_000),
    fees: String((i * 17) % 20_000),
    origination_date: `2021-${month}-15`,
    first_missed_due_date: `2024-${month}-01`,
    last_payment_date: `2023-${month}-20`,
    borrower_name: `Borrower Number ${i} Example`,
    borrower_phone: `+1512555${String(i % 10_000).padStart(4, '0')}`,
    borrower_email: `borrower.${i}@example.com`,
    borrower_address_line1: `${(i % 9000) + 100} Main Street`,
    borrower_address_line2: i % 3 === 0 ? `Apt ${i % 400}` : '',
    borrower_address_city: 'Austin',
    borrower_address_postal_code: String(73301 + (i % 500)),
    borrower_national_id: `${String(100 + (i % 800)).padStart(3, '0')}-${String(i % 100).padStart(2, '0')}-${String(i % 10_000).padStart(4, '0')}`,
    borrower_timezone: zone,
    borrower_region: region,
    borrower_preferred_language: region.startsWith('MX') ? 'es' : 'en',
    flags: i % 97 === 0 ? 'disputed' : '',
    vehicle_vin: auto ? vin(i) : '',
    vehicle_plate: auto ? `B${String(i).padStart(6, '0')}` : '',
    vehicle_plate_region: auto ? region : '',
    vehicle_make: auto ? 'Ford' : '',
    vehicle_model: auto ? 'F-150' : '',
    vehicle_year: auto ? String(2013 + (i % 10)) : '',
    vehicle_mileage: auto ? String(40_000 + (i % 120_000)) : '',
    vehicle_colour: auto ? 'blue' : '',
    vehicle_valuation_amount: auto ? String(1_500_000 + (i % 900_000)) : '',
    vehicle_valuation_source: auto ? 'Manheim MMR' : '',
    vehicle_valuation_date: auto ? '2024-05-01' : '',
  };
  return PLACEMENT_CSV_COLUMNS.map((c) => v[c.name] ?? '');
}

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

async function writeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${PLACEMENT_CSV_COLUMNS.map((c) => c.name).join(',')}\n`);
  for (let i = 1; i <= ROWS; i++) {
    if (!out.write(`${record(i).map(csvCell).join(',')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** `COPY … FROM STDIN` on a plain pg client: the copy-in sub-protocol driven by hand (no pg-copy-streams). */
function copyFrom(client: Client, sql: string, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let failure: Error | null = null;
    const submittable = {
      submit(connection: any) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: any) {
        const input = createReadStream(path, { highWaterMark: 1 << 20 });
        input.on('data', (chunk) => connection.sendCopyFromChunk(chunk));
        input.on('end', () => connection.endCopyFrom());
        input.on('error', (err) => connection.sendCopyFail(err.message));
      },
      handleCommandComplete() {},
      handleReadyForQuery() {
        if (failure) reject(failure);
        else resolve();
      },
      handleError(err: Error) {
        failure = err;
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
    };
    client.query(submittable as never);
  });
}

async function main(): Promise<void> {
  const database = `reclaim_bench_ingest_${process.pid}`;
  const admin = new Client({ connectionString: `${BASE}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
  await admin.query(`CREATE DATABASE "${database}"`);
  const dir = await mkdtemp(join(tmpdir(), 'reclaim-bench-'));
  const csvPath = join(dir, 'placement.csv');
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    const databaseUrl = `${BASE}/${database}`;
    await runMigrations({ databaseUrl });
    const t0 = Date.now();
    await writeCsv(csvPath);
    const bytes = (await stat(csvPath)).size;
    process.stdout.write(`generated ${ROWS.toLocaleString('en-US')} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB in ${Date.now() - t0} ms\n`);

    const config = loadConfig({
      ...process.env,
      NODE_ENV: 'test',
      APP_ROLE: 'all',
      DATABASE_URL: databaseUrl,
      REDIS_URL: REDIS,
      REDIS_PREFIX: `bench:${database}`,
      RUN_MIGRATIONS: 'false',
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      DATA_DIR: dir,
      AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    });
    const app = await createHttpApp(config);
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    try {
      const registered = await fetch(`${base}/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ org: { name: 'Bench Lender', kind: 'lender', region: 'US-TX' }, user: { email: `bench-${process.pid}@example.com`, password: 'bench-password-123', name: 'Bench' } }),
      });
      if (registered.status !== 201) throw new Error(`register: ${registered.status} ${await registered.text()}`);
      const auth = { authorization: `Bearer ${((await registered.json()) as { access_token: string }).access_token}` };

      const file = await readFile(csvPath);
      const form = new FormData();
      form.append('file', new Blob([file], { type: 'text/csv' }), 'placement.csv');
      const startedAt = performance.now();
      const upload = await fetch(`${base}/v1/cases/bulk`, { method: 'POST', headers: auth, body: form });
      const uploadedAt = performance.now();
      if (upload.status !== 202) throw new Error(`upload: ${upload.status} ${await upload.text()}`);
      const { id } = (await upload.json()) as { id: string };
      let result: { status: string; counts: Record<string, number>; vehicles: Record<string, number>; failure: string | null; progress: { processed_rows: number } };
      let lastShown = -1;
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        result = (await (await fetch(`${base}/v1/imports/${id}`, { headers: auth })).json()) as typeof result;
        const pct = Math.floor((result.progress.processed_rows / ROWS) * 10);
        if (pct !== lastShown) {
          lastShown = pct;
          process.stdout.write(`  ${result.status} ${result.progress.processed_rows.toLocaleString('en-US')} rows after ${((performance.now() - startedAt) / 1000).toFixed(1)} s\n`);
        }
        if (result.status === 'completed' || result.status === 'failed') break;
        if (performance.now() - startedAt > 300_000) throw new Error('import did not finish within 300 s');
      }
      const ingestSeconds = (performance.now() - startedAt) / 1000;
      if (result.status !== 'completed') throw new Error(`import failed: ${result.failure}`);

      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`CREATE TABLE bench_copy (${PLACEMENT_CSV_COLUMNS.map((c) => `${c.name} text`).join(', ')})`);
      const copyStart = performance.now();
      await copyFrom(client, `COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)`, csvPath);
      const copySeconds = (performance.now() - copyStart) / 1000;
      const [{ n }] = (await client.query('SELECT count(*)::int AS n FROM bench_copy')).rows;
      await client.end();

      const ingestRate = ROWS / ingestSeconds;
      const copyRate = n / copySeconds;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const lines = [
        '',
        `ingest  ${ROWS.toLocaleString('en-US')} rows in ${ingestSeconds.toFixed(2)} s (upload ${((uploadedAt - startedAt) / 1000).toFixed(2)} s) = ${Math.round(ingestRate).toLocaleString('en-US')} rows/s`,
        `        created ${result.counts.created}, updated ${result.counts.updated}, unchanged ${result.counts.unchanged}, rejected ${result.counts.rejected}; vehicles created ${result.vehicles.created}`,
        `COPY    ${n.toLocaleString('en-US')} rows in ${copySeconds.toFixed(2)} s = ${Math.round(copyRate).toLocaleString('en-US')} rows/s (bare table, text columns, no index)`,
        `ratio   ingest / COPY = ${((ingestRate / copyRate) * 100).toFixed(1)} % (target ≥ 25 %); total ${ingestSeconds.toFixed(1)} s (target < 60 s)`,
        `peak RSS of the process (app + bench client): ${(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 1024 / 1024).toFixed(0)} MB`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    } finally {
      await app.close();
    }
  } finally {
    clearInterval(sampler);
    await rm(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench ingest failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
