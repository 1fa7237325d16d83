import IORedis from 'ioredis';
import { declaredJobs } from '../../src/common/queue/job';
import { JobSchedulers } from '../../src/common/queue/job-schedulers';
import { QueueService } from '../../src/common/queue/queue.service';
import { TEST_REDIS_URL } from '../support/databases';
import { eventually } from '../support/eventually';
import { aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aBid, aFeeSchedule, aListingBody, aPartner, placeCase } from '../support/marketplace';
import { createTestApp, deleteRedisKeys, TestApp } from '../support/test-app';

/**
 * Issue 11 item 6: Redis loses its data (a restart without persistence, a flush) and the
 * repeating sweeps with it. The worker re-creates them (on its periodic check, and when its
 * connection comes back), and readiness reports them missing until then.
 */
const SWEEPS_THAT_MUST_SURVIVE = ['marketplace/listing.award-deadline-sweep', 'jobs/job.accept-deadline-sweep', 'webhook-deliveries/webhook.deliver-sweep', 'partners/credentials.expiry-sweep'];

async function schedulersInRedis(t: TestApp): Promise<string[]> {
  const queues = t.app.get(QueueService);
  const present: string[] = [];
  for (const d of declaredJobs().filter((j) => j.repeat)) {
    if (await queues.queue(d.queue).getJobScheduler(d.name)) present.push(`${d.queue}/${d.name}`);
  }
  return present.sort();
}

async function listingWithBid(t: TestApp, lender: OrgSession, partner: OrgSession): Promise<string> {
  const schedule = await aFeeSchedule(t, lender);
  const res = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [await placeCase(t, lender)], { deadline: new Date(t.clock.now().getTime() + 3_600_000).toISOString() }));
  expect(res.status).toBe(201);
  expect((await t.http.post(`/v1/listings/${res.body.id}/bids`).set(partner.auth).send(aBid(2000))).status).toBe(201);
  return res.body.id;
}

/** Waits for the listing to leave `open`; its award (if any) must be the deadline's. */
async function decided(t: TestApp, listingId: string): Promise<string> {
  const status = await eventually(async () => {
    const [row] = await t.db.query('SELECT status FROM listings WHERE id = $1', [listingId]);
    return row.status === 'open' ? null : (row.status as string);
  }, 20_000, 'the listing to be decided');
  expect(await t.db.query('SELECT mode FROM awards WHERE listing_id = $1', [listingId])).toEqual(status === 'awarded' ? [{ mode: 'deadline' }] : []);
  return status;
}

describe('after Redis loses its data: the periodic check', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SCHEDULER_CHECK_INTERVAL_MS: '200', ...platformAdminEnv() });
  });
  afterAll(() => t.close());

  it('re-creates every repeating job the worker declares, readiness is 200 again, and a listing created afterwards is decided', async () => {
    const declared = declaredJobs()
      .filter((j) => j.repeat)
      .map((j) => `${j.queue}/${j.name}`)
      .sort();
    expect(declared).toEqual(expect.arrayContaining(SWEEPS_THAT_MUST_SURVIVE));
    expect(await schedulersInRedis(t)).toEqual(declared);
    await deleteRedisKeys(t.redisPrefix);
    await eventually(async () => (await schedulersInRedis(t)).length === declared.length, 20_000, 'the schedulers to be re-created');
    expect(await schedulersInRedis(t)).toEqual(declared);
    const ready = await t.http.get('/v1/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.schedulers).toEqual({ status: 'up' });

    const admin = await loginPlatformAdmin(t);
    const lender = await aLender(t).build();
    const partner = await aPartner(t, admin);
    const listingId = await listingWithBid(t, lender, partner);
    t.clock.set(new Date(Date.now() + 3_600_000 + 1000));
    try {
      // Lost again, timer included: the re-created sweep runs at once and decides it.
      await deleteRedisKeys(t.redisPrefix);
      expect(await decided(t, listingId)).toBe('awarded');
    } finally {
      t.clock.reset();
    }
  });
});

describe('after Redis loses its data: readiness, and a reconnecting worker', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The periodic check keeps its default minute here, so only the reconnect re-creates them.
    t = await createTestApp(platformAdminEnv());
  });
  afterAll(() => t.close());

  /** What a Redis restart does to a connection: the server drops it, ioredis reconnects. */
  async function dropSchedulerWatchConnection(): Promise<void> {
    const redis = new IORedis(TEST_REDIS_URL, { protocol: 2 } as never);
    try {
      const clients = String(await redis.call('CLIENT', 'LIST')).split('\n');
      const watch = clients.find((line) => line.includes(` name=${t.redisPrefix}:job-schedulers `));
      const id = watch?.match(/^id=(\d+)/)?.[1];
      if (!id) throw new Error('the worker has no scheduler watch connection');
      await redis.call('CLIENT', 'KILL', 'ID', id);
    } finally {
      redis.disconnect();
    }
  }

  it('answers 503 naming the missing schedulers, then decides a listing created after the wipe once the worker reconnects', async () => {
    const admin = await loginPlatformAdmin(t);
    const lender = await aLender(t).build();
    const partner = await aPartner(t, admin);
    expect((await t.http.get('/v1/health/ready')).status).toBe(200);

    await deleteRedisKeys(t.redisPrefix);
    const ready = await t.http.get('/v1/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'unavailable', checks: { database: { status: 'up' }, redis: { status: 'up' }, schedulers: { status: 'down' } } });
    for (const sweep of SWEEPS_THAT_MUST_SURVIVE) expect(ready.body.checks.schedulers.error).toContain(sweep);

    t.clock.set(new Date());
    try {
      const listingId = await listingWithBid(t, lender, partner);
      // Its timer is an hour away in Redis time; past its deadline only the sweep can decide it.
      t.clock.advance(3_600_000 + 1000);
      await dropSchedulerWatchConnection();
      expect(await decided(t, listingId)).toBe('awarded');
      expect(await t.db.query('SELECT j.partner_org_id FROM jobs j WHERE j.listing_id = $1', [listingId])).toEqual([{ partner_org_id: partner.orgId }]);
    } finally {
      t.clock.reset();
    }
    const back = await t.http.get('/v1/health/ready');
    expect(back.status).toBe(200);
    expect(back.body.checks.schedulers).toEqual({ status: 'up' });
    expect(await t.app.get(JobSchedulers).missing()).toEqual([]);
  });
});
