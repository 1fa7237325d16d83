/**
 * `npm run bench -- analytics` (issue 17): a generated history of 200 partners, 20,000 accepted jobs
 * over 24 months, 4 kinds and 10 regions, with the counters 1,000,000 progress events would leave
 * and 20,000 promises, on a fresh database. Reports the scorecard's and the award score's read
 * latency (p50/p99, through `ScorecardQueries` in the app, without HTTP), then the cost of keeping
 * the aggregates current: `job.progress` events/s through the scorecard subscriber, each in its own
 * transaction as the dispatcher runs it, against the same transactions writing only the
 * dispatcher's idempotency record.
 *
 * The lender portfolio: 100,000 cases of one lender placed over 24 months (4 products, 10 regions)
 * through the read model's own bulk path (`PortfolioFacts.record`, as a bulk placement's event
 * runs it), payments, closings, repossessions, lots and settlements; the report's latency for the
 * lender, the lender filtered, and the platform; `payment.received` events/s through the portfolio
 * subscriber against the bare idempotency write.
 */
import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { createHttpApp } from '../src/app.factory';
import { PartnerScorecardSubscriber } from '../src/analytics/partner-scorecard.subscriber';
import { PortfolioFacts } from '../src/analytics/portfolio-facts.service';
import { PortfolioQueries } from '../src/analytics/portfolio-queries.service';
import { PortfolioSubscriber } from '../src/analytics/portfolio.subscriber';
import { recoveryCurveSvg, rollRatesSvg } from '../src/analytics/report-charts';
import type { PlacedCase } from '../src/cases/case-placements.service';
import { ScorecardQueries } from '../src/analytics/scorecard-queries.service';
import type { DomainEventMessage } from '../src/common/outbox/domain-event';
import type { Principal } from '../src/common/tenancy/principal';
import { loadConfig } from '../src/config/app-config';
import { runMigrations } from '../src/database/migrate';

const PARTNERS = 200;
const JOBS = Number(process.env.BENCH_JOBS ?? 20_000);
const PROGRESS_EVENTS = 1_000_000;
const READS = Number(process.env.BENCH_READS ?? 500);
const INGEST = Number(process.env.BENCH_INGEST ?? 3_000);
const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const PRODUCTS = ['auto_loan', 'auto_lease', 'personal_loan', 'credit_card'] as const;
const DAY_MS = 86_400_000;
const BASE = process.env.BENCH_PG_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUN = `${Date.now()}`;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const ms = (x: number) => `${x.toFixed(2)} ms`;

/** The history, generated in SQL: job facts, their monthly counters and money, promises. */
async function generate(db: DataSource): Promise<string[]> {
  await db.query(
    `INSERT INTO analytics_jobs (job_id, partner_org_id, lender_org_id, kind, region, month, currency, units, recovered_units, accepted_at, first_action_at, completed_at, ended_at)
     SELECT gen_random_uuid(), p.id, '00000000-0000-4000-8000-000000000001', (ARRAY['collection','repossession','transport','skip_trace'])[1 + i % 4], 'US-R' || (i % 10),
            date_trunc('month', a)::date, 'USD', ARRAY[i::text], CASE WHEN i % 3 = 0 THEN ARRAY[i::text] ELSE '{}' END,
            a, a + (i % 48) * interval '1 hour', CASE WHEN i % 2 = 0 THEN a + (i % 40) * interval '1 day' END, CASE WHEN i % 2 = 0 THEN a + (i % 40) * interval '1 day' END
       FROM generate_series(1, $1::int) i
       CROSS JOIN LATERAL (SELECT now() - (i % 730) * interval '1 day' AS a) t
       JOIN (SELECT row_number() OVER () - 1 AS n, id FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, $2::int)) x) p ON p.n = i % $2`,
    [JOBS, PARTNERS],
  );
  const perJob = Math.round(PROGRESS_EVENTS / JOBS);
  await db.query(
    `INSERT INTO analytics_partner_months (partner_org_id, kind, region, month, jobs_assigned, cases_assigned, cases_recovered, contact_attempts, right_party_contacts, milestones_on_time, milestones_breached, complaints_upheld, holds, holds_acknowledged_on_time)
     SELECT partner_org_id, kind, region, month, count(*), count(*), count(*) FILTER (WHERE cardinality(recovered_units) > 0), count(*) * $1, count(*) * $1 / 5,
            count(*) FILTER (WHERE first_action_at <= accepted_at + interval '24 hours'), count(*) FILTER (WHERE first_action_at > accepted_at + interval '24 hours'), count(*) / 50, count(*) / 20, count(*) / 25
       FROM analytics_jobs GROUP BY 1, 2, 3, 4`,
    [perJob],
  );
  await db.query(
    `INSERT INTO analytics_partner_money (partner_org_id, kind, region, month, currency, assigned, recovered)
     SELECT partner_org_id, kind, region, month, 'USD', count(*) * 500000, count(*) FILTER (WHERE cardinality(recovered_units) > 0) * 120000 FROM analytics_jobs GROUP BY 1, 2, 3, 4`,
  );
  await db.query(
    `INSERT INTO analytics_promises (event_id, job_id, amount, currency, made_on, promised_on, paid_in_time)
     SELECT gen_random_uuid(), job_id, 5000, 'USD', accepted_at::date, accepted_at::date + 7, CASE WHEN random() < 0.6 THEN 5000 ELSE 0 END FROM analytics_jobs WHERE kind = 'collection'`,
  );
  await db.query('ANALYZE');
  return ((await db.query(`SELECT DISTINCT partner_org_id AS id FROM analytics_jobs`)) as { id: string }[]).map((r) => r.id);
}

async function timed(n: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run(i);
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const database = `reclaim_bench_analytics_${RUN}`;
  const admin = new Client({ connectionString: `${BASE}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const databaseUrl = `${BASE}/${database}`;
  await runMigrations({ databaseUrl });
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'development',
    APP_ROLE: 'api',
    DATABASE_URL: databaseUrl,
    REDIS_URL: REDIS,
    REDIS_PREFIX: `bench:analytics:${RUN}`,
    RUN_MIGRATIONS: 'false',
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    SMTP_URL: '',
  });
  const app = await createHttpApp(config);
  await app.init();
  try {
    const db = app.get<DataSource>(getDataSourceToken());
    const t0 = performance.now();
    const partners = await generate(db);
    process.stdout.write(`generated ${JOBS.toLocaleString('en-US')} jobs of ${PARTNERS} partners (counters of ${PROGRESS_EVENTS.toLocaleString('en-US')} progress events) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

    const queries = app.get(ScorecardQueries);
    const platform: Principal = { orgId: randomUUID(), orgKind: 'platform', role: 'admin', userId: null, apiKeyId: null };
    await timed(50, (i) => queries.scorecard(platform, partners[i % partners.length]!, {}));
    const all = await timed(READS, (i) => queries.scorecard(platform, partners[i % partners.length]!, {}));
    const filtered = await timed(READS, (i) => queries.scorecard(platform, partners[i % partners.length]!, { kind: 'collection', region: 'US-R3', from: '2025-01-01' }));
    const scoring = await timed(READS, (i) => queries.scoringRecords(db.manager, partners.slice(i % 190, (i % 190) + 5), 'collection', 'US-R3'));

    // Ingest: contact attempts on existing jobs, one transaction per event as the dispatcher runs them.
    const subscriber = app.get(PartnerScorecardSubscriber);
    const jobs = (await db.query(`SELECT job_id, partner_org_id FROM analytics_jobs WHERE kind = 'collection' LIMIT 500`)) as { job_id: string; partner_org_id: string }[];
    const event = (i: number): DomainEventMessage<'job.progress'> => {
      const job = jobs[i % jobs.length]!;
      const at = new Date().toISOString();
      return {
        id: randomUUID(),
        type: 'job.progress',
        aggregate_type: 'job',
        aggregate_id: job.job_id,
        org_ids: [job.partner_org_id],
        occurred_at: at,
        payload: {
          job_id: job.job_id,
          job_title: 'bench',
          listing_id: randomUUID(),
          lot_key: 'all',
          partner_org_id: job.partner_org_id,
          kind: 'collection',
          lender_org_id: randomUUID(),
          case_ids: [],
          vehicle_id: null,
          event_id: randomUUID(),
          case_id: null,
          occurred_at: at,
          recorded_at: at,
          after_hold: false,
          type: 'contact_attempt',
          contact_outcome: i % 4 === 0 ? 'right_party_contact' : 'no_answer',
          promise: null,
        },
      };
    };
    const rate = async (run: (i: number) => Promise<unknown>) => {
      const started = performance.now();
      for (let i = 0; i < INGEST; i++) await run(i);
      return INGEST / ((performance.now() - started) / 1000);
    };
    // Both write the row the dispatcher writes per event (its idempotency record), so both pay a commit's WAL flush.
    await db.query('CREATE TABLE bench_consumed (id uuid PRIMARY KEY)');
    const consumed = (m: EntityManager) => m.query('INSERT INTO bench_consumed (id) VALUES ($1)', [randomUUID()]);
    const bare = await rate(() => db.transaction((m) => consumed(m)));
    const kept = await rate((i) => db.transaction(async (m) => (await consumed(m), await subscriber.handle(event(i), m))));

    const folio = await portfolioBench(app.get(PortfolioFacts), app.get(PortfolioQueries), app.get(PortfolioSubscriber), db, platform, consumed);

    process.stdout.write(
      [
        `scorecard (all kinds, all months)      p50 ${ms(percentile(all, 50))}  p99 ${ms(percentile(all, 99))}  (${READS} reads)`,
        `scorecard (kind, region, from)         p50 ${ms(percentile(filtered, 50))}  p99 ${ms(percentile(filtered, 99))}`,
        `award score inputs (5 partners)        p50 ${ms(percentile(scoring, 50))}  p99 ${ms(percentile(scoring, 99))}`,
        `ingest job.progress, one per transaction: ${kept.toFixed(0)} events/s with the aggregates, ${bare.toFixed(0)} events/s without (the idempotency record alone), ratio ${(kept / bare).toFixed(2)}`,
        ...folio.lines,
        `BENCH analytics scorecard_p50_ms=${percentile(all, 50).toFixed(2)} scorecard_p99_ms=${percentile(all, 99).toFixed(2)} scoring_p99_ms=${percentile(scoring, 99).toFixed(2)} ingest_eps=${kept.toFixed(0)} baseline_eps=${bare.toFixed(0)} ${folio.metrics}`,
      ].join('\n') + '\n',
    );
  } finally {
    await app.close().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  }
}

/** The lender portfolio: 100,000 cases of one lender and what happened to them, then the report's latency and the ingest cost. */
async function portfolioBench(
  facts: PortfolioFacts,
  queries: PortfolioQueries,
  subscriber: PortfolioSubscriber,
  db: DataSource,
  platform: Principal,
  consumed: (m: EntityManager) => Promise<unknown>,
): Promise<{ lines: string[]; metrics: string }> {
  const lender = randomUUID();
  const today = new Date();
  const cases: PlacedCase[] = Array.from({ length: CASES }, (_, i) => {
    const placedAt = new Date(today.getTime() - (i % 730) * DAY_MS);
    return {
      id: randomUUID(),
      lenderOrgId: lender,
      product: PRODUCTS[i % PRODUCTS.length]!,
      region: `US-R${i % 10}`,
      currency: 'USD',
      totalDue: 100_000 + (i % 50) * 10_000,
      firstMissedDueDate: new Date(placedAt.getTime() - (5 + (i % 120)) * DAY_MS).toISOString().slice(0, 10),
      placedAt,
    };
  });
  const t0 = performance.now();
  await db.transaction((m) => facts.record(m, cases));
  const placeSeconds = (performance.now() - t0) / 1000;
  // A third of the cases pay something at a random age (the recovery curve), one in ten closes (the roll matrix), in SQL.
  await db.query(
    `INSERT INTO analytics_portfolio_recoveries (lender_org_id, product, region, month, currency, step, recovered)
     SELECT lender_org_id, product, region, date_trunc('month', placed_on)::date, currency, s, sum(amount_placed / 10)
       FROM analytics_portfolio_cases CROSS JOIN LATERAL (SELECT (abs(hashtext(case_id::text)) % 12) AS s) x
      WHERE abs(hashtext(case_id::text)) % 3 = 0 GROUP BY 1, 2, 3, 4, 5, 6
     ON CONFLICT DO NOTHING`,
  );
  const closing = cases.filter((_, i) => i % 10 === 0).slice(0, 2_000);
  const t1 = performance.now();
  for (const c of closing) {
    await db.transaction(async (m) => {
      const fact = await facts.caseFact(m, c.id);
      if (fact) await facts.closed(m, fact, new Date(Math.min(today.getTime(), c.placedAt.getTime() + 90 * DAY_MS)).toISOString().slice(0, 10));
    });
  }
  const closeEps = closing.length / ((performance.now() - t1) / 1000);
  await db.query(
    `INSERT INTO analytics_portfolio_costs (lender_org_id, product, region, month, partner_org_id, kind, currency, fees, recovered)
     SELECT $1, p, 'US-R' || r, date_trunc('month', now() - m * interval '1 month')::date, gen_random_uuid(), k, 'USD', 150000, 1000000
       FROM unnest($2::text[]) p, generate_series(0, 9) r, generate_series(0, 23) m, unnest(ARRAY['collection', 'repossession']) k`,
    [lender, [...PRODUCTS]],
  );
  for (const [table, cols, values] of [
    ['repossessions', 'recoveries, voluntary, timed, hours_to_recovery', '40, 10, 40, 40 * 24 * 9'],
    ['auctions', 'currency, lots_closed, sold, no_sale, paid, proceeds, valued_sold, valued_proceeds, valuation, released_from_storage, storage_days', `'USD', 30, 24, 6, 22, 24 * 800000, 20, 20 * 800000, 20 * 900000, 22, 22 * 21`],
    ['settlements', 'currency, settlements, proceeds, surplus, surplus_count, deficiency, deficiency_count', `'USD', 24, 24 * 800000, 300000, 3, 24 * 200000, 21`],
  ] as const) {
    await db.query(
      `INSERT INTO analytics_portfolio_${table} (lender_org_id, product, region, month, ${cols})
       SELECT $1, p, 'US-R' || r, date_trunc('month', now() - m * interval '1 month')::date, ${values} FROM unnest($2::text[]) p, generate_series(0, 9) r, generate_series(0, 23) m`,
      [lender, [...PRODUCTS]],
    );
  }
  await db.query('ANALYZE');
  const rows = Number((await db.query(`SELECT count(*) AS n FROM analytics_portfolio_rolls`))[0].n);

  const me: Principal = { orgId: lender, orgKind: 'lender', role: 'viewer', userId: null, apiKeyId: null };
  const year = { from: new Date(today.getTime() - 365 * DAY_MS).toISOString().slice(0, 10) };
  await timed(20, () => queries.portfolio(me, year));
  const all = await timed(READS, () => queries.portfolio(me, year));
  const filtered = await timed(READS, (i) => queries.portfolio(me, { ...year, product: PRODUCTS[i % 4], region: `US-R${i % 10}` }));
  const wide = await timed(Math.min(READS, 200), () => queries.portfolio(platform, { from: new Date(today.getTime() - 730 * DAY_MS).toISOString().slice(0, 10) }));
  const report = await queries.portfolio(me, year);
  const charts = await timed(READS, () => Promise.resolve([recoveryCurveSvg(report), rollRatesSvg(report)]));

  const payment = (i: number): DomainEventMessage<'payment.received'> => {
    const c = cases[(i * 7919) % cases.length]!;
    const at = new Date().toISOString();
    return {
      id: randomUUID(),
      type: 'payment.received',
      aggregate_type: 'payment',
      aggregate_id: randomUUID(),
      org_ids: [lender],
      occurred_at: at,
      payload: { payment_id: randomUUID(), case_id: c.id, amount: { amount: 5_000, currency: 'USD' }, job_id: null, partner_org_id: null, commission: { amount: 0, currency: 'USD' }, received_on: at.slice(0, 10), tail_period: false, case_resolved: false },
    };
  };
  const rate = async (run: (i: number) => Promise<unknown>) => {
    const started = performance.now();
    for (let i = 0; i < INGEST; i++) await run(i);
    return INGEST / ((performance.now() - started) / 1000);
  };
  const bare = await rate(() => db.transaction((m) => consumed(m)));
  const kept = await rate((i) => db.transaction(async (m) => (await consumed(m), await subscriber.handle(payment(i), m))));
  return {
    lines: [
      `portfolio: ${CASES.toLocaleString('en-US')} cases of one lender placed through the read model in ${placeSeconds.toFixed(1)} s; ${rows.toLocaleString('en-US')} roll-delta rows; ${closeEps.toFixed(0)} closings/s`,
      `portfolio (lender, 12 months)           p50 ${ms(percentile(all, 50))}  p99 ${ms(percentile(all, 99))}  (${READS} reads)`,
      `portfolio (lender, product, region)     p50 ${ms(percentile(filtered, 50))}  p99 ${ms(percentile(filtered, 99))}`,
      `portfolio (platform, 24 months)         p50 ${ms(percentile(wide, 50))}  p99 ${ms(percentile(wide, 99))}`,
      `charts (recovery curve + roll matrix)   p50 ${ms(percentile(charts, 50))}  p99 ${ms(percentile(charts, 99))}`,
      `ingest payment.received, one per transaction: ${kept.toFixed(0)} events/s with the portfolio, ${bare.toFixed(0)} events/s without, ratio ${(kept / bare).toFixed(2)}`,
    ],
    metrics: `portfolio_p50_ms=${percentile(all, 50).toFixed(2)} portfolio_p99_ms=${percentile(all, 99).toFixed(2)} platform_p99_ms=${percentile(wide, 99).toFixed(2)} portfolio_ingest_eps=${kept.toFixed(0)}`,
  };
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
