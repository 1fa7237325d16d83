/**
 * `npm run bench -- search`: reads and progress writes under load on 100,000 cases and 5,000 open
 * listings (issue 18 items 3 and 4), each as a ratio to a bare Nest (Fastify) route doing one
 * indexed select, measured in the same run side by side:
 * - `listing-search`: `GET /v1/listings?limit=50` as an eligible agency, 100 connections;
 * - `listing-search-none`: the same as an approved agency eligible for none of the listings (the page that reads the most);
 * - `case-search`: `GET /v1/cases` with filters (status, region, bucket) as the lender, 100 connections;
 * - `progress`: `POST /v1/listings/:id/bids` by 50 concurrent bidders;
 * - `job-progress`: `POST /v1/jobs/:id/events` (a contact attempt) by 50 concurrent field reporters over BENCH_JOBS accepted jobs;
 * - `job-progress-paced`: the same 50 reporters each sending BENCH_PACE reports a second (default 2, so 100 a
 *   second in all, well below what the route serves flat out): the latency a field agent sees at a
 *   steady load rather than at saturation, as a ratio of the bare write's p99 at the same pace to the route's.
 * Each also as a ratio to a bare route answering the same work in one statement (the page's rows,
 * or one INSERT in its own commit), so the gap splits between our code and the size of the work.
 * The load client (autocannon) runs in its own process. Queries per request are counted on the
 * pg driver for one request of each kind. Env: BENCH_SECONDS (default 5), BENCH_REPEATS (default 3),
 * BENCH_CASES (100000), BENCH_LISTINGS (5000), BENCH_JOBS (300), BENCH_SCENARIOS (a comma list of
 * the names above; default all). Throughput counts 2xx answers only.
 */
import 'reflect-metadata';
import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { PiiCipher } from '../src/common/pii/pii-cipher';
import type { LoadJob, LoadResult } from './_load-client';
import { benchLine, benchDatabase, fmt, range, REPEATS, startBenchApi, summarise } from './_support';

const BASE = process.env.BENCH_PG_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 5_000);
/** Accepted jobs the progress reporters spread over. */
const JOBS = Number(process.env.BENCH_JOBS ?? 300);
/** Reports a second per reporter in `job-progress-paced`. */
const PACE = Number(process.env.BENCH_PACE ?? 2);
const ONLY = process.env.BENCH_SCENARIOS ? new Set(process.env.BENCH_SCENARIOS.split(',')) : null;
const RUN = `${Date.now()}`;
const ADMIN = { email: `admin-${RUN}@bench.test`, password: 'bench-admin-password-1' };

function load(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, '_load-client.js'));
    child.once('message', (m: LoadResult) => resolve(m));
    child.once('error', reject);
    child.once('exit', (code) => (code ? reject(new Error(`load client exited with ${code}`)) : undefined));
    child.send(job);
  });
}

/**
 * The baseline: a bare Nest route on Fastify doing one indexed select (a case by primary key).
 * Beside it, a second ceiling that splits the gap between our code and the size of the work: the
 * same page's rows read by one indexed select and answered as they are (50 listings, 50 cases;
 * no eligibility, decryption or presentation), and for the writes one `INSERT` of the report's
 * body in its own commit (the fsync every accepted report pays).
 */
async function bareRoute(databaseUrl: string, lenderOrgId: string): Promise<{ app: NestFastifyApplication; url: string; pool: Pool }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 20 });
  await pool.query('CREATE TABLE IF NOT EXISTS bench_bare_writes (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), body jsonb NOT NULL)');
  @Controller()
  class BareController {
    @Get('bare/cases/:id')
    async one(@Param('id') id: string) {
      return (await pool.query('SELECT id, external_ref, status, principal FROM cases WHERE id = $1', [id])).rows[0] ?? null;
    }

    @Get('bare/page/listings')
    async listings() {
      return { data: (await pool.query(`SELECT * FROM listings WHERE status = 'open' ORDER BY created_at DESC, id DESC LIMIT 50`)).rows };
    }

    @Get('bare/page/cases')
    async cases() {
      const rows = await pool.query(`SELECT * FROM cases WHERE org_id = $1 AND status = 'new' AND borrower_region = 'US-TX' ORDER BY created_at DESC, id DESC LIMIT 50`, [lenderOrgId]);
      return { data: rows.rows };
    }

    @Post('bare/page/writes')
    async write(@Body() body: unknown) {
      return (await pool.query('INSERT INTO bench_bare_writes (body) VALUES ($1) RETURNING id, at', [JSON.stringify(body)])).rows[0];
    }
  }
  @Module({ controllers: [BareController] })
  class BareModule {}
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`, pool };
}

/**
 * Queries the app sends while `fn` runs (nothing else runs meanwhile), counted on TypeORM's query
 * logger hook; with BENCH_QUERY_LOG=1 each one is printed (the query log of one request).
 */
async function countQueries(db: DataSource, label: string, fn: () => Promise<unknown>): Promise<number> {
  const logger = db.logger;
  const original = logger.logQuery;
  let count = 0;
  logger.logQuery = (...args) => {
    count++;
    if (process.env.BENCH_QUERY_LOG) process.stdout.write(`  [${label} #${count}] ${args[0].replace(/\s+/g, ' ').slice(0, 300)}\n`);
    return original.apply(logger, args);
  };
  try {
    await fn();
  } finally {
    logger.logQuery = original;
  }
  return count;
}

/** Until the app holds no pool connection: a run's requests still in flight once the load client stops are not charged to the next run. */
async function drained(db: DataSource): Promise<void> {
  const pool = (db.driver as PostgresDriver).master as Pool;
  while (pool.waitingCount > 0 || pool.idleCount < pool.totalCount) await new Promise((resolve) => setTimeout(resolve, 100));
}

async function main(): Promise<void> {
  const database = `reclaim_bench_search_${RUN}`;
  const { databaseUrl, machine, drop } = await benchDatabase(BASE, database);
  const { app, base, db, call } = await startBenchApi(databaseUrl, REDIS, `bench:search:${RUN}`, ADMIN);
  let bare: Awaited<ReturnType<typeof bareRoute>> | undefined;
  try {
    const lender = await call('POST', '/v1/auth/register', null, { org: { name: 'Bench Lender', kind: 'lender', region: 'US-TX' }, user: { email: `lender-${RUN}@bench.test`, password: 'bench-password-123', name: 'L' } });
    const agency = await call('POST', '/v1/auth/register', null, { org: { name: 'Bench Agency', kind: 'agency', region: 'US-TX' }, user: { email: `agency-${RUN}@bench.test`, password: 'bench-password-123', name: 'A' } });
    const platform = await call('POST', '/v1/auth/login', null, ADMIN);
    await call('PUT', '/v1/partner-profile', agency.access_token, {
      legal_name: 'Bench Recovery LLC', registration_number: 'TX-1', contacts: [{ name: 'A', email: `agency-${RUN}@bench.test` }],
      capabilities: ['soft_collection', 'field_visit'], service_areas: [{ region: 'US-TX' }], capacity: { max_concurrent_jobs: 100_000 },
    });
    await call('POST', '/v1/partner-profile/submit', agency.access_token);
    await call('POST', `/v1/admin/partners/${agency.org.id}/approve`, platform.access_token, { reason: 'bench' });
    // An approved agency serving only US-CA: eligible for none of the (US-TX) listings, the worst page to fill.
    const outsider = await call('POST', '/v1/auth/register', null, { org: { name: 'Bench Outsider', kind: 'agency', region: 'US-CA' }, user: { email: `outsider-${RUN}@bench.test`, password: 'bench-password-123', name: 'O' } });
    await call('PUT', '/v1/partner-profile', outsider.access_token, {
      legal_name: 'Bench Outsider LLC', registration_number: 'CA-1', contacts: [{ name: 'O', email: `outsider-${RUN}@bench.test` }],
      capabilities: ['soft_collection'], service_areas: [{ region: 'US-CA' }], capacity: { max_concurrent_jobs: 10 },
    });
    await call('POST', '/v1/partner-profile/submit', outsider.access_token);
    await call('POST', `/v1/admin/partners/${outsider.org.id}/approve`, platform.access_token, { reason: 'bench' });

    // 100,000 cases in SQL: realistic spread of regions, statuses, days past due; valid ciphertexts (one per field, reused).
    const seeded = performance.now();
    const cipher = app.get(PiiCipher);
    const enc = { name: cipher.encrypt('Bench Borrower'), phone: cipher.encrypt('+15125550100'), email: cipher.encrypt('b@example.com') };
    await db.query(
      `INSERT INTO cases (org_id, external_ref, product, currency, principal, interest, fees, origination_date, first_missed_due_date, status,
                          borrower_name_enc, borrower_phone_enc, borrower_email_enc, pii_key_id, borrower_timezone, borrower_region, fingerprint, created_at, updated_at)
       SELECT $1, 'BENCH-' || g, (ARRAY['auto_loan','personal_loan','credit_card'])[1 + g % 3], 'USD', 100000 + (g * 7919) % 4000000, (g * 31) % 90000, 0,
              DATE '2021-01-01' + (g % 365), DATE '2024-01-01' + (g % 700), CASE WHEN g % 10 = 0 THEN 'resolved' ELSE 'new' END,
              $2, $3, $4, $5, 'America/Chicago', (ARRAY['US-TX','US-CA','US-NY','US-FL'])[1 + g % 4], md5(g::text), now() - g * interval '1 second', now()
         FROM generate_series(1, $6::int) g`,
      [lender.org.id, enc.name, enc.phone, enc.email, cipher.keyIdOf(enc.name), CASES],
    );
    const schedule = await call('POST', '/v1/fee-schedules', lender.access_token, {
      name: 'Bench', schedule: { currency: 'USD', contingency_bps: { M1: 1500, M2: 2000, M3: 2500, 'M4+': 3500 }, min_fee: { amount: 2500, currency: 'USD' }, cap: { amount: 500000, currency: 'USD' } },
    });
    bare = await bareRoute(databaseUrl, lender.org.id);
    const bareUrl = bare.url;
    const [{ id: firstCase }] = await db.query(`SELECT id FROM cases WHERE org_id = $1 AND status = 'new' AND borrower_region = 'US-TX' ORDER BY id LIMIT 1`, [lender.org.id]);
    const template = await call('POST', '/v1/listings', lender.access_token, {
      kind: 'collection', case_ids: [firstCase], bidding_mode: 'sealed', deadline: new Date(Date.now() + 7 * 24 * 3600e3).toISOString(), fee_schedule_id: schedule.id,
      bounds: { max_contingency_bps: 3000 },
    });
    // The other listings are copies of that one, each with its own US-TX case, spread over the last hours.
    const listingColumns = ((await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'listings' AND column_name NOT IN ('id', 'created_at', 'updated_at') ORDER BY ordinal_position`)) as { column_name: string }[]).map((c) => c.column_name);
    const lcColumns = ((await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'listing_cases' AND column_name NOT IN ('listing_id', 'case_id') ORDER BY ordinal_position`)) as { column_name: string }[]).map((c) => c.column_name);
    await db.transaction(async (m) => {
      await m.query(`CREATE TEMP TABLE bench_map ON COMMIT DROP AS
                       SELECT gen_random_uuid() AS listing_id, id AS case_id, row_number() OVER (ORDER BY id) AS n
                         FROM cases WHERE org_id = $1 AND status = 'new' AND borrower_region = 'US-TX' AND id <> $2 ORDER BY id LIMIT $3`, [lender.org.id, firstCase, LISTINGS - 1]);
      await m.query(`INSERT INTO listings (id, ${listingColumns.join(', ')}, created_at, updated_at)
                     SELECT b.listing_id, ${listingColumns.map((c) => `l.${c}`).join(', ')}, l.created_at - b.n * interval '2 seconds', l.updated_at FROM bench_map b, listings l WHERE l.id = $1`, [template.id]);
      await m.query(`INSERT INTO listing_cases (listing_id, case_id, ${lcColumns.join(', ')})
                     SELECT b.listing_id, b.case_id, ${lcColumns.map((c) => `lc.${c}`).join(', ')} FROM bench_map b, listing_cases lc WHERE lc.listing_id = $1`, [template.id]);
      // Each copy has its one lot (the template's, with its own case): eligibility is decided per lot.
      await m.query(`INSERT INTO lots (id, listing_id, key, case_ids, regions, total_balance_amount, currency)
                     SELECT gen_random_uuid(), b.listing_id, lo.key, ARRAY[b.case_id], lo.regions, lo.total_balance_amount, lo.currency FROM bench_map b, lots lo WHERE lo.listing_id = $1`, [template.id]);
      await m.query(`UPDATE cases SET status = 'listed' WHERE id IN (SELECT case_id FROM bench_map)`);
    });
    await db.query('ANALYZE');
    const listingIds = ((await db.query(`SELECT id FROM listings WHERE status = 'open' ORDER BY created_at DESC LIMIT 1000`)) as { id: string }[]).map((r) => r.id);
    const caseIds = ((await db.query(`SELECT id FROM cases ORDER BY id LIMIT 1000`)) as { id: string }[]).map((r) => r.id);
    process.stdout.write(`seeded ${fmt(CASES)} cases and ${fmt(LISTINGS)} open listings in ${((performance.now() - seeded) / 1000).toFixed(1)} s; ${SECONDS} s per measurement, ${REPEATS} repeats after a warm-up\n`);

    // Direct collection jobs accepted by the agency, for field progress reports (POST /v1/jobs/:id/events).
    const jobCases = ((await db.query(`SELECT id FROM cases WHERE org_id = $1 AND status = 'new' AND borrower_region = 'US-TX' ORDER BY id DESC LIMIT $2`, [lender.org.id, JOBS])) as { id: string }[]).map((r) => r.id);
    const jobIds: string[] = [];
    for (const caseId of jobCases) {
      const direct = await call('POST', '/v1/listings', lender.access_token, { kind: 'collection', case_ids: [caseId], bidding_mode: 'direct', direct_partner_id: agency.org.id, fee_schedule_id: schedule.id, bounds: { max_contingency_bps: 3000 } });
      const [{ id: jobId }] = (await db.query(`SELECT id FROM jobs WHERE listing_id = $1`, [direct.id])) as { id: string }[];
      await call('POST', `/v1/jobs/${jobId}/accept`, agency.access_token);
      jobIds.push(jobId);
    }

    const listingPath = '/v1/listings?limit=50';
    const casePath = '/v1/cases?status=new&region=US-TX&bucket=M3,M4%2B&limit=50';
    const bid = JSON.stringify({ contingency_bps: 2200, sla: { first_action_hours: 12, completion_days: 30 }, note: 'bench' });
    // A call at midday in the borrowers' zone (America/Chicago), whatever the hour the bench runs: the
    // contact window admits it. A busy signal is not a placed call (Reg F §1006.14(b)(3)(ii)), so the
    // 7-in-7 cap never refuses the repeats, and the whole compliance check still runs.
    const day = 86_400_000;
    const midday = Math.floor(Date.now() / day) * day + 18 * 3_600_000;
    const occurredAt = new Date(midday > Date.now() ? midday - day : midday).toISOString();
    const report = JSON.stringify({ type: 'contact_attempt', channel: 'call', direction: 'outbound', outcome: 'busy', duration_seconds: 5, occurred_at: occurredAt });
    // Counted on a started job, as every later report is (the first one also starts the job).
    await call('POST', `/v1/jobs/${jobIds[0]}/events`, agency.access_token, JSON.parse(report));
    const queries = {
      listings: await countQueries(db, 'listings', () => call('GET', listingPath, agency.access_token)),
      listingsNoneEligible: await countQueries(db, 'listings-none', () => call('GET', listingPath, outsider.access_token)),
      cases: await countQueries(db, 'cases', () => call('GET', casePath, lender.access_token)),
      bid: await countQueries(db, 'bid', () => call('POST', `/v1/listings/${listingIds[0]}/bids`, agency.access_token, JSON.parse(bid))),
      report: await countQueries(db, 'report', () => call('POST', `/v1/jobs/${jobIds[0]}/events`, agency.access_token, JSON.parse(report))),
    };
    process.stdout.write(`queries per request: bare route 1, GET /v1/listings ${queries.listings} (as a partner eligible for none: ${queries.listingsNoneEligible}), GET /v1/cases ${queries.cases}, POST bid ${queries.bid}, POST job event ${queries.report}\n`);

    const bareJob = (connections: number): LoadJob => ({ url: bareUrl, method: 'GET', headers: {}, paths: caseIds.map((id) => `/bare/cases/${id}`), connections, seconds: SECONDS });
    const pageJob = (path: string, connections: number, body?: string): LoadJob => ({
      url: bareUrl, method: body ? 'POST' : 'GET', headers: body ? { 'content-type': 'application/json' } : {}, paths: [path], body, connections, seconds: SECONDS,
    });
    const reportJob: LoadJob = { url: base, method: 'POST', headers: { authorization: `Bearer ${agency.access_token}`, 'content-type': 'application/json' }, paths: jobIds.map((id) => `/v1/jobs/${id}/events`), body: report, connections: 50, seconds: SECONDS };
    const scenarios: { name: string; connections: number; job: LoadJob; page: LoadJob; what: string; paced?: boolean }[] = [
      { name: 'listing-search', connections: 100, what: 'GET /v1/listings?limit=50 as an eligible agency', job: { url: base, method: 'GET', headers: { authorization: `Bearer ${agency.access_token}` }, paths: [listingPath], connections: 100, seconds: SECONDS }, page: pageJob('/bare/page/listings', 100) },
      {
        name: 'listing-search-none', connections: 100, what: 'GET /v1/listings?limit=50 as an approved agency eligible for none of them',
        job: { url: base, method: 'GET', headers: { authorization: `Bearer ${outsider.access_token}` }, paths: [listingPath], connections: 100, seconds: SECONDS },
        page: pageJob('/bare/page/listings', 100),
      },
      { name: 'case-search', connections: 100, what: `GET ${casePath} as the lender`, job: { url: base, method: 'GET', headers: { authorization: `Bearer ${lender.access_token}` }, paths: [casePath], connections: 100, seconds: SECONDS }, page: pageJob('/bare/page/cases', 100) },
      {
        name: 'progress', connections: 50, what: 'POST /v1/listings/:id/bids, 50 concurrent reporters over 1,000 listings',
        job: { url: base, method: 'POST', headers: { authorization: `Bearer ${agency.access_token}`, 'content-type': 'application/json' }, paths: listingIds.map((id) => `/v1/listings/${id}/bids`), body: bid, connections: 50, seconds: SECONDS },
        page: pageJob('/bare/page/writes', 50, bid),
      },
      {
        name: 'job-progress', connections: 50, what: `POST /v1/jobs/:id/events (contact attempts), 50 concurrent reporters over ${fmt(JOBS)} jobs`,
        job: reportJob,
        page: pageJob('/bare/page/writes', 50, report),
      },
      {
        name: 'job-progress-paced', connections: 50, paced: true, what: `POST /v1/jobs/:id/events (contact attempts), 50 reporters each sending ${PACE} a second over ${fmt(JOBS)} jobs`,
        job: { ...reportJob, connectionRate: PACE },
        page: { ...pageJob('/bare/page/writes', 50, report), connectionRate: PACE },
      },
    ];
    for (const s of scenarios) {
      if (ONLY && !ONLY.has(s.name)) continue;
      await load({ ...s.job, seconds: 1 });
      await load({ ...bareJob(s.connections), seconds: 1 });
      await load({ ...s.page, seconds: 1 });
      const runs: { route: LoadResult; bare: LoadResult; page: LoadResult }[] = [];
      // CPU of this process (the api) per answered request while the route ran: steadier than req/s on a shared machine.
      const cpuPerRequest: number[] = [];
      await drained(db);
      for (let r = 0; r < REPEATS; r++) {
        const cpu = process.cpuUsage();
        const route = await load(s.job);
        await drained(db);
        const used = process.cpuUsage(cpu);
        cpuPerRequest.push((used.user + used.system) / 1000 / Math.max(1, route.total));
        const baseline = await load({ ...bareJob(s.connections), connectionRate: s.job.connectionRate });
        const page = await load(s.page);
        runs.push({ route, bare: baseline, page });
        process.stdout.write(
          `  ${s.name} run ${r + 1}: ${fmt(route.okPerSecond)} req/s p50 ${route.p50} ms p99 ${route.p99} ms, api CPU ${cpuPerRequest[r]!.toFixed(2)} ms/request (statuses ${JSON.stringify(route.statusCodes)}, errors ${route.errors}); bare ${fmt(baseline.okPerSecond)} req/s p99 ${baseline.p99} ms; bare page ${fmt(page.okPerSecond)} req/s p99 ${page.p99} ms\n`,
        );
      }
      const rps = summarise(runs.map((x) => x.route.okPerSecond));
      const bareRps = summarise(runs.map((x) => x.bare.okPerSecond));
      // At a fixed pace both serve the same rate: the figure is the latency the route adds over a bare write.
      const ratio = summarise(runs.map((x) => (s.paced ? x.page.p99 / x.route.p99 : x.route.okPerSecond / x.bare.okPerSecond)));
      const pageRps = summarise(runs.map((x) => x.page.okPerSecond));
      const toPage = summarise(runs.map((x) => x.route.okPerSecond / x.page.okPerSecond));
      const p50 = summarise(runs.map((x) => x.route.p50));
      const p99 = summarise(runs.map((x) => x.route.p99));
      const pageP99 = summarise(runs.map((x) => x.page.p99));
      const versus = s.paced
        ? `bare write (${s.page.paths[0]}) at the same pace p99 ${range(pageP99, 0, ' ms')}; ratio (bare p99 ÷ route p99) ${range(ratio, 3)}`
        : `bare ${range(bareRps)} req/s; ratio ${range(ratio, 3)}; bare page (${s.page.paths[0]}) ${range(pageRps)} req/s, ratio to it ${range(toPage, 3)}`;
      const apiCpu = summarise(cpuPerRequest);
      process.stdout.write(`${s.name}: ${s.what}: ${range(rps)} req/s, p50 ${range(p50, 0, ' ms')}, p99 ${range(p99, 0, ' ms')}, api CPU ${range(apiCpu, 2, ' ms')}/request; ${versus}\n`);
      const baselineWhat = s.paced ? `p99 of a bare route's INSERT in its own commit at the same pace ÷ the route's p99, ${s.connections} reporters` : `bare Nest (Fastify) route, one indexed select, ${s.connections} connections`;
      benchLine(s.name, ratio.median, baselineWhat, {
        route: s.what,
        req_per_s: Math.round(rps.median),
        bare_req_per_s: Math.round(bareRps.median),
        ratio_range: [Number(ratio.min.toFixed(4)), Number(ratio.max.toFixed(4))],
        page_baseline: `bare route answering the same work in one statement: ${s.page.method} ${s.page.paths[0]}`,
        page_baseline_req_per_s: Math.round(pageRps.median),
        ratio_to_page_baseline: Number(toPage.median.toFixed(4)),
        p50_ms: p50.median,
        p99_ms: p99.median,
        p99_range_ms: [p99.min, p99.max],
        non2xx: runs.reduce((n, x) => n + x.route.non2xx, 0),
        status_codes: runs.map((x) => x.route.statusCodes),
        page_p99_ms: pageP99.median,
        api_cpu_ms_per_request: Number(apiCpu.median.toFixed(3)),
        ...(s.job.connectionRate ? { reports_per_s_per_reporter: s.job.connectionRate } : {}),
        queries_per_request: { 'listing-search': queries.listings, 'listing-search-none': queries.listingsNoneEligible, 'case-search': queries.cases, progress: queries.bid, 'job-progress': queries.report, 'job-progress-paced': queries.report }[s.name],
        connections: s.connections,
        cases: CASES,
        listings: LISTINGS,
        repeats: REPEATS,
        ...machine,
      });
    }
  } finally {
    await bare?.app.close();
    await bare?.pool.end();
    await app.close();
    await drop();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench search failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
