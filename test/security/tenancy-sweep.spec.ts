import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { platformAdminEnv } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';
import { discoverRoutes, fill, Method, Route } from './routes';
import { buildWorld, CallerKind, candidateIds, OrgAIds, SECRET, World } from './world';

/**
 * The tenancy sweep (issue 11, DESIGN §2): every route with a path id, called by each kind of org
 * B with each of org A's ids, answers exactly as it does for an id that does not exist (404 where
 * the route reaches the lookup; the same 400/403 where it refuses earlier), never 2xx, and with
 * none of A's data; every list answers B without A's rows; and nothing of A's changed.
 */

/** Bodies that pass validation, so a write reaches its lookup (a route not listed sends `{}`). */
const BODIES: Record<string, unknown> = {
  'patch /v1/cases/{id}': { fees: 100 },
  'post /v1/cases/{id}/flags': { flag: 'disputed', reason: 'sweep' },
  'delete /v1/cases/{id}/flags/{flag}': { reason: 'sweep' },
  'post /v1/cases/{id}/status': { status: 'closed', reason: 'sweep' },
  'patch /v1/vehicles/{id}': { mileage: 1 },
  'post /v1/vehicles/{id}/status': { status: 'repo_ordered', reason: 'sweep' },
  'post /v1/listings/{id}/bids': { contingency_bps: 2000, sla: { first_action_hours: 24, completion_days: 30 } },
  'post /v1/listings/{id}/award': { auto: true },
  'post /v1/listings/{id}/cancel': { reason: 'sweep' },
  'patch /v1/listings/{id}': { bounds: { max_contingency_bps: 2000 } },
  'post /v1/fee-schedules/{id}/versions': { schedule: { currency: 'USD', contingency_bps: 2000 } },
  'patch /v1/webhook-endpoints/{id}': { enabled: false },
  'post /v1/jobs/{id}/decline': { reason: 'sweep' },
};

const PARAM_LITERALS: Record<string, string> = { flag: 'disputed' };

/** DESIGN §3: vetted partners are listed in the directory that lenders browse; issue 17: lenders read their scorecards. */
const visibleByDesign = (route: Route, caller: CallerKind, id: string, ids: OrgAIds): boolean =>
  caller === 'lender' && /^\/v1\/(partners(\/|$)|analytics\/partners\/)/.test(route.path) && (id === ids.agencyOrg || id === ids.towOrg);

/** Tables only background workers write to while the sweep runs (deliveries, fan-out, relays). */
const WORKER_TABLES = new Set(['audit_log', 'idempotency_keys', 'refresh_tokens', 'outbox_events', 'event_consumptions', 'webhook_deliveries', 'webhook_delivery_attempts', 'email_log', 'inbox_notifications', 'partner_stats', 'analytics_jobs', 'analytics_partner_months', 'analytics_partner_money', 'analytics_promises', 'analytics_portfolio_cases', 'analytics_portfolio_placements', 'analytics_portfolio_recoveries', 'analytics_portfolio_payments', 'analytics_portfolio_rolls', 'analytics_portfolio_costs', 'analytics_portfolio_vehicles', 'analytics_portfolio_repossessions', 'analytics_portfolio_auctions', 'analytics_portfolio_settlements', 'migrations']);

async function fingerprint(t: TestApp): Promise<Record<string, string>> {
  const tables: { table_name: string }[] = await t.db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`);
  const out: Record<string, string> = {};
  for (const { table_name: table } of tables) {
    if (WORKER_TABLES.has(table)) continue;
    const [row] = await t.db.query(`SELECT count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS f FROM "${table}" x`);
    out[table] = row.f;
  }
  return out;
}

/** A's ids and planted text found in an answer, `instance` (the request's own path) aside. */
function leaks(res: Response, secrets: readonly string[]): string[] {
  const { instance: _path, ...body } = (res.body ?? {}) as Record<string, unknown>;
  const text = `${JSON.stringify(body)} ${res.type === 'text/csv' ? res.text : ''}`;
  return secrets.filter((s) => text.includes(s));
}

/**
 * The audit log shows an org its own requests, and the sweep's own 404s name the ids of A that B
 * sent: those entries tell B nothing it did not type. What must not appear is anyone else's entry.
 */
function othersAuditEntries(res: Response, ownOrgId: string): Response {
  if (res.type === 'text/csv') {
    const [header = '', ...rows] = res.text.split('\n');
    const actor = header.split(',').indexOf('actor_org_id');
    return { ...res, body: {}, type: res.type, text: rows.filter((row) => row.split(',')[actor] !== ownOrgId).join('\n') } as Response;
  }
  const entries = ((res.body as { data?: { actor: { org_id: string | null } }[] }).data ?? []).filter((e) => e.actor.org_id !== ownOrgId);
  return { ...res, body: { data: entries }, type: res.type, text: '' } as Response;
}

describe('tenancy sweep: org B never reaches org A', () => {
  let t: TestApp;
  let world: World;
  let routes: Route[];
  let before: Record<string, string>;
  const counted = { idRequests: 0, listRequests: 0, idRoutes: 0, listRoutes: 0, toldWhyNotEligible: 0 };

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    world = await buildWorld(t);
    routes = await discoverRoutes(t);
    before = await fingerprint(t);
  }, 120_000);
  afterAll(() => t.close());

  const call = (method: Method, path: string, caller: CallerKind, body?: unknown) => {
    const req = t.http[method](path).set(world.b[caller].auth);
    return body === undefined ? req : req.send(body as object);
  };
  const secretsOf = (ids: OrgAIds) => [SECRET, ...Object.values(ids)];

  it('answers every route with a path id as for an unknown id, for every kind of org B', async () => {
    const failures: string[] = [];
    const withIds = routes.filter((r) => r.params.length > 0);
    counted.idRoutes = withIds.length;
    for (const route of withIds) {
      const candidates = candidateIds(route, world.ids);
      const body = route.method === 'get' ? undefined : (BODIES[`${route.method} ${route.path}`] ?? {});
      for (const caller of Object.keys(world.b) as CallerKind[]) {
        const unknown = await call(route.method, fill(route, (p) => PARAM_LITERALS[p] ?? randomUUID()), caller, body);
        for (const id of candidates) {
          if (visibleByDesign(route, caller, id, world.ids)) continue;
          const res = await call(route.method, fill(route, (p) => PARAM_LITERALS[p] ?? id), caller, body);
          counted.idRequests++;
          const where = `${route.method.toUpperCase()} ${route.path} as B-${caller} with A's ${id}`;
          if (res.status < 300) failures.push(`${where}: ${res.status}`);
          // By design (test/e2e/listings.e2e-spec.ts "refuses its bid (422 with reasons)"): an open
          // sealed/open listing is offered to the market, so a partner not eligible for it is told
          // why it may not bid (missing credential, region, capacity). Drafts, direct listings and
          // closed ones it took no part in stay 404 (issue 11 item 8).
          else if (route.path === '/v1/listings/{id}/bids' && res.body?.code === 'bid.partner_not_eligible') counted.toldWhyNotEligible++;
          else if (res.status !== unknown.status || res.body?.code !== unknown.body?.code) failures.push(`${where}: ${res.status} ${res.body?.code}, an unknown id gives ${unknown.status} ${unknown.body?.code}`);
          const leaked = leaks(res, secretsOf(world.ids));
          if (leaked.length > 0) failures.push(`${where}: answer contains ${leaked.join(', ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(counted.idRoutes).toBeGreaterThan(30);
  }, 300_000);

  it('lists nothing of A to any kind of org B', async () => {
    const failures: string[] = [];
    const lists = routes.filter((r) => r.method === 'get' && r.params.length === 0);
    counted.listRoutes = lists.length;
    for (const route of lists) {
      for (const caller of Object.keys(world.b) as CallerKind[]) {
        const res = await call('get', route.path, caller).buffer(true);
        counted.listRequests++;
        if (res.status >= 500) failures.push(`${route.path} as B-${caller}: ${res.status}`);
        // DESIGN §3: lenders browse vetted partners, their credentials listed (documents stay private).
        const allowed = caller === 'lender' && route.path === '/v1/partners' ? new Set([world.ids.agencyOrg, world.ids.towOrg, world.ids.credential]) : new Set<string>();
        const answer = route.path.startsWith('/v1/audit-log') && res.status === 200 ? othersAuditEntries(res, world.b[caller].orgId) : res;
        const leaked = leaks(answer, secretsOf(world.ids)).filter((s) => !allowed.has(s));
        if (leaked.length > 0) failures.push(`${route.path} as B-${caller}: answer contains ${leaked.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
    expect(counted.listRoutes).toBeGreaterThan(10);
  });

  it('changed nothing of A (or anyone)', async () => {
    expect(await fingerprint(t)).toEqual(before);
    process.stdout.write(
      `tenancy sweep: ${counted.idRoutes} id routes → ${counted.idRequests} requests (plus one unknown-id reference each); ${counted.listRoutes} list routes → ${counted.listRequests} requests; ${counted.toldWhyNotEligible} bids told why not eligible (by design)\n`,
    );
  });
});
