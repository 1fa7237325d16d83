import { FrozenTermsBoundaries1764100000000 } from '../../migrations/1764100000000-frozen-terms';
import { aLender, loginPlatformAdmin, platformAdminEnv } from '../support/factories';
import { aBid, aFeeSchedule, aListingBody, aPartner, placeCase } from '../support/marketplace';
import { createTestApp, TestApp } from '../support/test-app';

/** Issue 9 §4: the three jsonb columns of a job become one typed `frozen_terms`, without losing a job's terms. */
describe('frozen terms migration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    // A clock that stands still: the award and its offer happen at one instant, as in one transaction.
    t.clock.set(new Date().toISOString());
  });
  afterAll(() => t.close());

  it('carries existing jobs over both ways: down restores the columns, up rebuilds the same document', async () => {
    const admin = await loginPlatformAdmin(t);
    const lender = await aLender(t).build();
    const partner = await aPartner(t, admin);
    const schedule = await aFeeSchedule(t, lender);
    const listing = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [await placeCase(t, lender)]));
    expect(listing.status).toBe(201);
    expect((await t.http.post(`/v1/listings/${listing.body.id}/bids`).set(partner.auth).send(aBid(1800))).status).toBe(201);
    const award = await t.http.post(`/v1/listings/${listing.body.id}/award`).set(lender.auth).send({ auto: true });
    expect(award.status).toBe(200);
    const jobId = award.body.jobs[0].id as string;
    const [before] = await t.db.query('SELECT frozen_terms, offered_at FROM jobs WHERE id = $1', [jobId]);
    expect(before.frozen_terms).toEqual({
      schema_version: 1,
      fee_schedule_id: schedule,
      fee_schedule_version: 1,
      fee_schedule: { schema_version: 1, currency: 'USD', contingency_bps: 2500, min_fee: { amount: 1000, currency: 'USD' } },
      bid_terms: { contingency_bps: 1800, sla: { first_action_hours: 24, completion_days: 30 } },
      effective_schedule: { schema_version: 1, currency: 'USD', contingency_bps: 1800, min_fee: { amount: 1000, currency: 'USD' } },
      effective_at: new Date(before.offered_at).toISOString(),
    });

    const migration = new FrozenTermsBoundaries1764100000000();
    const runner = t.db.createQueryRunner();
    try {
      await migration.down(runner);
      const [old] = await t.db.query('SELECT fee_schedule, terms, effective_fee_schedule FROM jobs WHERE id = $1', [jobId]);
      expect(old).toEqual({ fee_schedule: before.frozen_terms.fee_schedule, terms: before.frozen_terms.bid_terms, effective_fee_schedule: before.frozen_terms.effective_schedule });
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const [after] = await t.db.query('SELECT frozen_terms FROM jobs WHERE id = $1', [jobId]);
    // The job was offered when the terms took effect (the award), so the rebuilt document is the same.
    expect(after.frozen_terms).toEqual(before.frozen_terms);
    expect((await t.http.get(`/v1/jobs/${jobId}`).set(lender.auth)).body).toMatchObject({ fee_schedule_version: 1, terms: { contingency_bps: 1800 }, terms_effective_at: before.frozen_terms.effective_at });
  });
});
