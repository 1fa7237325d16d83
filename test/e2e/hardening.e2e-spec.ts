import { JwtService } from '@nestjs/jwt';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { STANDING_TTL_MS } from '../../src/auth/account-standing';
import { eventually, recordEvent } from '../support/eventually';
import { addUser, aLender, aTowOperator, TEST_PASSWORD } from '../support/factories';
import { aCaseRow, count, placeCase } from '../support/marketplace';
import { placementCsv } from '../support/placement-csv';
import { expectProblem } from '../support/problem';
import { createTestApp, createTestAppOn, TestApp } from '../support/test-app';

const wrongLogin = (t: TestApp, email: string, forwardedFor?: string) => {
  const req = t.http.post('/v1/auth/login');
  if (forwardedFor) void req.set('X-Forwarded-For', forwardedFor);
  return req.send({ email, password: 'not-the-password' });
};

describe('issue 11 item 1: rate limits cannot be dodged', () => {
  describe('without TRUST_PROXY', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '20' });
      t.clock.set('2026-03-02T10:00:05Z');
    });
    afterAll(() => t.close());

    it('20 wrong passwords, then 429 — and still 429 whatever X-Forwarded-For says', async () => {
      for (let i = 0; i < 20; i++) expect((await wrongLogin(t, `nobody-${i}@example.com`)).status).toBe(401);
      const limited = expectProblem(await wrongLogin(t, 'nobody-20@example.com'), 429, 'rate_limit.exceeded');
      expect(limited.retry_after).toBe(55);
      for (const ip of ['203.0.113.1', '198.51.100.7', '10.1.2.3', '2001:db8::1', '1.1.1.1, 2.2.2.2']) {
        const res = await wrongLogin(t, 'nobody-21@example.com', ip);
        expectProblem(res, 429, 'rate_limit.exceeded');
        expect(res.headers['retry-after']).toBe('55');
      }
    });

    it('counts minutes on the injected clock: the next minute opens a new window', async () => {
      t.clock.set('2026-03-02T10:01:00Z');
      expect((await wrongLogin(t, 'nobody@example.com')).status).toBe(401);
    });
  });

  describe('per account, with backoff', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ TRUST_PROXY: '1', LOGIN_FAILURES_PER_ACCOUNT: '5' });
      t.clock.set('2026-03-02T10:00:00Z');
    });
    afterAll(() => t.close());

    it('locks an account after 5 failures from any number of IPs, even for the right password, and doubles the wait', async () => {
      const lender = await aLender(t).build();
      for (let i = 0; i < 5; i++) expect((await wrongLogin(t, lender.email.toUpperCase(), `203.0.113.${i}`)).status).toBe(401);
      const right = () => t.http.post('/v1/auth/login').set('X-Forwarded-For', '198.51.100.99').send({ email: lender.email, password: TEST_PASSWORD });
      expect(expectProblem(await right(), 429, 'rate_limit.exceeded').retry_after).toBe(30);
      // Another account is not affected.
      const other = await aLender(t).build();
      expect((await t.http.post('/v1/auth/login').send({ email: other.email, password: TEST_PASSWORD })).status).toBe(200);

      t.clock.advance(31_000);
      expect((await wrongLogin(t, lender.email, '203.0.113.50')).status).toBe(401);
      expect(expectProblem(await right(), 429, 'rate_limit.exceeded').retry_after).toBe(60);
      t.clock.advance(61_000);
      expect((await right()).status).toBe(200);
      // A success forgets the failures.
      expect((await wrongLogin(t, lender.email, '203.0.113.51')).status).toBe(401);
      expect((await right()).status).toBe(200);
    });

    it('believes X-Forwarded-For from the configured proxy hop: clients are counted apart', async () => {
      const limited = await createTestApp({ TRUST_PROXY: '1', AUTH_RATE_LIMIT_PER_MINUTE: '2' });
      try {
        limited.clock.set('2026-03-02T10:00:00Z');
        const statuses = [];
        for (const ip of ['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2']) statuses.push((await wrongLogin(limited, 'x@example.com', ip)).status);
        expect(statuses).toEqual([401, 401, 429, 401]);
      } finally {
        await limited.close();
      }
    });
  });
});

/** A receiver on 127.0.0.1 that counts what reaches it. */
async function receiver(): Promise<{ url: string; hits: number; close(): Promise<void> }> {
  const state = { hits: 0 };
  const server: Server = createServer((req: IncomingMessage, res) => {
    state.hits++;
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    get hits() {
      return state.hits;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('issue 11 item 2: webhook SSRF', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false', WEBHOOK_RETRY_SCALE: '0.0001' });
  });
  afterAll(() => t.close());

  it.each([
    'https://169.254.169.254/latest/meta-data/',
    'https://10.0.0.1/hook',
    'https://192.168.1.1/hook',
    'http://[::1]:6379/',
    'http://127.0.0.1:5432/',
    'http://localhost:6379/',
    'https://0x7f000001/hook',
    'https://metadata.google.internal/computeMetadata/v1/',
    'https://[::ffff:169.254.169.254]/',
    'https://100.64.0.1/',
  ])('refuses %s at registration, writing nothing', async (url) => {
    const lender = await aLender(t).build();
    const res = await t.http.post('/v1/webhook-endpoints').set(lender.auth).send({ url, event_types: ['*'] });
    expect(expectProblem(res, 422, 'webhook_endpoint.blocked_address').errors).toEqual([{ field: 'url', message: 'url must point to a public host' }]);
    expect(await count(t, 'SELECT count(*) AS n FROM webhook_endpoints WHERE org_id = $1', [lender.orgId])).toBe(0);
  });

  it('refuses a private target on update too', async () => {
    const lender = await aLender(t).build();
    const created = await t.http.post('/v1/webhook-endpoints').set(lender.auth).send({ url: 'https://hooks.example.com/reclaim', event_types: ['*'] });
    expect(created.status).toBe(201);
    expectProblem(await t.http.patch(`/v1/webhook-endpoints/${created.body.id}`).set(lender.auth).send({ url: 'https://10.0.0.1/' }), 422, 'webhook_endpoint.blocked_address');
    expect((await t.db.query('SELECT url FROM webhook_endpoints WHERE id = $1', [created.body.id]))[0].url).toBe('https://hooks.example.com/reclaim');
  });

  it('checks again at delivery: an endpoint registered while private targets were allowed is never called, and the owner sees only a category', async () => {
    const r = await receiver();
    // Registered by a development process on the same database…
    const dev = await createTestAppOn(t.databaseName, { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', APP_ROLE: 'api' });
    try {
      const lender = await aLender(dev).build();
      const endpoint = await dev.http.post('/v1/webhook-endpoints').set(lender.auth).send({ url: r.url, event_types: ['*'] });
      expect(endpoint.status).toBe(201);
      // …delivered by a worker that refuses private targets.
      await recordEvent(t, 'job.accepted', [lender.orgId]);
      const delivery = await eventually(async () => {
        const list = await t.http.get(`/v1/webhook-endpoints/${endpoint.body.id}/deliveries`).set(lender.auth);
        const first = list.body.data[0];
        return first?.attempts?.length >= 2 && first;
      });
      expect(delivery.attempts.map((a: { error: string }) => a.error).slice(0, 2)).toEqual(['blocked_address', 'blocked_address']);
      expect(r.hits).toBe(0);
    } finally {
      await dev.close({ keepDatabase: true });
      await r.close();
    }
  });
});

describe('issue 11 items 3 and 4: no 500 on bad input, every error problem+json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  it.each(['/v1/auth/login', '/v1/auth/register', '/v1/auth/refresh'])('refuses 5,000 nested arrays on %s with 400', async (path) => {
    expectProblem(await t.http.post(path).set('content-type', 'application/json').send(nested(5000)), 400, 'request.too_deep');
  });

  it('refuses deep nesting on authenticated routes and inside objects, and a 2 MB nest on the bulk route', async () => {
    const lender = await aLender(t).build();
    const deepObject = `{"url":"https://hooks.example.com","event_types":${nested(40)}}`;
    expectProblem(await t.http.post('/v1/webhook-endpoints').set(lender.auth).set('content-type', 'application/json').send(deepObject), 400, 'request.too_deep');
    const twoMb = '{"a":'.repeat(300_000) + '1' + '}'.repeat(300_000);
    expectProblem(await t.http.post('/v1/cases/bulk').set(lender.auth).set('content-type', 'application/json').send(twoMb), 400, 'request.too_deep');
    expect(await count(t, 'SELECT count(*) AS n FROM cases WHERE org_id = $1', [lender.orgId])).toBe(0);
  });

  it.each([
    ['null', 'org'],
    ['{}', 'org'],
    ['{"org": null, "user": null}', 'user'],
    ['{"org": "x", "user": []}', 'org'],
  ])('register with %s answers 400 naming %s', async (body, field) => {
    const res = await t.http.post('/v1/auth/register').set('content-type', 'application/json').send(body);
    expect(expectProblem(res, 400, 'validation.failed').errors!.map((e) => e.field)).toContain(field);
  });

  it.each([
    ['a lone surrogate in an e-mail', { email: '\ud83d@example.com' }, 'user.email'],
    ['a NUL in a name', { name: 'Dana\u0000' }, 'user.name'],
  ])('register with %s answers 400 naming the field, and writes nothing', async (_what, user, field) => {
    const email = `x-${randomUUID()}@example.com`;
    const res = await t.http.post('/v1/auth/register').send({ org: { name: 'Org', kind: 'lender', region: 'US-TX' }, user: { email, password: TEST_PASSWORD, name: 'Dana', ...user } });
    expect(expectProblem(res, 400, 'validation.failed').errors!.map((e) => e.field)).toEqual([field]);
    expect(await count(t, 'SELECT count(*) AS n FROM users WHERE email = $1', [email])).toBe(0);
  });

  it('refuses NUL bytes in bulk JSON, bid-like notes and query strings', async () => {
    const lender = await aLender(t).build();
    const bulk = await t.http.post('/v1/cases/bulk').set(lender.auth).send([aCaseRow({ external_ref: 'A\u0000B' })]);
    expect(expectProblem(bulk, 400, 'validation.failed').errors!.map((e) => e.field)).toEqual(['0.external_ref']);
    expectProblem(await t.http.get('/v1/cases?q=%00').set(lender.auth), 400, 'validation.failed');
    expectProblem(await t.http.get('/v1/org/users/%00').set(lender.auth), 400, 'validation.failed');
    expect(await count(t, 'SELECT count(*) AS n FROM cases WHERE org_id = $1', [lender.orgId])).toBe(0);
  });

  it.each([
    ['a wrong boundary', 'multipart/form-data; boundary=nope', '--other\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nx\r\n--other--\r\n'],
    ['no boundary', 'multipart/form-data', '--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nx\r\n--b--\r\n'],
    ['a truncated body', 'multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nexternal_ref,'],
    ['fields without a file', 'multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--b--\r\n'],
  ])('answers multipart with %s on both upload routes with a 4xx problem', async (_what, contentType, body) => {
    const lender = await aLender(t).build();
    for (const path of ['/v1/cases/bulk', '/v1/partner-profile/credentials']) {
      const res = await t.http.post(path).set(lender.auth).set('content-type', contentType).send(body);
      expect([400, 403, 413, 415]).toContain(res.status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await count(t, 'SELECT count(*) AS n FROM placement_imports WHERE org_id = $1', [lender.orgId])).toBe(0);
  });

  it('answers more multipart fields than allowed with 413', async () => {
    const partner = await aTowOperator(t).build();
    let req = t.http.post('/v1/partner-profile/credentials').set(partner.auth);
    for (let i = 0; i < 40; i++) req = req.field(`f${i}`, 'x');
    expectProblem(await req, 413, 'request.too_large');
  });

  it('answers a 100 KB header with 431 problem+json', async () => {
    const res = await t.http.get('/v1/health').set('x-padding', 'a'.repeat(100 * 1024));
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body).toEqual(expect.objectContaining({ status: 431, code: 'request.headers_too_large' }));
  });

  it('treats an empty JSON body on DELETE and on body-less actions as no body (issue 9 §6)', async () => {
    const lender = await aLender(t).build();
    const key = await t.http.post('/v1/api-keys').set(lender.auth).send({ name: 'loan-system' });
    expect((await t.http.delete(`/v1/api-keys/${key.body.id}`).set(lender.auth).set('content-type', 'application/json').send('')).status).toBe(204);
    const endpoint = await t.http.post('/v1/webhook-endpoints').set(lender.auth).send({ url: 'http://127.0.0.1:9/hook', event_types: ['*'] });
    const rotated = await t.http.post(`/v1/webhook-endpoints/${endpoint.body.id}/rotate-secret`).set(lender.auth).set('content-type', 'application/json').send('');
    expect(rotated.status).toBeLessThan(300);
  });
});

describe('issue 11 item 5: access tokens are checked against the database', () => {
  let t: TestApp;
  let jwt: JwtService;
  beforeAll(async () => {
    t = await createTestApp();
    jwt = new JwtService({});
  });
  afterAll(() => t.close());

  const forge = (claims: Record<string, unknown>, options: { expiresIn?: number } = { expiresIn: 600 }) =>
    jwt.sign({ typ: 'access', ...claims }, { secret: t.config.jwt.secret, algorithm: 'HS256', issuer: 'reclaim', ...options });

  it('refuses a validly signed token with random ids (401, not 500, on /v1/me and /v1/admin)', async () => {
    const token = forge({ sub: randomUUID(), org: randomUUID(), kind: 'platform', role: 'admin' });
    for (const path of ['/v1/me', '/v1/admin/partners']) expectProblem(await t.http.get(path).set('Authorization', `Bearer ${token}`), 401, 'auth.invalid_token');
    expectProblem(await t.http.get('/v1/me').set('Authorization', `Bearer ${forge({ sub: 'not-a-uuid', org: 'x', kind: 'lender', role: 'owner' })}`), 401, 'auth.invalid_token');
  });

  it('refuses a token without exp', async () => {
    const lender = await aLender(t).build();
    const token = forge({ sub: lender.userId, org: lender.orgId, kind: 'lender', role: 'owner' }, {});
    expectProblem(await t.http.get('/v1/me').set('Authorization', `Bearer ${token}`), 401, 'auth.invalid_token');
    // The same claims with an exp are accepted: only the missing exp was refused.
    expect((await t.http.get('/v1/me').set('Authorization', `Bearer ${forge({ sub: lender.userId, org: lender.orgId, kind: 'lender', role: 'owner' })}`)).status).toBe(200);
  });

  it('stops a disabled user and a demoted role within the cache time', async () => {
    const lender = await aLender(t).build();
    const manager = await addUser(t, lender, 'manager');
    expect((await t.http.get('/v1/me').set(lender.auth)).status).toBe(200);
    expect((await t.http.get('/v1/me').set(manager.auth)).status).toBe(200);
    await t.db.query(`UPDATE users SET status = 'disabled' WHERE id = $1`, [lender.userId]);
    await t.db.query(`UPDATE users SET role = 'viewer' WHERE id = $1`, [manager.userId]);
    t.clock.advance(STANDING_TTL_MS + 1);
    expectProblem(await t.http.get('/v1/me').set(lender.auth), 401, 'auth.invalid_token');
    expectProblem(await t.http.post('/v1/api-keys').set(manager.auth).send({ name: 'x' }), 401, 'auth.invalid_token');
    // A fresh login carries the new role.
    const again = await t.http.post('/v1/auth/login').send({ email: manager.email, password: TEST_PASSWORD });
    expect((await t.http.get('/v1/me').set('Authorization', `Bearer ${again.body.access_token}`)).body.role).toBe('viewer');
  });
});

describe('issue 11 item 7: CSV formula injection', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('neutralises formula cells in the cases export but keeps numbers numeric', async () => {
    const lender = await aLender(t).build();
    await placeCase(t, lender, { external_ref: '=HYPERLINK("https://evil.example","x")', borrower: { name: '@SUM(A1)' } });
    const csv = (await t.http.get('/v1/cases/export.csv').set(lender.auth).buffer(true)).text;
    const [, line] = csv.trim().split('\n');
    expect(line).toContain(`"'=HYPERLINK(""https://evil.example"",""x"")"`);
    expect(line).toMatch(/,1000000,0,0,1000000,/);
    expect(csv).not.toMatch(/(^|,)"?[=@+]/m);
  });

  it('neutralises formula cells in an import errors CSV', async () => {
    const lender = await aLender(t).build();
    const upload = await t.http
      .post('/v1/cases/bulk')
      .set(lender.auth)
      .attach('file', placementCsv([{ external_ref: "=cmd|' /C calc'!A0", product: 'auto_loan' }]), { filename: 'book.csv', contentType: 'text/csv' });
    expect(upload.status).toBe(202);
    await eventually(async () => (await t.http.get(`/v1/imports/${upload.body.id}`).set(lender.auth)).body.status === 'completed');
    const csv = (await t.http.get(`/v1/imports/${upload.body.id}/errors.csv`).set(lender.auth).buffer(true)).text;
    expect(csv).toContain(`'=cmd|`);
    expect(csv).not.toMatch(/(^|,)"?=/m);
  });
});

describe('issue 11 item 9: passwords', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['aaaaaaaaaaaa', 'password must not be one character repeated'],
    ['password1234', 'password is one of the most common passwords; choose another'],
    ['EMAIL', 'password must not contain your e-mail address'],
  ])('register refuses %s and writes nothing', async (password, message) => {
    const email = `dana-${randomUUID().slice(0, 8)}@example.com`;
    const chosen = password === 'EMAIL' ? email : password;
    const res = await t.http.post('/v1/auth/register').send({ org: { name: 'Org', kind: 'lender', region: 'US-TX' }, user: { email, password: chosen, name: 'Dana' } });
    expect(expectProblem(res, 400, 'validation.failed').errors).toEqual([{ field: 'user.password', message }]);
    expect(await count(t, 'SELECT count(*) AS n FROM users WHERE email = $1', [email])).toBe(0);
  });

  it('adding a user applies the same policy', async () => {
    const lender = await aLender(t).build();
    const res = await t.http.post('/v1/org/users').set(lender.auth).send({ email: 'ops-team@example.com', password: 'my-ops-team-pass', name: 'Ops', role: 'agent' });
    expect(expectProblem(res, 400, 'validation.failed').errors).toEqual([{ field: 'password', message: 'password must not contain your e-mail address' }]);
  });
});
