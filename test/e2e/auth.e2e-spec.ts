import { JwtService } from '@nestjs/jwt';
import { aBuyer, addUser, aLender, anAgency, aTowOperator, TEST_PASSWORD } from '../support/factories';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

describe('auth: register, login, refresh, me, users, API keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const count = async (table: string, where = 'true', params: unknown[] = []) => Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params))[0].n);

  it('registers an org of every kind with its owner, logged in', async () => {
    for (const build of [aLender, anAgency, aTowOperator, aBuyer]) {
      const session = await build(t).inRegion('US-CA').build();
      const me = await t.http.get('/v1/me').set(session.auth);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ org: { id: session.orgId, kind: session.kind, region: 'US-CA' }, user: { email: session.email, role: 'owner' }, authenticated_with: 'access_token' });
      expect(JSON.stringify(me.body)).not.toMatch(/password|hash/i);
    }
    expect(await count('outbox_events', `type = 'org.registered'`)).toBe(4);
  });

  it('refuses to register a platform org, a short password, bad region, or an unknown field, and stores nothing', async () => {
    const before = await count('orgs');
    const cases: [Record<string, unknown>, string][] = [
      [{ org: { name: 'X', kind: 'platform', region: 'US' }, user: { email: 'p@example.com', password: TEST_PASSWORD, name: 'P' } }, 'org.kind'],
      [{ org: { name: 'X', kind: 'lender', region: 'US' }, user: { email: 'p@example.com', password: 'short', name: 'P' } }, 'user.password'],
      [{ org: { name: 'X', kind: 'lender', region: 'Texas' }, user: { email: 'p@example.com', password: TEST_PASSWORD, name: 'P' } }, 'org.region'],
      [{ org: { name: 'X', kind: 'lender', region: 'US', verified: true }, user: { email: 'p@example.com', password: TEST_PASSWORD, name: 'P' } }, 'org.verified'],
      [{ org: { name: 'X', kind: 'lender', region: 'US' }, user: { email: 'p@example.com', password: TEST_PASSWORD, name: 'P', role: 'admin' } }, 'user.role'],
    ];
    for (const [body, field] of cases) {
      const res = await t.http.post('/v1/auth/register').send(body);
      const problem = expectProblem(res, 400, 'validation.failed');
      expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    expect(await count('orgs')).toBe(before);
    expect(await count('users', `email = 'p@example.com'`)).toBe(0);
  });

  it('answers 409 for an e-mail already registered, without creating the second org', async () => {
    const lender = await aLender(t).build();
    const before = await count('orgs');
    const res = await t.http.post('/v1/auth/register').send({ org: { name: 'Dup', kind: 'agency', region: 'US-TX' }, user: { email: lender.email.toUpperCase(), password: TEST_PASSWORD, name: 'Dup' } });
    expectProblem(res, 409, 'user.email_taken');
    expect(await count('orgs')).toBe(before);
  });

  it('logs in with the right password only', async () => {
    const lender = await aLender(t).build();
    const ok = await t.http.post('/v1/auth/login').send({ email: lender.email, password: TEST_PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', user: { id: lender.userId } });
    const wrong = await t.http.post('/v1/auth/login').send({ email: lender.email, password: 'not-the-password' });
    expectProblem(wrong, 401, 'auth.invalid_credentials');
    const unknown = await t.http.post('/v1/auth/login').send({ email: 'nobody@example.com', password: 'not-the-password' });
    expectProblem(unknown, 401, 'auth.invalid_credentials');
  });

  it('rotates refresh tokens, and a reused one revokes the whole family', async () => {
    const lender = await aLender(t).build();
    const first = await t.http.post('/v1/auth/refresh').send({ refresh_token: lender.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(lender.refreshToken);
    const second = await t.http.post('/v1/auth/refresh').send({ refresh_token: first.body.refresh_token });
    expect(second.status).toBe(200);

    const reuse = await t.http.post('/v1/auth/refresh').send({ refresh_token: lender.refreshToken });
    expectProblem(reuse, 401, 'auth.refresh_token_reused');
    // The newest token of the family is dead too: whoever stole the old one cannot keep a session.
    const afterReuse = await t.http.post('/v1/auth/refresh').send({ refresh_token: second.body.refresh_token });
    expectProblem(afterReuse, 401, 'auth.refresh_token_reused');
    expect(await count('refresh_tokens', 'user_id = $1 AND revoked_at IS NULL', [lender.userId])).toBe(0);
    // Another login is a new family and works.
    const login = await t.http.post('/v1/auth/login').send({ email: lender.email, password: TEST_PASSWORD });
    expect((await t.http.post('/v1/auth/refresh').send({ refresh_token: login.body.refresh_token })).status).toBe(200);
  });

  it('lets only one of two parallel refreshes with the same token succeed', async () => {
    const lender = await aLender(t).build();
    const results = await Promise.all(Array.from({ length: 5 }, () => t.http.post('/v1/auth/refresh').send({ refresh_token: lender.refreshToken })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 401)).toHaveLength(4);
  });

  it('refuses garbage, missing and expired bearers', async () => {
    expectProblem(await t.http.get('/v1/me'), 401, 'auth.missing_credentials');
    expectProblem(await t.http.get('/v1/me').set('Authorization', 'Bearer nonsense'), 401, 'auth.invalid_token');
    expectProblem(await t.http.get('/v1/me').set('Authorization', 'Basic abc'), 401, 'auth.invalid_token');
    expectProblem(await t.http.post('/v1/auth/refresh').send({ refresh_token: 'not-a-token' }), 401, 'auth.invalid_refresh_token');
    const lender = await aLender(t).build();
    const jwt = t.app.get(JwtService, { strict: false });
    const claims = { sub: lender.userId, org: lender.orgId, kind: 'lender', role: 'owner', typ: 'access' };
    const expired = jwt.sign(claims, { secret: t.config.jwt.secret, expiresIn: -10, issuer: 'reclaim' });
    expectProblem(await t.http.get('/v1/me').set('Authorization', `Bearer ${expired}`), 401, 'auth.invalid_token');
    const forged = jwt.sign(claims, { secret: 'x'.repeat(40), expiresIn: 60, issuer: 'reclaim' });
    expectProblem(await t.http.get('/v1/me').set('Authorization', `Bearer ${forged}`), 401, 'auth.invalid_token');
  });

  it('adds users with roles; a viewer cannot do what needs a manager', async () => {
    const lender = await aLender(t).build();
    const viewer = await addUser(t, lender, 'viewer');
    const me = await t.http.get('/v1/me').set(viewer.auth);
    expect(me.body.user.role).toBe('viewer');
    const before = await count('users', 'org_id = $1', [lender.orgId]);
    const refused = await t.http.post('/v1/org/users').set(viewer.auth).send({ email: 'new@example.com', password: TEST_PASSWORD, name: 'New', role: 'agent' });
    expectProblem(refused, 403, 'auth.insufficient_role');
    expectProblem(await t.http.post('/v1/api-keys').set(viewer.auth).send({ name: 'k' }), 403, 'auth.insufficient_role');
    expect(await count('users', 'org_id = $1', [lender.orgId])).toBe(before);
    expect(await count('api_keys', 'org_id = $1', [lender.orgId])).toBe(0);
  });

  it('does not let a manager create an owner, nor a lender create a platform admin', async () => {
    const lender = await aLender(t).build();
    const manager = await addUser(t, lender, 'manager');
    expectProblem(await t.http.post('/v1/org/users').set(manager.auth).send({ email: 'o@example.com', password: TEST_PASSWORD, name: 'O', role: 'owner' }), 403, 'auth.role_not_grantable');
    expectProblem(await t.http.post('/v1/org/users').set(lender.auth).send({ email: 'a@example.com', password: TEST_PASSWORD, name: 'A', role: 'admin' }), 422, 'auth.role_not_for_org_kind');
    expect(await count('users', `email IN ('o@example.com', 'a@example.com')`)).toBe(0);
  });

  it('creates, lists and revokes API keys; a key works as bearer until revoked', async () => {
    const lender = await aLender(t).build();
    const created = await t.http.post('/v1/api-keys').set(lender.auth).send({ name: 'loan system', role: 'agent' });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^rk_live_[A-Za-z0-9_-]{40}$/);
    const stored = await t.db.query('SELECT key_hash FROM api_keys WHERE id = $1', [created.body.id]);
    expect(stored[0].key_hash).not.toContain(created.body.key);

    const keyAuth = { Authorization: `Bearer ${created.body.key}` };
    const me = await t.http.get('/v1/me').set(keyAuth);
    expect(me.body).toMatchObject({ org: { id: lender.orgId }, user: null, role: 'agent', authenticated_with: 'api_key', api_key_id: created.body.id });

    const list = await t.http.get('/v1/api-keys').set(lender.auth);
    expect(list.body.data).toEqual([expect.objectContaining({ id: created.body.id, prefix: created.body.key.slice(0, 12) })]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);

    // A machine client cannot mint more credentials.
    const managerKey = await t.http.post('/v1/api-keys').set(lender.auth).send({ name: 'ops' });
    expectProblem(await t.http.post('/v1/api-keys').set({ Authorization: `Bearer ${managerKey.body.key}` }).send({ name: 'x' }), 403, 'auth.user_required');

    expect((await t.http.delete(`/v1/api-keys/${created.body.id}`).set(lender.auth)).status).toBe(204);
    expectProblem(await t.http.get('/v1/me').set(keyAuth), 401, 'auth.invalid_token');
  });

  it('answers 404 for another org’s user or API key, and cannot revoke it', async () => {
    const a = await aLender(t).build();
    const b = await aLender(t).build();
    const bKey = await t.http.post('/v1/api-keys').set(b.auth).send({ name: 'b' });
    expectProblem(await t.http.get(`/v1/org/users/${b.userId}`).set(a.auth), 404, 'user.not_found');
    expectProblem(await t.http.get(`/v1/api-keys/${bKey.body.id}`).set(a.auth), 404, 'api_key.not_found');
    expectProblem(await t.http.delete(`/v1/api-keys/${bKey.body.id}`).set(a.auth), 404, 'api_key.not_found');
    expectProblem(await t.http.get('/v1/api-keys/not-a-uuid').set(a.auth), 404, 'api_key.not_found');
    expect((await t.http.get('/v1/me').set({ Authorization: `Bearer ${bKey.body.key}` })).status).toBe(200);
    const users = await t.http.get('/v1/org/users').set(a.auth);
    expect(users.body.data.map((u: { org_id: string }) => u.org_id)).toEqual([a.orgId]);
  });

  it('pages through users with a cursor', async () => {
    const lender = await aLender(t).build();
    for (let i = 0; i < 4; i++) await addUser(t, lender, 'agent');
    const first = await t.http.get('/v1/org/users?limit=2').set(lender.auth);
    expect(first.body.data).toHaveLength(2);
    const second = await t.http.get(`/v1/org/users?limit=2&cursor=${first.body.next_cursor}`).set(lender.auth);
    const third = await t.http.get(`/v1/org/users?limit=2&cursor=${second.body.next_cursor}`).set(lender.auth);
    const ids = [...first.body.data, ...second.body.data, ...third.body.data].map((u: { id: string }) => u.id);
    expect(new Set(ids).size).toBe(5);
    expect(third.body.next_cursor).toBeNull();
    expectProblem(await t.http.get('/v1/org/users?cursor=garbage').set(lender.auth), 400, 'validation.failed');
    expectProblem(await t.http.get('/v1/org/users?limit=1000').set(lender.auth), 400, 'validation.failed');
  });
});
