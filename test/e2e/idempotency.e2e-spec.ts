import { aLender } from '../support/factories';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';
import { IdempotencyPurgeJob } from '../../src/common/idempotency/idempotency-purge.job';

describe('Idempotency-Key on POST', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const keysNamed = async (orgId: string, name: string) => Number((await t.db.query(`SELECT count(*)::int AS n FROM api_keys WHERE org_id = $1 AND name = $2`, [orgId, name]))[0].n);

  it('replays the stored answer for the same key and body, creating nothing new', async () => {
    const lender = await aLender(t).build();
    const first = await t.http.post('/v1/api-keys').set(lender.auth).set('Idempotency-Key', 'create-key-1').send({ name: 'replayed' });
    expect(first.status).toBe(201);
    const again = await t.http.post('/v1/api-keys').set(lender.auth).set('Idempotency-Key', 'create-key-1').send({ name: 'replayed' });
    expect(again.status).toBe(201);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await keysNamed(lender.orgId, 'replayed')).toBe(1);
  });

  it('answers 422 for the same key with another body, and writes nothing', async () => {
    const lender = await aLender(t).build();
    await t.http.post('/v1/api-keys').set(lender.auth).set('Idempotency-Key', 'k-2').send({ name: 'one' });
    const other = await t.http.post('/v1/api-keys').set(lender.auth).set('Idempotency-Key', 'k-2').send({ name: 'two' });
    expectProblem(other, 422, 'idempotency.key_reused');
    expect(await keysNamed(lender.orgId, 'two')).toBe(0);
  });

  it('keeps keys per org: the same key in two orgs is two requests', async () => {
    const a = await aLender(t).build();
    const b = await aLender(t).build();
    const ra = await t.http.post('/v1/api-keys').set(a.auth).set('Idempotency-Key', 'shared').send({ name: 'same' });
    const rb = await t.http.post('/v1/api-keys').set(b.auth).set('Idempotency-Key', 'shared').send({ name: 'same' });
    expect(ra.status).toBe(201);
    expect(rb.status).toBe(201);
    expect(rb.body.id).not.toBe(ra.body.id);
  });

  it('creates exactly one row for 20 parallel requests with one key', async () => {
    const lender = await aLender(t).build();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.http.post('/v1/api-keys').set(lender.auth).set('Idempotency-Key', 'parallel-1').send({ name: 'parallel' })),
    );
    expect(await keysNamed(lender.orgId, 'parallel')).toBe(1);
    const created = results.filter((r) => r.status === 201);
    const inFlight = results.filter((r) => r.status === 409);
    expect(created.length + inFlight.length).toBe(20);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    for (const r of inFlight) expectProblem(r, 409, 'idempotency.in_flight');
  });

  it('replays a refusal as it was first answered', async () => {
    const lender = await aLender(t).build();
    const first = await t.http.post('/v1/api-keys').set(lender.auth).set('Idempotency-Key', 'bad-1').send({ name: 'x', role: 'owner' });
    expectProblem(first, 400, 'validation.failed');
    const again = await t.http.post('/v1/api-keys').set(lender.auth).set('Idempotency-Key', 'bad-1').send({ name: 'x', role: 'owner' });
    expectProblem(again, 400, 'validation.failed');
    expect(again.headers['idempotency-replayed']).toBe('true');
  });

  it('refuses a malformed key', async () => {
    const lender = await aLender(t).build();
    const res = await t.http.post('/v1/api-keys').set(lender.auth).set('Idempotency-Key', 'x'.repeat(300)).send({ name: 'long' });
    expectProblem(res, 400, 'validation.failed');
    expect(await keysNamed(lender.orgId, 'long')).toBe(0);
  });

  it('forgets keys after 24 hours (hourly purge job)', async () => {
    const lender = await aLender(t).build();
    await t.http.post('/v1/api-keys').set(lender.auth).set('Idempotency-Key', 'old').send({ name: 'old' });
    const purge = t.app.get(IdempotencyPurgeJob);
    await purge.handle();
    expect((await t.db.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'old'`))[0].n).toBe(1);
    t.clock.advance(25 * 3_600_000);
    try {
      await purge.handle();
      expect((await t.db.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'old'`))[0].n).toBe(0);
      const again = await t.http.post('/v1/api-keys').set(lender.auth).set('Idempotency-Key', 'old').send({ name: 'old' });
      expect(again.status).toBe(201);
      expect(again.headers['idempotency-replayed']).toBeUndefined();
      expect(await keysNamed(lender.orgId, 'old')).toBe(2);
    } finally {
      t.clock.reset();
    }
  });
});

describe('stored answers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('keeps secrets shown once encrypted at rest, and still replays them', async () => {
    const lender = await aLender(t).build();
    const first = await t.http.post('/v1/api-keys').set(lender.auth).set('Idempotency-Key', 'secret-1').send({ name: 'loan-system-7' });
    const [row] = await t.db.query(`SELECT response_body::text AS body FROM idempotency_keys WHERE key = 'secret-1'`);
    expect(row.body).not.toContain(first.body.key);
    expect(row.body).not.toContain('loan-system-7'); // nor is anything else of the answer
    const again = await t.http.post('/v1/api-keys').set(lender.auth).set('Idempotency-Key', 'secret-1').send({ name: 'loan-system-7' });
    expect(again.body.key).toBe(first.body.key);
  });
});
