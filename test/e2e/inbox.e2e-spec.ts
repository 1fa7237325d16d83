import { addUser, aLender, anAgency, OrgSession } from '../support/factories';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';
import { eventually, recordEvent } from '../support/eventually';

interface Notification {
  id: string;
  event_id: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  read_at: string | null;
  created_at: string;
}



/** Waits until the fan-out of `eventId` has committed (its consumption mark is written with the inbox rows). */
async function fannedOut(t: TestApp, eventId: string): Promise<void> {
  await eventually(async () => (await t.db.query(`SELECT 1 FROM event_consumptions WHERE event_id = $1 AND consumer = 'notifications.fanout'`, [eventId])).length > 0, 10_000, 'the fan-out');
}

async function inboxOf(t: TestApp, person: OrgSession, query = ''): Promise<{ data: Notification[]; next_cursor: string | null; unread_count: number }> {
  const res = await t.http.get(`/v1/notifications${query}`).set(person.auth);
  expect(res.status).toBe(200);
  return res.body;
}

const offer = { job_id: 'j1', job_title: 'Repossession 1HGCM82633A004352', accept_deadline: '2025-06-15T14:00:00.000Z' };

describe('in-app inbox', () => {
  let t: TestApp;
  let lender: OrgSession;
  let lenderManager: OrgSession;
  let lenderAgent: OrgSession;
  let agency: OrgSession;
  let agencyAgent: OrgSession;
  let agencyViewer: OrgSession;
  let otherAgency: OrgSession;

  beforeAll(async () => {
    t = await createTestApp();
    lender = await aLender(t).build();
    lenderManager = await addUser(t, lender, 'manager');
    lenderAgent = await addUser(t, lender, 'agent');
    agency = await anAgency(t).build();
    agencyAgent = await addUser(t, agency, 'agent');
    agencyViewer = await addUser(t, agency, 'viewer');
    otherAgency = await anAgency(t).build();
  });
  afterAll(() => t.close());

  it('routes job.offered to the partner org’s active members only', async () => {
    const eventId = await recordEvent(t, 'job.offered', [lender.orgId, agency.orgId], offer);
    await fannedOut(t, eventId);
    for (const person of [agency, agencyAgent]) {
      const inbox = await inboxOf(t, person);
      expect(inbox.data.filter((n) => n.event_id === eventId)).toEqual([
        expect.objectContaining({
          type: 'job.offered',
          title: 'Job offered: Repossession 1HGCM82633A004352',
          body: 'You have been offered a job: Repossession 1HGCM82633A004352.\nAccept it by 2025-06-15 14:00 UTC or it expires.',
          data: offer,
          read_at: null,
        }),
      ]);
    }
    for (const person of [agencyViewer, lender, lenderManager, lenderAgent, otherAgency]) {
      expect((await inboxOf(t, person)).data.some((n) => n.event_id === eventId)).toBe(false);
    }
  });

  // job.sla_breached routed this way until nothing was found to produce it (issue 9 §1); listing.awarded shares its audience.
  it('routes listing.awarded to lenders’ and partners’ owners and managers', async () => {
    const eventId = await recordEvent(t, 'listing.awarded', [lender.orgId, agency.orgId], { listing_id: 'l1', listing_title: 'Lot 1' });
    await fannedOut(t, eventId);
    for (const person of [lender, lenderManager, agency]) {
      const mine = (await inboxOf(t, person)).data.filter((n) => n.event_id === eventId);
      expect(mine.map((n) => n.title)).toEqual(['Listing awarded: Lot 1']);
    }
    for (const person of [lenderAgent, agencyAgent, agencyViewer, otherAgency]) {
      expect((await inboxOf(t, person)).data.some((n) => n.event_id === eventId)).toBe(false);
    }
    const rows = await t.db.query(`SELECT user_id FROM inbox_notifications WHERE event_id = $1 ORDER BY user_id`, [eventId]);
    expect(rows.map((r: { user_id: string }) => r.user_id).sort()).toEqual([lender.userId, lenderManager.userId, agency.userId].sort());
  });

  it('lists unread first, newest first, with cursor pagination; marks one and all read', async () => {
    const person = await anAgency(t).build();
    const ids: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const eventId = await recordEvent(t, 'job.offered', [person.orgId], { ...offer, job_id: `j${i}`, job_title: `Job ${i}` });
      await fannedOut(t, eventId);
      ids.push(eventId);
    }
    let inbox = await inboxOf(t, person);
    expect(inbox.unread_count).toBe(4);
    expect(inbox.data.map((n) => n.title)).toEqual(['Job offered: Job 4', 'Job offered: Job 3', 'Job offered: Job 2', 'Job offered: Job 1']);

    const oldest = inbox.data[3]!;
    const newest = inbox.data[0]!;
    const read = await t.http.post(`/v1/notifications/${newest.id}/read`).set(person.auth);
    expect(read.status).toBe(200);
    expect(read.body.read_at).toEqual(expect.any(String));
    const again = await t.http.post(`/v1/notifications/${newest.id}/read`).set(person.auth);
    expect(again.body.read_at).toBe(read.body.read_at); // reading twice keeps the first time

    // Unread first (3, 2, 1), then read (4); paged one at a time.
    const titles: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof inboxOf>> = await inboxOf(t, person, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.data.length).toBeLessThanOrEqual(1);
      titles.push(...page.data.map((n) => n.title));
      cursor = page.next_cursor;
    } while (cursor);
    expect(titles).toEqual(['Job offered: Job 3', 'Job offered: Job 2', 'Job offered: Job 1', 'Job offered: Job 4']);

    inbox = await inboxOf(t, person, '?unread=true');
    expect(inbox.data.map((n) => n.id)).not.toContain(newest.id);
    expect(inbox.unread_count).toBe(3);

    const all = await t.http.post('/v1/notifications/read-all').set(person.auth);
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ updated: 3 });
    inbox = await inboxOf(t, person);
    expect(inbox.unread_count).toBe(0);
    expect(inbox.data.every((n) => n.read_at !== null)).toBe(true);
    expect(inbox.data.map((n) => n.id)).toContain(oldest.id);
  });

  it("answers 404 for another org's or another person's notification, and marks nothing", async () => {
    const eventId = await recordEvent(t, 'job.offered', [agency.orgId], offer);
    await fannedOut(t, eventId);
    const theirs = (await inboxOf(t, agency)).data.find((n) => n.event_id === eventId)!;
    expectProblem(await t.http.post(`/v1/notifications/${theirs.id}/read`).set(otherAgency.auth), 404, 'notification.not_found');
    expectProblem(await t.http.post(`/v1/notifications/${theirs.id}/read`).set(agencyAgent.auth), 404, 'notification.not_found');
    expectProblem(await t.http.post('/v1/notifications/not-a-uuid/read').set(agency.auth), 404, 'notification.not_found');
    const [row] = await t.db.query(`SELECT read_at FROM inbox_notifications WHERE id = $1`, [theirs.id]);
    expect(row.read_at).toBeNull();
    await t.http.post('/v1/notifications/read-all').set(otherAgency.auth);
    const [still] = await t.db.query(`SELECT read_at FROM inbox_notifications WHERE id = $1`, [theirs.id]);
    expect(still.read_at).toBeNull();
  });

  it('refuses an API key (an inbox belongs to a person) and a cursor it did not issue', async () => {
    const key = await t.http.post('/v1/api-keys').set(agency.auth).send({ name: 'dispatch' });
    expect(key.status).toBe(201);
    const asKey = { Authorization: `Bearer ${key.body.key}` };
    expectProblem(await t.http.get('/v1/notifications').set(asKey), 403, 'auth.user_required');
    expectProblem(await t.http.post('/v1/notifications/read-all').set(asKey), 403, 'auth.user_required');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM inbox_notifications WHERE user_id = $1 AND read_at IS NOT NULL`, [agency.userId]);
    expect(n).toBe(0);
    const bad = expectProblem(await t.http.get('/v1/notifications?cursor=bm90LWEtY3Vyc29y').set(agency.auth), 400, 'validation.failed');
    expect(bad.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    expectProblem(await t.http.get('/v1/notifications?unread=maybe').set(agency.auth), 400, 'validation.failed');
  });

  it('keeps events that reach nobody (per-case volume) out of every inbox', async () => {
    const eventId = await recordEvent(t, 'case.placed', [lender.orgId], { case_id: 'c1' });
    await fannedOut(t, eventId);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM inbox_notifications WHERE event_id = $1`, [eventId]);
    expect(n).toBe(0);
  });
});
