import { addUser, aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { count } from '../support/marketplace';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The console's way into /admin/queues (issue 19): a platform admin's console asks for a one-time
 * ticket, posts it to /admin/queues/session and is known by the session cookie from then on.
 */
describe('queue dashboard access from the console', () => {
  let t: TestApp;
  let admin: OrgSession;
  const tickets = () => count(t, 'SELECT count(*) AS n FROM queue_dashboard_tickets');
  const issue = async () => {
    const res = await t.http.post('/v1/admin/queue-dashboard/tickets').set(admin.auth);
    expect(res.status).toBe(201);
    return res.body as { ticket: string; expires_at: string; redeem_path: string };
  };
  const redeem = (ticket: unknown) => t.http.post('/admin/queues/session').type('form').send({ ticket: String(ticket) });
  const sessionOf = (res: { headers: Record<string, unknown> }) => /^reclaim_queues=([^;]+)/.exec(String((res.headers['set-cookie'] as string[] | undefined)?.[0] ?? ''))?.[1];

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
  });
  afterAll(() => t.close());

  it('turns an admin’s ticket into a session cookie for the dashboard, once', async () => {
    const answer = await issue();
    expect(answer).toEqual({ ticket: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expires_at: expect.any(String), redeem_path: '/admin/queues/session' });
    const [row] = await t.db.query('SELECT ticket_hash, user_id, role, used_at, created_at, expires_at FROM queue_dashboard_tickets');
    expect(row).toMatchObject({ user_id: admin.userId, role: 'admin', used_at: null });
    expect([row.expires_at.getTime() - row.created_at.getTime(), row.expires_at.toISOString()]).toEqual([60_000, answer.expires_at]);
    expect(row.ticket_hash).not.toContain(answer.ticket);

    const entered = await redeem(answer.ticket);
    expect(entered.status).toBe(303);
    expect(entered.headers.location).toBe('/admin/queues');
    expect(entered.headers['set-cookie']![0]).toMatch(/^reclaim_queues=[^;]+; Path=\/admin\/queues; Max-Age=900; HttpOnly; SameSite=Strict$/);
    const cookie = `reclaim_queues=${sessionOf(entered)}`;
    const page = await t.http.get('/admin/queues').set('Cookie', cookie);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const api = await t.http.get('/admin/queues/api/queues').set('Cookie', cookie);
    expect((api.body.queues as { name: string }[]).map((q) => q.name)).toEqual(expect.arrayContaining(['domain-events', 'notifications']));
    expect((await t.db.query('SELECT used_at FROM queue_dashboard_tickets'))[0].used_at).not.toBeNull();

    // Spent: the same ticket again is refused and sets no cookie.
    const again = await redeem(answer.ticket);
    expectProblem(again, 401, 'queue_dashboard.ticket_invalid');
    expect(again.headers['set-cookie']).toBeUndefined();
    // The session cookie is not an access token, nor an access token a session cookie.
    expectProblem(await t.http.get('/v1/me').set('Authorization', `Bearer ${sessionOf(entered)}`), 401, 'auth.invalid_token');
    expectProblem(await t.http.get('/admin/queues').set('Cookie', `reclaim_queues=${admin.accessToken}`), 401, 'auth.invalid_token');
  });

  it('lets exactly one of parallel redemptions of a ticket in', async () => {
    const { ticket } = await issue();
    const answers = await Promise.all(Array.from({ length: 8 }, () => redeem(ticket)));
    expect(answers.map((a) => a.status).sort()).toEqual([303, 401, 401, 401, 401, 401, 401, 401]);
  });

  it('refuses an expired, unknown or malformed ticket and writes nothing', async () => {
    const { ticket } = await issue();
    const spent = () => count(t, 'SELECT count(*) AS n FROM queue_dashboard_tickets WHERE used_at IS NOT NULL');
    const before = await spent();
    t.clock.advance(61_000);
    expectProblem(await redeem(ticket), 401, 'queue_dashboard.ticket_invalid');
    expect(await spent()).toBe(before);
    expectProblem(await redeem('A'.repeat(43)), 401, 'queue_dashboard.ticket_invalid');
    expectProblem(await redeem('not a ticket'), 401, 'queue_dashboard.ticket_invalid');
    expectProblem(await t.http.post('/admin/queues/session').type('form').send({}), 401, 'queue_dashboard.ticket_invalid');
    expectProblem(await t.http.get('/admin/queues').set('Cookie', 'reclaim_queues=forged.token.value'), 401, 'auth.invalid_token');
    expectProblem(await t.http.get('/admin/queues').set('Cookie', 'other=1'), 401, 'auth.missing_credentials');
  });

  it('gives tickets to platform admins only and records none for the others', async () => {
    const before = await tickets();
    const lender = await aLender(t).build();
    const compliance = await addUser(t, admin, 'compliance');
    // API keys hold at most `manager`/`compliance` (src/auth/dto): a script never gets a ticket.
    const key = await t.http.post('/v1/api-keys').set(admin.auth).send({ name: 'ops script', role: 'compliance' });
    expect(key.status).toBe(201);
    expectProblem(await t.http.post('/v1/admin/queue-dashboard/tickets'), 401, 'auth.missing_credentials');
    expectProblem(await t.http.post('/v1/admin/queue-dashboard/tickets').set(lender.auth), 403, 'auth.wrong_org_kind');
    expectProblem(await t.http.post('/v1/admin/queue-dashboard/tickets').set(compliance.auth), 403, 'auth.insufficient_role');
    expectProblem(await t.http.post('/v1/admin/queue-dashboard/tickets').set('Authorization', `Bearer ${key.body.key}`), 403, 'auth.insufficient_role');
    expect(await tickets()).toBe(before);
  });
});
