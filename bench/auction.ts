/**
 * `npm run bench -- auction`: 64 concurrent bidders on one hot lot for BENCH_SECONDS (default 20)
 * through HTTP (`POST /v1/auctions/:id/bids`, each bidder raising from the last price it was told),
 * against a ceiling measured in the same run: pgbench (or, without it, 64 node-postgres clients)
 * doing the single-row `UPDATE auction_lots … WHERE id = $1` on the same lot row from 64
 * connections (fewer if the shared server has not that many free) for as long. Every bid on a lot
 * is decided under that row's lock, so the ceiling is
 * what one row can take. Reports accepted bids/s, the ratio to the ceiling, p50/p99 latency of the
 * bid requests, and the anomalies found by replaying the stored history with the pure proxy rule
 * (must be 0): a stored bid the rule would refuse, a leader or price after a bid that differs from
 * the rule's, a gap in the numbering, an accepted answer that disagrees with the replay at its bid,
 * a lot row that is not the replay's end state, or a bid missing from the live stream.
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { fork } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { AuctionsService } from '../src/auctions/auctions.service';
import { DEFAULT_INCREMENT_TABLE, incrementAt } from '../src/auctions/domain/increment-table';
import { NO_BIDS, placeBid } from '../src/auctions/domain/proxy-bidding';
import { Vehicle } from '../src/vehicles/vehicle.entity';
import { VehiclesService } from '../src/vehicles/vehicles.service';
import { benchDatabase, benchLine, fmt, percentile, startBenchApi } from './_support';

const BASE = process.env.BENCH_PG_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const BIDDERS = 64;
const START_PRICE = 50_000;
const RUN = `${Date.now()}`;
const ADMIN = { email: `admin-${RUN}@bench.test`, password: 'bench-admin-password-1' };

interface BidderJob {
  readonly base: string;
  readonly lotId: string;
  readonly tokens: readonly { readonly orgId: string; readonly token: string }[];
  readonly seconds: number;
}

interface Accepted {
  readonly bidId: string;
  readonly bidder: string;
  readonly price: number;
  readonly leading: boolean;
}

interface BidderResult {
  readonly latencies: number[];
  readonly accepted: Accepted[];
  readonly statuses: Record<string, number>;
}

/** The bidders, in their own process so they do not take the event loop of the server they measure. */
async function runBidders(job: BidderJob): Promise<BidderResult> {
  const latencies: number[] = [];
  const accepted: Accepted[] = [];
  const statuses: Record<string, number> = {};
  const until = Date.now() + job.seconds * 1000;
  const bidder = async (who: { orgId: string; token: string }) => {
    let floor = START_PRICE;
    while (Date.now() < until) {
      // A random maximum a few increments above the least this bidder was last told it may bid.
      const max = floor + randomInt(0, 4) * incrementAt(DEFAULT_INCREMENT_TABLE, floor);
      const t0 = performance.now();
      const res = await fetch(`${job.base}/v1/auctions/${job.lotId}/bids`, {
        method: 'POST',
        headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ max_amount: { amount: max, currency: 'USD' } }),
      });
      const body = (await res.json()) as { bid_id?: string; current_price?: { amount: number }; leading?: boolean; your_max?: { amount: number }; minimum_amount?: { amount: number } };
      latencies.push(performance.now() - t0);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status === 201) {
        accepted.push({ bidId: body.bid_id!, bidder: who.orgId, price: body.current_price!.amount, leading: body.leading! });
        const price = body.current_price!.amount;
        floor = body.leading ? body.your_max!.amount + 1 : price + incrementAt(DEFAULT_INCREMENT_TABLE, price);
      } else if (res.status === 422 && body.minimum_amount) {
        floor = body.minimum_amount.amount;
      }
    }
  };
  await Promise.all(job.tokens.map(bidder));
  return { latencies, accepted, statuses };
}

if (process.argv[2] === '--bidders') {
  process.once('message', (job: BidderJob) => {
    void runBidders(job).then((result) => process.send!(result, () => process.exit(0)));
  });
} else {
  main().catch((err) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
  });
}

function bidders(job: BidderJob): Promise<BidderResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--bidders']);
    child.once('message', (m: BidderResult) => resolve(m));
    child.once('error', reject);
    child.once('exit', (code) => (code ? reject(new Error(`bidders exited with ${code}`)) : undefined));
    child.send(job);
  });
}

/**
 * The ceiling: 64 connections doing the single-row update of the lot for as long as the bidders
 * bid (pgbench when installed, else node-postgres clients in a tight loop). It writes the row's
 * own `updated_at` back, so the lot's state is left as it was.
 */
async function ceiling(databaseUrl: string, lotId: string): Promise<{ tps: number; tool: string; connections: number }> {
  const sql = `UPDATE auction_lots SET updated_at = updated_at WHERE id = '${lotId}';\n`;
  // A shared server may not have 64 connections to spare: take what it has (reported with the figure).
  const probe = new Pool({ connectionString: databaseUrl, max: 1 });
  const [{ free }] = (await probe.query(`SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int - (SELECT count(*) FROM pg_stat_activity)::int - 4 AS free`)).rows as { free: number }[];
  await probe.end();
  const connections = Math.max(1, Math.min(BIDDERS, free));
  const pgbench = spawnSync('pgbench', ['--version'], { encoding: 'utf8' });
  if (pgbench.status === 0) {
    const script = join(tmpdir(), `auction-ceiling-${RUN}.sql`);
    writeFileSync(script, sql);
    const run = spawnSync('pgbench', ['-n', '-c', String(connections), '-j', '2', '-T', String(SECONDS), '-f', script, databaseUrl], { encoding: 'utf8' });
    const tps = /tps = ([\d.]+)/.exec(run.stdout)?.[1];
    if (run.status !== 0 || !tps) throw new Error(`pgbench failed: ${run.stderr}`);
    return { tps: Number(tps), tool: pgbench.stdout.trim(), connections };
  }
  const pool = new Pool({ connectionString: databaseUrl, max: connections });
  let count = 0;
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        await pool.query('UPDATE auction_lots SET updated_at = updated_at WHERE id = $1', [lotId]);
        count++;
      }
    }),
  );
  await pool.end();
  return { tps: count / SECONDS, tool: 'node-postgres', connections };
}

async function main(): Promise<void> {
  const { databaseUrl, machine, drop } = await benchDatabase(BASE, `reclaim_bench_auction_${RUN}`);
  const { app, base, db, call } = await startBenchApi(databaseUrl, REDIS, `bench:auction:${RUN}`, ADMIN);
  try {
    const register = (kind: string, name: string) =>
      call('POST', '/v1/auth/register', null, { org: { name, kind, region: 'US-CA' }, user: { email: `${name.toLowerCase().replace(/\W/g, '-')}-${RUN}@bench.test`, password: 'bench-password-123', name } });
    const lender = await register('lender', 'Bench Lender');
    const platform = await call('POST', '/v1/auth/login', null, ADMIN);
    const tokens: { orgId: string; token: string }[] = [];
    for (let i = 0; i < BIDDERS; i++) {
      const buyer = await register('buyer', `Bench Buyer ${i}`);
      await call('PUT', '/v1/partner-profile', buyer.access_token, { legal_name: `Bench Buyer ${i}`, contacts: [{ name: 'B', phone: '+1 415 555 0199' }], buyer_type: 'individual' });
      await call('POST', '/v1/partner-profile/submit', buyer.access_token);
      await call('POST', `/v1/admin/partners/${buyer.org.id}/approve`, platform.access_token, { reason: 'bench' });
      await call('POST', `/v1/admin/partners/${buyer.org.id}/identity-verification`, platform.access_token, { reason: 'bench' });
      tokens.push({ orgId: buyer.org.id, token: buyer.access_token });
    }

    // One vehicle in storage, the collateral of a case, noticed 20 days ago; its lot live for the run.
    const kase = await call('POST', '/v1/cases', lender.access_token, {
      external_ref: `BENCH-${RUN}`, product: 'auto_loan', currency: 'USD', principal: 1_000_000, interest: 0, fees: 0, origination_date: '2021-03-15', first_missed_due_date: '2024-01-01',
      borrower: { name: 'Bench Borrower', phone: '+14155550123', email: 'b@example.com', address: { line1: '100 Main St', city: 'Austin', postal_code: '78701' }, national_id: '123-45-6789', timezone: 'America/Chicago', region: 'US-TX', preferred_language: 'en' },
    });
    const vehicle = await call('POST', '/v1/vehicles', lender.access_token, { vin: '1HGCM82633A004352', plate_region: 'US-TX', make: 'Toyota', model: 'Corolla', year: 2018, mileage: 84_000, case_id: kase.id });
    await call('POST', `/v1/vehicles/${vehicle.id}/status`, lender.access_token, { status: 'repo_ordered' });
    for (const status of ['located', 'recovered', 'in_storage'] as const) {
      await db.transaction(async (m) => app.get(VehiclesService).moveStatus(m, await m.findOneByOrFail(Vehicle, { id: vehicle.id }), status, { reason: 'bench' }));
    }
    await call('POST', `/v1/vehicles/${vehicle.id}/sale-notice`, lender.access_token, {
      sent_on: new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10), method: 'certified_mail', contact: { name: 'Desk', phone: '+1 415 555 0100' }, expenses: [],
    });
    const usd = (amount: number) => ({ amount, currency: 'USD' });
    const lot = await call('POST', '/v1/auctions', lender.access_token, {
      vehicle_id: vehicle.id, start_price: usd(START_PRICE), starts_at: new Date(Date.now() - 1000).toISOString(), ends_at: new Date(Date.now() + 6 * 3_600_000).toISOString(),
      deposit_required: usd(0), buyer_premium: { bps: 1000, min: usd(20_000), max: usd(150_000) }, pickup_location: { name: 'Bench yard', address: '1 Yard Way', region: 'US-CA' },
    });
    await call('POST', `/v1/auctions/${lot.id}/schedule`, lender.access_token);
    await app.get(AuctionsService).open(lot.id);
    process.stdout.write(`${BIDDERS} verified buyers on lot ${lot.id}; ${SECONDS} s per measurement\n`);

    const ceil = await ceiling(databaseUrl, lot.id);
    process.stdout.write(`ceiling (${ceil.tool}): single-row UPDATE auction_lots … WHERE id, ${ceil.connections} connections: ${fmt(ceil.tps)} tps\n`);

    const result = await bidders({ base, lotId: lot.id, tokens, seconds: SECONDS });
    const acceptedPerSecond = result.accepted.length / SECONDS;
    const sorted = [...result.latencies].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);

    // Replay the stored history with the pure rule and compare each step, the answers and the row.
    const rows: { id: string; seq: number; bidder: string; max: string; leader: string; price: string }[] = await db.query(
      `SELECT id, seq, bidder_org_id AS bidder, max_amount AS max, leader_org_id AS leader, price_after AS price FROM auction_bids WHERE lot_id = $1 ORDER BY seq`,
      [lot.id],
    );
    const terms = { startPrice: START_PRICE, reserve: null, increments: DEFAULT_INCREMENT_TABLE };
    const anomalies: string[] = [];
    const afterBid = new Map<string, { leader: string | null; price: number }>();
    let state = NO_BIDS;
    for (const [i, row] of rows.entries()) {
      if (row.seq !== i + 1) anomalies.push(`seq ${row.seq} at position ${i + 1}`);
      const decision = placeBid(terms, state, row.bidder, Number(row.max));
      if (!decision.accepted) {
        anomalies.push(`seq ${row.seq} would be refused (${decision.refusal.code})`);
        continue;
      }
      state = decision.state;
      if (state.leader !== row.leader || state.price !== Number(row.price)) anomalies.push(`seq ${row.seq}: stored ${row.leader}/${row.price}, replay ${state.leader}/${state.price}`);
      afterBid.set(row.id, { leader: state.leader, price: state.price });
    }
    for (const a of result.accepted) {
      const expected = afterBid.get(a.bidId);
      if (!expected) anomalies.push(`answer ${a.bidId} has no stored bid`);
      else if (expected.price !== a.price || (expected.leader === a.bidder) !== a.leading) anomalies.push(`answer ${a.bidId}: ${a.price}/${a.leading}, replay ${expected.price}/${expected.leader === a.bidder}`);
    }
    if (rows.length !== result.accepted.length) anomalies.push(`${rows.length} stored bids, ${result.accepted.length} accepted answers`);
    const [row] = await db.query('SELECT leader_org_id, current_price, bid_count FROM auction_lots WHERE id = $1', [lot.id]);
    if (row.leader_org_id !== state.leader || Number(row.current_price) !== state.price || row.bid_count !== rows.length) anomalies.push(`lot row ${row.leader_org_id}/${row.current_price}/${row.bid_count}, replay ${state.leader}/${state.price}/${rows.length}`);
    const [stream] = await db.query(`SELECT count(*)::int AS bids FROM auction_stream_events WHERE lot_id = $1 AND kind = 'bid'`, [lot.id]);
    if (stream.bids !== rows.length) anomalies.push(`${stream.bids} bid stream events for ${rows.length} bids`);
    for (const a of anomalies.slice(0, 10)) process.stdout.write(`anomaly: ${a}\n`);

    const ratio = acceptedPerSecond / ceil.tps;
    process.stdout.write(
      `bids: ${fmt(result.latencies.length)} requests (${Object.entries(result.statuses).map(([s, n]) => `${s}: ${fmt(n)}`).join(', ')}), ${fmt(acceptedPerSecond, 1)} accepted/s = ${fmt(ratio * 100, 1)} % of the ceiling; p50 ${fmt(p50, 1)} ms, p99 ${fmt(p99, 1)} ms; final price ${fmt(state.price)} after ${fmt(rows.length)} bids; anomalies ${anomalies.length}\n`,
    );
    benchLine('auction', ratio, `single-row UPDATE auction_lots WHERE id (${ceil.tool}, ${ceil.connections} connections)`, {
      accepted_per_second: Number(acceptedPerSecond.toFixed(1)),
      ceiling_tps: Number(ceil.tps.toFixed(1)),
      requests: result.latencies.length,
      statuses: result.statuses,
      p50_ms: Number(p50.toFixed(1)),
      p99_ms: Number(p99.toFixed(1)),
      bids: rows.length,
      anomalies: anomalies.length,
      seconds: SECONDS,
      bidders: BIDDERS,
      machine,
    });
    if (anomalies.length > 0) process.exitCode = 1;
  } finally {
    await app.close();
    await drop();
  }
}
