/**
 * `npm run bench -- ingest`: placement CSVs of 10,000, 50,000 and 100,000 rows through
 * `POST /v1/cases/bulk` on the real app (streamed HTTP upload, background job, PostgreSQL), each
 * size repeated (median and range), against two ceilings measured in the same run:
 * - bare `COPY` of the same file into a text table without indexes (the issue's baseline);
 * - the storage work itself: `COPY` of the already-prepared rows (encrypted, blind-indexed,
 *   fingerprinted) into the real `cases` and `vehicles` tables with all their indexes.
 * Each import's counts are checked exactly, and a re-upload of the largest file must come back
 * all `unchanged`. Prints rows/s per size (flat = linear), peak RSS, and one `BENCH {…}` line.
 * Env: BENCH_SIZES (default 10000,50000,100000), BENCH_REPEATS (default 3).
 */
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { benchLine, describeMachine, fmt, range, REPEATS, summarise } from './_support';
import { createHttpApp } from '../src/app.factory';
import { PLACEMENT_CSV_COLUMNS } from '../src/cases/domain/placement-row';
import { PLACED_CASE_COLUMNS } from '../src/cases/placement-prepare';
import { loadConfig } from '../src/config/app-config';
import { runMigrations } from '../src/database/migrate';

const SIZES = (process.env.BENCH_SIZES ?? '10000,50000,100000').split(',').map(Number);
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

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${PLACEMENT_CSV_COLUMNS.map((c) => c.name).join(',')}\n`);
  for (let i = 1; i <= rows; i++) {
    if (!out.write(`${record(i).map(csvCell).join(',')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}


/** Rows the generator makes invalid (a principal with a decimal point): one in 500. */
const badRows = (rows: number): number => Math.floor((rows - 7) / 500) + (rows >= 7 ? 1 : 0);

/** Streams the file as multipart/form-data over node:http: the client never holds the file. */
async function upload(base: string, token: string, path: string): Promise<{ status: number; body: string }> {
  const boundary = `----reclaim-bench-${process.pid}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="placement.csv"\r\nContent-Type: text/csv\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = (await stat(path)).size;
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}/v1/cases/bulk`,
      { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + size + tail.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.write(head);
    const file = createReadStream(path, { highWaterMark: 1 << 20 });
    file.on('error', reject);
    file.on('end', () => req.end(tail));
    file.pipe(req, { end: false });
  });
}

async function copyFileInto(client: Client, sql: string, path: string): Promise<void> {
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), client.query(copyFrom(sql)));
}

async function copyOut(client: Client, sql: string, path: string): Promise<void> {
  await pipeline(client.query(copyTo(sql)), createWriteStream(path));
}

interface ImportResult {
  status: string;
  counts: { created: number; updated: number; unchanged: number; rejected: number };
  vehicles: { created: number; updated: number };
  failure: string | null;
}

async function main(): Promise<void> {
  const database = `reclaim_bench_ingest_${process.pid}`;
  const admin = new Client({ connectionString: `${BASE}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
  await admin.query(`CREATE DATABASE "${database}"`);
  const dir = await mkdtemp(join(tmpdir(), 'reclaim-bench-'));
  const databaseUrl = `${BASE}/${database}`;
  try {
    await runMigrations({ databaseUrl });
    const machine = await describeMachine(databaseUrl);
    const files = new Map<number, string>();
    for (const rows of [2000, ...SIZES]) {
      const path = join(dir, `placement-${rows}.csv`);
      await writeCsv(path, rows);
      files.set(rows, path);
    }
    const largest = Math.max(...SIZES);
    process.stdout.write(`files: ${SIZES.map((n) => `${fmt(n)} rows`).join(', ')}; largest ${((await stat(files.get(largest)!)).size / 1024 / 1024).toFixed(1)} MB; ${REPEATS} repeats each after a warm-up\n`);

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
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`CREATE TABLE bench_copy (${PLACEMENT_CSV_COLUMNS.map((c) => `${c.name} text`).join(', ')})`);
    let lenders = 0;
    const newLender = async (): Promise<{ token: string; orgId: string }> => {
      lenders++;
      const res = await fetch(`${base}/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ org: { name: `Bench Lender ${lenders}`, kind: 'lender', region: 'US-TX' }, user: { email: `bench-${process.pid}-${lenders}@example.com`, password: 'bench-password-123', name: 'Bench' } }),
      });
      if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { access_token: string; org: { id: string } };
      return { token: body.access_token, orgId: body.org.id };
    };

    /** One import end to end (upload → completed), with the peak RSS of this process while it ran. */
    const ingest = async (token: string, rows: number): Promise<{ seconds: number; peakRss: number; result: ImportResult }> => {
      global.gc?.();
      let peakRss = process.memoryUsage().rss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
      const startedAt = performance.now();
      try {
        const res = await upload(base, token, files.get(rows)!);
        if (res.status !== 202) throw new Error(`upload: ${res.status} ${res.body}`);
        const { id } = JSON.parse(res.body) as { id: string };
        for (;;) {
          await new Promise((resolve) => setTimeout(resolve, 25));
          const result = (await (await fetch(`${base}/v1/imports/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as ImportResult;
          if (result.status === 'failed') throw new Error(`import failed: ${result.failure}`);
          if (result.status === 'completed') return { seconds: (performance.now() - startedAt) / 1000, peakRss, result };
          if (performance.now() - startedAt > 300_000) throw new Error('import did not finish within 300 s');
        }
      } finally {
        clearInterval(sampler);
      }
    };

    const bareCopy = async (rows: number): Promise<number> => {
      await client.query('TRUNCATE bench_copy');
      const started = performance.now();
      await copyFileInto(client, `COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)`, files.get(rows)!);
      return rows / ((performance.now() - started) / 1000);
    };

    /** COPY of one lender's prepared rows into the real tables (all indexes) for a fresh lender. */
    const storageCeiling = async (fromOrg: string, toOrg: string, rows: number): Promise<number> => {
      const cols = PLACED_CASE_COLUMNS.join(', ');
      const casesFile = join(dir, 'prepared-cases.copy');
      const vehiclesFile = join(dir, 'prepared-vehicles.copy');
      const vcols = 'vin, plate, plate_region, make, model, year, mileage, colour, valuation_amount, valuation_currency, valuation_source, valuation_date, status, created_at, updated_at';
      // New ids in the order of the old ones, as the table's own time-ordered default would give.
      await client.query(`DROP TABLE IF EXISTS ceiling_ids`);
      await client.query(`CREATE TEMP TABLE ceiling_ids AS SELECT id AS old_id, reclaim_uuid_v7() AS new_id FROM (SELECT id FROM cases WHERE org_id = '${fromOrg}' ORDER BY id) c`);
      await copyOut(client, `COPY (SELECT m.new_id, '${toOrg}'::uuid, ${cols}, status, last_import_id, created_at, updated_at FROM cases c JOIN ceiling_ids m ON m.old_id = c.id ORDER BY m.new_id) TO STDOUT`, casesFile);
      await copyOut(client, `COPY (SELECT reclaim_uuid_v7(), '${toOrg}'::uuid, m.new_id, ${vcols} FROM vehicles v JOIN ceiling_ids m ON m.old_id = v.case_id ORDER BY m.new_id) TO STDOUT`, vehiclesFile);
      const started = performance.now();
      await client.query('BEGIN');
      await copyFileInto(client, `COPY cases (id, org_id, ${cols}, status, last_import_id, created_at, updated_at) FROM STDIN`, casesFile);
      await copyFileInto(client, `COPY vehicles (id, org_id, case_id, ${vcols}) FROM STDIN`, vehiclesFile);
      await client.query('COMMIT');
      return (rows - badRows(rows)) / ((performance.now() - started) / 1000);
    };

    try {
      // Warm-up: JIT, connections, plans.
      await bareCopy(2000);
      await ingest((await newLender()).token, 2000);

      interface SizeFigures { ingest: number[]; copy: number[]; peakRss: number[] }
      const figures = new Map<number, SizeFigures>();
      const reupload: number[] = [];
      const ceiling: number[] = [];
      for (const rows of SIZES) {
        const f: SizeFigures = { ingest: [], copy: [], peakRss: [] };
        figures.set(rows, f);
        for (let r = 0; r < REPEATS; r++) {
          f.copy.push(await bareCopy(rows));
          const lender = await newLender();
          const run = await ingest(lender.token, rows);
          const valid = rows - badRows(rows);
          const c = run.result.counts;
          if (c.created !== valid || c.updated !== 0 || c.unchanged !== 0 || c.rejected !== badRows(rows)) throw new Error(`counts of a first upload of ${rows} rows are wrong: ${JSON.stringify(c)}`);
          f.ingest.push(rows / run.seconds);
          f.peakRss.push(run.peakRss);
          process.stdout.write(`  ${fmt(rows)} rows, run ${r + 1}: ingest ${fmt(rows / run.seconds)} rows/s (${run.seconds.toFixed(2)} s), bare COPY ${fmt(f.copy[r]!)} rows/s, peak RSS ${fmt(run.peakRss / 1048576)} MB\n`);
          if (rows === largest) {
            const again = await ingest(lender.token, rows);
            const a = again.result.counts;
            if (a.created !== 0 || a.updated !== 0 || a.unchanged !== valid || a.rejected !== badRows(rows)) throw new Error(`a re-upload is not all unchanged: ${JSON.stringify(a)}`);
            reupload.push(rows / again.seconds);
            f.peakRss.push(again.peakRss);
            ceiling.push(await storageCeiling(lender.orgId, (await newLender()).orgId, rows));
            process.stdout.write(`  ${fmt(rows)} rows, run ${r + 1}: re-upload (all unchanged) ${fmt(rows / again.seconds)} rows/s; storage ceiling (COPY prepared rows into cases + vehicles) ${fmt(ceiling[r]!)} rows/s\n`);
          }
        }
      }

      const lines = ['', `rows      ingest rows/s              bare COPY rows/s            ingest ÷ COPY       peak RSS`];
      for (const [rows, f] of figures) {
        const ratios = f.ingest.map((v, i) => v / f.copy[i]!);
        lines.push(`${fmt(rows).padEnd(9)} ${range(summarise(f.ingest)).padEnd(26)} ${range(summarise(f.copy)).padEnd(27)} ${range(summarise(ratios), 3).padEnd(19)} ${fmt(Math.max(...f.peakRss) / 1048576)} MB`);
      }
      const big = figures.get(largest)!;
      const ingestRate = summarise(big.ingest);
      const copyRate = summarise(big.copy);
      const ceilingRate = summarise(ceiling);
      const ratio = summarise(big.ingest.map((v, i) => v / big.copy[i]!));
      const toCeiling = summarise(big.ingest.map((v, i) => v / ceiling[i]!));
      const peak = Math.max(...big.peakRss) / 1048576;
      lines.push(
        `re-upload of ${fmt(largest)} rows (all unchanged): ${range(summarise(reupload))} rows/s`,
        `storage ceiling (COPY of prepared rows into cases + vehicles with their indexes): ${range(ceilingRate)} rows/s; ingest ÷ ceiling ${range(toCeiling, 3)}`,
        `peak RSS of the process (app + bench client) during an import: ${fmt(peak)} MB; lifetime max ${fmt(process.resourceUsage().maxRSS / 1024)} MB`,
        '',
      );
      process.stdout.write(`${lines.join('\n')}\n`);
      benchLine('ingest', ratio.median, `bare COPY of the same ${largest}-row CSV into an unindexed text table`, {
        rows: largest,
        ingest_rows_per_s: Math.round(ingestRate.median),
        ingest_range: [Math.round(ingestRate.min), Math.round(ingestRate.max)],
        copy_rows_per_s: Math.round(copyRate.median),
        ratio_range: [Number(ratio.min.toFixed(4)), Number(ratio.max.toFixed(4))],
        ceiling_rows_per_s: Math.round(ceilingRate.median),
        ratio_to_ceiling: Number(toCeiling.median.toFixed(4)),
        reupload_rows_per_s: Math.round(summarise(reupload).median),
        by_size: Object.fromEntries([...figures].map(([rows, f]) => [rows, Math.round(summarise(f.ingest).median)])),
        peak_rss_mb: Math.round(peak),
        repeats: REPEATS,
        ...machine,
      });
    } finally {
      await client.end();
      await app.close();
    }
  } finally {
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
