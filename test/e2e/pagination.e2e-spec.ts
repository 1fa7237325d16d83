import { aLender, anAgency, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Issue 11 item 4: a cursor comes back from the client, so every list checks what it decodes. A
 * tampered cursor is a 400 problem+json naming `cursor`, never a 500 from the database.
 */
const TAMPERED: readonly [string, string][] = [
  ['not base64 JSON', '%%%not-a-cursor'],
  ['an id that is not a uuid', b64(['2024-06-30T12:00:00.000Z', 'not-a-uuid'])],
  ['a time PostgreSQL cannot read', b64(['1', '6f1c2a7e-3f4b-4c1d-9a55-0d3c2b1a0e9f'])],
  ['an impossible date', b64(['2024-02-30T12:00:00.000Z', '6f1c2a7e-3f4b-4c1d-9a55-0d3c2b1a0e9f'])],
  ['a value of the wrong type', b64([20240630, { id: 1 }])],
  ['too many parts', b64(['2024-06-30T12:00:00.000Z', '6f1c2a7e-3f4b-4c1d-9a55-0d3c2b1a0e9f', 'x'])],
  ['not an array', b64({ at: '2024-06-30T12:00:00.000Z' })],
];

describe('pagination cursors', () => {
  let t: TestApp;
  let lender: OrgSession;
  let agency: OrgSession;
  let admin: OrgSession;
  let endpointId: string;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    t.clock.set('2024-06-30T12:00:00Z');
    lender = await aLender(t).build();
    agency = await anAgency(t).build();
    admin = await loginPlatformAdmin(t);
    const endpoint = await t.http.post('/v1/webhook-endpoints').set(lender.auth).send({ url: 'https://hooks.example.com/reclaim', event_types: ['*'] });
    expect(endpoint.status).toBe(201);
    endpointId = endpoint.body.id;
  });
  afterAll(() => t.close());

  const routes = (): [string, () => OrgSession][] => [
    ['/v1/org/users', () => lender],
    ['/v1/api-keys', () => lender],
    ['/v1/vehicles', () => lender],
    ['/v1/webhook-endpoints', () => lender],
    [`/v1/webhook-endpoints/${endpointId}/deliveries`, () => lender],
    ['/v1/partners', () => lender],
    ['/v1/admin/partners', () => admin],
    ['/v1/fee-schedules', () => lender],
    ['/v1/listings', () => lender],
    ['/v1/listings', () => agency],
    ['/v1/jobs', () => lender],
    ['/v1/cases', () => lender],
    ['/v1/cases?sort=total_due', () => lender],
    ['/v1/notifications', () => lender],
  ];

  it.each(TAMPERED)('answers 400 naming cursor on every list for %s', async (_why, cursor) => {
    for (const [path, who] of routes()) {
      const sep = path.includes('?') ? '&' : '?';
      const res = await t.http.get(`${path}${sep}cursor=${encodeURIComponent(cursor)}`).set(who().auth);
      const body = expectProblem(res, 400, 'validation.failed');
      expect({ path, errors: body.errors }).toEqual({ path, errors: [{ field: 'cursor', message: expect.any(String) }] });
    }
  });

  it('refuses a case cursor of another sort or with a sort value of the wrong kind', async () => {
    const id = '6f1c2a7e-3f4b-4c1d-9a55-0d3c2b1a0e9f';
    for (const cursor of [b64(['-created_at', '2024-06-30T12:00:00.000Z', id]), b64(['total_due', 'lots', id]), b64(['total_due', '1e400', id])]) {
      const body = expectProblem(await t.http.get(`/v1/cases?sort=total_due&cursor=${cursor}`).set(lender.auth), 400, 'validation.failed');
      expect(body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    }
  });

  it('still pages with the cursors it issues', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await t.http.post('/v1/api-keys').set(lender.auth).send({ name: `key ${i}` })).status).toBe(201);
    }
    const first = await t.http.get('/v1/api-keys?limit=2').set(lender.auth);
    expect(first.body.data).toHaveLength(2);
    const second = await t.http.get(`/v1/api-keys?limit=2&cursor=${first.body.next_cursor}`).set(lender.auth);
    expect(second.status).toBe(200);
    expect(second.body.data).toHaveLength(1);
    expect(second.body.data[0].id).not.toEqual(first.body.data[0].id);
  });
});
