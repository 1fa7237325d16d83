import IORedis from 'ioredis';
import { Deadlines } from '../../src/common/queue/deadlines.service';
import { QueueService } from '../../src/common/queue/queue.service';
import { AwardDeadlineJob } from '../../src/marketplace/award-deadline.job';
import { AWARD_DEADLINE } from '../../src/marketplace/marketplace-timers';
import { TEST_REDIS_URL } from '../support/databases';
import { eventually } from '../support/eventually';
import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aBid, aFeeSchedule, aListingBody, aPartner, count, placeCase } from '../support/marketplace';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The deadline primitive (src/common/queue/deadline.ts) through the award deadline: the timer
 * fires, rescheduling replaces it, cancelling removes it, the sweep catches a lost one, and a
 * race of timer and sweeps decides the item once.
 */
describe('deadlines: timer, reschedule, cancel, sweep, once', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let schedule: string;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).build();
    schedule = await aFeeSchedule(t, lender);
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const HOUR = 3_600_000;
  const queue = () => t.app.get(QueueService).queue(AWARD_DEADLINE.queue);
  const timerOf = (listingId: string) => queue().getJob(AWARD_DEADLINE.idOf({ listingId }));
  const timerRun = (listingId: string) =>
    eventually(async () => {
      const timer = await timerOf(listingId);
      return timer?.finishedOn ? timer : null;
    }, 20_000, 'the award-deadline timer to run');
  const statusOf = async (listingId: string): Promise<string> => (await t.db.query('SELECT status FROM listings WHERE id = $1', [listingId]))[0].status;
  const publish = async (deadline: Date): Promise<string> => {
    const res = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [await placeCase(t, lender)], { deadline: deadline.toISOString() }));
    if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  };
  const bid = async (listingId: string, contingency = 2000): Promise<OrgSession> => {
    const partner = await aPartner(t, admin);
    const res = await t.http.post(`/v1/listings/${listingId}/bids`).set(partner.auth).send(aBid(contingency));
    if (res.status !== 201) throw new Error(`bid failed: ${res.status} ${JSON.stringify(res.body)}`);
    return partner;
  };
  const moveDeadline = async (listingId: string, deadline: Date): Promise<void> => {
    expect((await t.http.patch(`/v1/listings/${listingId}`).set(lender.auth).send({ deadline: deadline.toISOString() })).status).toBe(200);
  };
  /** Pending award timers of one listing in Redis (there must never be two). */
  const pendingTimers = async (listingId: string): Promise<number> => (await queue().getDelayed()).filter((j) => j.data.listingId === listingId).length;
  /**
   * The award sweep also runs on every whole minute; the timer test keeps its few seconds away
   * from one so that it is the timer, not the sweep, that decides.
   */
  const clearOfTheMinuteSweep = async (): Promise<void> => {
    while (Date.now() % 60_000 < 2_000 || Date.now() % 60_000 > 45_000) await new Promise((r) => setTimeout(r, 200));
  };

  it('fires the timer at the deadline, moved earlier by PATCH, and the listing is awarded by it', async () => {
    const now = new Date();
    t.clock.set(now);
    const listingId = await publish(new Date(now.getTime() + HOUR));
    const partner = await bid(listingId);
    await clearOfTheMinuteSweep();
    const soon = new Date(t.clock.now().getTime() + 1500);
    await moveDeadline(listingId, soon);
    expect((await timerOf(listingId))?.delay).toBe(1500);
    t.clock.set(new Date(soon.getTime() + 1000));
    const ran = await timerRun(listingId);
    expect(ran.returnvalue).toEqual({ outcome: 'awarded' });
    expect(await statusOf(listingId)).toBe('awarded');
    expect(await t.db.query('SELECT a.mode, j.partner_org_id FROM awards a JOIN jobs j ON j.listing_id = a.listing_id WHERE a.listing_id = $1', [listingId])).toEqual([{ mode: 'deadline', partner_org_id: partner.orgId }]);
  });

  it('replaces the timer when the deadline moves later or earlier: one timer, due at the new deadline', async () => {
    const now = new Date();
    t.clock.set(now);
    const listingId = await publish(new Date(now.getTime() + HOUR));
    expect((await timerOf(listingId))?.delay).toBe(HOUR);
    await moveDeadline(listingId, new Date(now.getTime() + 2 * HOUR));
    expect((await timerOf(listingId))?.delay).toBe(2 * HOUR);
    expect(await pendingTimers(listingId)).toBe(1);
    await moveDeadline(listingId, new Date(now.getTime() + HOUR / 2));
    expect((await timerOf(listingId))?.delay).toBe(HOUR / 2);
    expect(await pendingTimers(listingId)).toBe(1);
    // Scheduling the same item again through the primitive replaces it too.
    await t.app.get(Deadlines).schedule(AWARD_DEADLINE, { listingId }, new Date(now.getTime() + 3 * HOUR));
    expect((await timerOf(listingId))?.delay).toBe(3 * HOUR);
    expect(await pendingTimers(listingId)).toBe(1);
    expect((await timerOf(listingId))?.data).toEqual({ listingId });
    expect((await t.http.post(`/v1/listings/${listingId}/cancel`).set(lender.auth)).status).toBe(200);
  });

  it('removes the timer when the listing is cancelled; past the deadline nothing is decided', async () => {
    const now = new Date();
    t.clock.set(now);
    const listingId = await publish(new Date(now.getTime() + HOUR));
    expect(await timerOf(listingId)).toBeDefined();
    expect((await t.http.post(`/v1/listings/${listingId}/cancel`).set(lender.auth)).status).toBe(200);
    expect(await timerOf(listingId)).toBeUndefined();
    expect(await pendingTimers(listingId)).toBe(0);
    // Cancelling a timer that is not there is no error.
    await t.app.get(Deadlines).cancel(AWARD_DEADLINE, { listingId });
    t.clock.set(new Date(now.getTime() + HOUR + 1000));
    expect(await t.app.get(Deadlines).sweep(AWARD_DEADLINE)).toEqual({ swept: 0 });
    expect(await statusOf(listingId)).toBe('cancelled');
    expect(await count(t, 'SELECT count(*) AS n FROM awards WHERE listing_id = $1', [listingId])).toBe(0);
  });

  it('the sweep decides a listing whose timer Redis lost, once', async () => {
    const now = new Date();
    t.clock.set(now);
    const listingId = await publish(new Date(now.getTime() + HOUR));
    const partner = await bid(listingId);
    const timer = await timerOf(listingId);
    await timer!.remove();
    const redis = new IORedis(TEST_REDIS_URL, { protocol: 2 } as never);
    try {
      expect(await redis.exists(`${t.redisPrefix}:${AWARD_DEADLINE.queue}:${timer!.id}`)).toBe(0);
    } finally {
      redis.disconnect();
    }
    const deadlines = t.app.get(Deadlines);
    expect(await deadlines.sweep(AWARD_DEADLINE)).toEqual({ swept: 0 });
    expect(await statusOf(listingId)).toBe('open');
    t.clock.set(new Date(now.getTime() + HOUR + 1000));
    expect(await deadlines.sweep(AWARD_DEADLINE)).toEqual({ swept: 1 });
    expect(await deadlines.sweep(AWARD_DEADLINE)).toEqual({ swept: 0 });
    expect(await statusOf(listingId)).toBe('awarded');
    expect(await t.db.query('SELECT a.mode, j.partner_org_id FROM awards a JOIN jobs j ON j.listing_id = a.listing_id WHERE a.listing_id = $1', [listingId])).toEqual([{ mode: 'deadline', partner_org_id: partner.orgId }]);
  });

  it('decides once when the real timer, direct timer runs and two sweeps race at the deadline', async () => {
    const now = new Date();
    t.clock.set(now);
    const listingId = await publish(new Date(now.getTime() + HOUR));
    const best = await bid(listingId, 1500);
    await bid(listingId, 2500);
    t.clock.set(new Date(now.getTime() + HOUR + 1000));
    const handler = t.app.get(AwardDeadlineJob);
    const deadlines = t.app.get(Deadlines);
    const timer = await timerOf(listingId);
    const [, ...results] = await Promise.all([
      timer!.promote(),
      handler.handle({ listingId }),
      handler.handle({ listingId }),
      handler.handle({ listingId }),
      deadlines.sweep(AWARD_DEADLINE),
      deadlines.sweep(AWARD_DEADLINE),
    ]);
    const ran = await timerRun(listingId);
    const outcomes = [...results.slice(0, 3), ran.returnvalue].map((r) => (r as { outcome: string }).outcome);
    expect(outcomes.filter((o) => o === 'awarded').length).toBeLessThanOrEqual(1);
    expect(outcomes.filter((o) => o !== 'awarded' && o !== 'skipped')).toEqual([]);
    expect(await statusOf(listingId)).toBe('awarded');
    expect(await t.db.query('SELECT a.mode, j.partner_org_id FROM awards a JOIN jobs j ON j.listing_id = a.listing_id WHERE a.listing_id = $1', [listingId])).toEqual([{ mode: 'deadline', partner_org_id: best.orgId }]);
    expect(await count(t, 'SELECT count(*) AS n FROM jobs WHERE listing_id = $1', [listingId])).toBe(1);
    expect(await count(t, `SELECT count(*) AS n FROM outbox_events WHERE type = 'listing.awarded' AND aggregate_id = $1`, [listingId])).toBe(1);
  });
});
