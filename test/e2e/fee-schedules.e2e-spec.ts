import { aLender, anAgency, OrgSession } from '../support/factories';
import { count, usd } from '../support/marketplace';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

describe('marketplace: fee schedules and quotes', () => {
  let t: TestApp;
  let lender: OrgSession;

  const BY_BUCKET = {
    currency: 'USD',
    contingency_bps: { M1: 1500, M2: 2000, M3: 2500, 'M4+': 3500 },
    flat_fees: { repossession: usd(35_000), close_fee: usd(7_500) },
    storage_per_day: usd(2_500),
    free_storage_days: 5,
    per_km: usd(150),
    min_fee: usd(5_000),
    cap: usd(250_000),
  };

  beforeAll(async () => {
    t = await createTestApp();
    lender = await aLender(t).build();
  });
  afterAll(() => t.close());

  const schedules = () => count(t, 'SELECT count(*) AS n FROM fee_schedules WHERE org_id = $1', [lender.orgId]);

  it('creates a versioned schedule and reads it back', async () => {
    const res = await t.http.post('/v1/fee-schedules').set(lender.auth).send({ name: 'Texas 2026', schedule: BY_BUCKET });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Texas 2026', version: 1, currency: 'USD', schedule: { schema_version: 1, ...BY_BUCKET } });
    const got = await t.http.get(`/v1/fee-schedules/${res.body.id}`).set(lender.auth);
    expect(got.body).toMatchObject({ id: res.body.id, versions: [{ id: res.body.id, version: 1 }] });
  });

  it('edits by creating the next version; the old version stays as it was', async () => {
    const v1 = (await t.http.post('/v1/fee-schedules').set(lender.auth).send({ name: 'Edit me', schedule: { currency: 'USD', contingency_bps: 2000 } })).body;
    const v2 = await t.http.post(`/v1/fee-schedules/${v1.id}/versions`).set(lender.auth).send({ schedule: { currency: 'USD', contingency_bps: 2200 } });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ family_id: v1.id, version: 2, name: 'Edit me', schedule: { contingency_bps: 2200 } });
    expect((await t.http.get(`/v1/fee-schedules/${v1.id}`).set(lender.auth)).body).toMatchObject({ version: 1, schedule: { contingency_bps: 2000 }, versions: [{ version: 1 }, { version: 2 }] });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['bps above 100 %', { currency: 'USD', contingency_bps: 10_001 }, 'schedule.contingency_bps'],
    ['a bucket missing', { currency: 'USD', contingency_bps: { M1: 1500 } }, 'schedule.contingency_bps.M2'],
    ['a component in another currency', { currency: 'USD', min_fee: { amount: 100, currency: 'EUR' } }, 'schedule.min_fee.currency'],
    ['a minimum above the cap', { currency: 'USD', min_fee: usd(10), cap: usd(5) }, 'schedule.min_fee.amount'],
    ['an unknown component', { currency: 'USD', tip: 5 }, 'schedule.tip'],
    ['money that is not money', { currency: 'USD', cap: null }, 'schedule.cap'],
    ['free days without a daily rate', { currency: 'USD', free_storage_days: 3 }, 'schedule.free_storage_days'],
  ])('refuses %s (422 naming the field) and writes nothing', async (_name, schedule, field) => {
    const before = await schedules();
    const body = expectProblem(await t.http.post('/v1/fee-schedules').set(lender.auth).send({ name: 'Bad', schedule }), 422, 'fee_schedule.invalid');
    expect(body.errors?.map((e) => e.field)).toContain(field);
    expect(await schedules()).toBe(before);
  });

  it('refuses bad input (400), partners (403) and other lenders (404)', async () => {
    expectProblem(await t.http.post('/v1/fee-schedules').set(lender.auth).send({ schedule: { currency: 'USD' } }), 400, 'validation.failed');
    const agency = await anAgency(t).build();
    expectProblem(await t.http.post('/v1/fee-schedules').set(agency.auth).send({ name: 'x', schedule: { currency: 'USD' } }), 403, 'auth.wrong_org_kind');
    const mine = (await t.http.post('/v1/fee-schedules').set(lender.auth).send({ name: 'Mine', schedule: { currency: 'USD' } })).body;
    const other = await aLender(t).build();
    expectProblem(await t.http.get(`/v1/fee-schedules/${mine.id}`).set(other.auth), 404, 'fee_schedule.not_found');
    expectProblem(await t.http.post(`/v1/fee-schedules/${mine.id}/versions`).set(other.auth).send({ schedule: { currency: 'USD' } }), 404, 'fee_schedule.not_found');
    expectProblem(await t.http.post('/v1/fee-schedules/quote').set(other.auth).send({ fee_schedule_id: mine.id, outcome: {} }), 404, 'fee_schedule.not_found');
  });

  describe('POST /v1/fee-schedules/quote', () => {
    it('itemises an inline schedule: bucket rate, events, storage after free days, distance, cap', async () => {
      const res = await t.http
        .post('/v1/fee-schedules/quote')
        .set(lender.auth)
        .send({ schedule: BY_BUCKET, outcome: { amount_recovered: usd(1_000_005), bucket: 'M3', events: ['repossession'], storage_days: 8, distance_m: 12_345 } });
      expect(res.status).toBe(200);
      expect(res.body.lines.map((l: { code: string; amount: { amount: number } }) => [l.code, l.amount.amount])).toEqual([
        ['contingency', 250_001], // 2500 bps × 1,000,005 = 250,001.25 → half-up once
        ['flat_fee.repossession', 35_000],
        ['storage', 7_500],
        ['distance', 1_852], // 150 × 12.345 km = 1,851.75
        ['cap', 250_000 - (250_001 + 35_000 + 7_500 + 1_852)],
      ]);
      expect(res.body.total).toEqual(usd(250_000));
      expect(res.body.lines[0].basis).toBe('2500 bps × 1000005 (M3)');
    });

    it('quotes a stored schedule by id, with the minimum fee', async () => {
      const s = (await t.http.post('/v1/fee-schedules').set(lender.auth).send({ name: 'Min', schedule: { currency: 'USD', contingency_bps: 1000, min_fee: usd(5_000) } })).body;
      const res = await t.http.post('/v1/fee-schedules/quote').set(lender.auth).send({ fee_schedule_id: s.id, outcome: { amount_recovered: usd(10_000) } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ fee_schedule_id: s.id, total: usd(5_000), lines: [{ code: 'contingency', amount: usd(1_000) }, { code: 'min_fee', amount: usd(4_000) }] });
    });

    it('lets a partner price an inline schedule before bidding', async () => {
      const agency = await anAgency(t).build();
      const res = await t.http.post('/v1/fee-schedules/quote').set(agency.auth).send({ schedule: { currency: 'USD', contingency_bps: 1500 }, outcome: { amount_recovered: usd(123_457) } });
      expect(res.status).toBe(200);
      expect(res.body.total).toEqual(usd(18_519));
    });

    it.each<[string, Record<string, unknown>, number, string, string?]>([
      ['an outcome in another currency', { schedule: BY_BUCKET, outcome: { amount_recovered: { amount: 100, currency: 'EUR' }, bucket: 'M1' } }, 422, 'fee_quote.currency_mismatch', 'outcome.amount_recovered.currency'],
      ['a by-bucket rate without the bucket', { schedule: BY_BUCKET, outcome: { amount_recovered: usd(100) } }, 422, 'fee_quote.invalid_outcome', 'outcome.bucket'],
      ['an invalid inline schedule', { schedule: { currency: 'usd' }, outcome: {} }, 422, 'fee_schedule.invalid', 'schedule.currency'],
      ['both a schedule and an id', { schedule: BY_BUCKET, fee_schedule_id: '00000000-0000-4000-8000-000000000000', outcome: {} }, 400, 'validation.failed', 'schedule'],
      ['no outcome', { schedule: BY_BUCKET }, 400, 'validation.failed', 'outcome'],
      ['an unknown event', { schedule: BY_BUCKET, outcome: { events: ['party'] } }, 400, 'validation.failed', 'outcome.events'],
    ])('refuses %s', async (_name, body, status, code, field) => {
      const res = expectProblem(await t.http.post('/v1/fee-schedules/quote').set(lender.auth).send(body), status, code);
      if (field) expect(res.errors?.map((e) => e.field)).toContain(field);
    });
  });
});
