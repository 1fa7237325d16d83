import { FieldWork1764110000000 } from '../../migrations/1764110000000-field-work';
import { MIGRATIONS } from '../../migrations/index';
import { aLender, loginPlatformAdmin, platformAdminEnv } from '../support/factories';
import { aFeeSchedule, aListingBody, aPartner, placeCase } from '../support/marketplace';
import { createTestApp, TestApp } from '../support/test-app';

/** Issue 12's migrations run on a database that already has jobs and listings, and keep them. */
describe('field work migrations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
  });
  afterAll(() => t.close());

  it('down and up again keep existing listings, jobs and partner statistics; new columns take their defaults', async () => {
    const admin = await loginPlatformAdmin(t);
    const lender = await aLender(t).build();
    const partner = await aPartner(t, admin);
    const schedule = await aFeeSchedule(t, lender);
    const listing = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [await placeCase(t, lender)], { bidding_mode: 'direct', direct_partner_id: partner.orgId, deadline: undefined }));
    expect(listing.status).toBe(201);
    const [job] = await t.db.query('SELECT id, status, frozen_terms FROM jobs WHERE listing_id = $1', [listing.body.id]);
    await t.db.query(`INSERT INTO partner_stats (partner_org_id, work_kind, assigned, jobs_total, updated_at) VALUES ($1, 'collection', 1, 1, now()) ON CONFLICT DO NOTHING`, [partner.orgId]);

    // Issue 12's migrations and every later one (which build on job_events), down and up again.
    const migrations = MIGRATIONS.slice(MIGRATIONS.indexOf(FieldWork1764110000000)).map((M) => new M());
    const runner = t.db.createQueryRunner();
    try {
      for (const m of [...migrations].reverse()) await m.down(runner);
      for (const m of migrations) await m.up(runner);
    } finally {
      await runner.release();
    }
    expect((await t.db.query('SELECT id, status, frozen_terms FROM jobs WHERE id = $1', [job.id]))[0]).toEqual(job);
    expect((await t.db.query('SELECT auto_recall_on_breach, promise_grace_days, hold_escalations, first_action_due_at FROM jobs WHERE id = $1', [job.id]))[0]).toEqual({
      auto_recall_on_breach: false,
      promise_grace_days: 3,
      hold_escalations: 0,
      first_action_due_at: null,
    });
    expect((await t.db.query('SELECT auto_recall_on_breach, promise_grace_days FROM listings WHERE id = $1', [listing.body.id]))[0]).toEqual({ auto_recall_on_breach: false, promise_grace_days: 3 });
    expect((await t.db.query('SELECT assigned, sla_breaches, promises_kept, promises_broken FROM partner_stats WHERE partner_org_id = $1', [partner.orgId]))[0]).toEqual({
      assigned: 1,
      sla_breaches: 0,
      promises_kept: 0,
      promises_broken: 0,
    });
    expect((await t.http.get(`/v1/jobs/${job.id}`).set(lender.auth)).status).toBe(200);
  });
});
