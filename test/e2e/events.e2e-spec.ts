import { Value } from '@sinclair/typebox/value';
import { aLender, anAgency, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { eventually } from '../support/eventually';
import { aBid, aFeeSchedule, aListingBody, aPartner, placeCase } from '../support/marketplace';
import { createTestApp, TestApp } from '../support/test-app';
import { CredentialExpiryJob } from '../../src/partners/credential-expiry.job';
import { eventDefinition, EVENT_DEFINITIONS } from '../../src/events/event-catalogue';

interface Notification {
  event_id: string;
  type: string;
  title: string;
  body: string;
}

/**
 * Issue 9 §1: the event catalogue, and notifications rendered from the events the real flows
 * record (publish → bid → award → accept; suspension; credential expiry), not hand-made ones.
 */
describe('events: the catalogue and what real flows tell people', () => {
  let t: TestApp;
  let admin: OrgSession;
  let lender: OrgSession;
  let schedule: string;
  let agency: OrgSession;
  let outsider: OrgSession;

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    admin = await loginPlatformAdmin(t);
    lender = await aLender(t).named('Lone Star Lending').build();
    schedule = await aFeeSchedule(t, lender);
    agency = await aPartner(t, admin, { kind: 'tow_operator', capabilities: ['soft_collection', 'repossession'] });
    outsider = await aPartner(t, admin, { regions: ['US-NV'] });
  });
  afterAll(() => t.close());

  const inbox = async (who: OrgSession): Promise<Notification[]> => (await t.http.get('/v1/notifications?limit=100').set(who.auth)).body.data;
  const titled = (who: OrgSession, type: string) =>
    eventually(async () => (await inbox(who)).find((n) => n.type === type), 15_000, `${type} in the inbox`);

  it('lists every event type with its payload JSON Schema, without authentication', async () => {
    const res = await t.http.get('/v1/events/catalogue');
    expect(res.status).toBe(200);
    const types = res.body.data.map((e: { type: string }) => e.type);
    expect(types).toEqual([...types].sort());
    expect(new Set(types).size).toBe(types.length);
    expect(types).toEqual(EVENT_DEFINITIONS.map((d) => d.type).sort());
    const published = res.body.data.find((e: { type: string }) => e.type === 'listing.published');
    expect(published).toMatchObject({
      aggregate_type: 'listing',
      payload_schema: {
        type: 'object',
        additionalProperties: false,
        required: expect.arrayContaining(['listing_id', 'listing_title', 'deadline', 'total_balance']),
        properties: { deadline: { type: 'string', format: 'date-time' }, total_balance: { type: 'object', properties: { amount: { type: 'integer' } } } },
      },
    });
  });

  it('publish → bid → award → accept: each person reads a specific message built from the real payload', async () => {
    const endpoint = await t.http.post('/v1/webhook-endpoints').set(agency.auth).send({ url: 'https://hooks.example.com/reclaim', event_types: ['listing.published'] });
    expect(endpoint.status).toBe(201);
    const c = await placeCase(t, lender);
    const listing = (await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, [c], { title: 'Austin auto loans' }))).body;

    const published = await titled(agency, 'listing.published');
    expect(published.title).toBe('New listing: Austin auto loans');
    expect(published.body).toContain('Cases: 1, total balance USD 10,000.00.');
    const [event] = await t.db.query(`SELECT id, org_ids FROM outbox_events WHERE type = 'listing.published' AND aggregate_id = $1`, [listing.id]);
    expect(event.org_ids).toEqual(expect.arrayContaining([lender.orgId, agency.orgId]));
    expect(event.org_ids).not.toContain(outsider.orgId);
    // The eligible partner's subscribed endpoint gets a delivery; the ineligible partner hears nothing.
    await eventually(async () => (await t.db.query(`SELECT 1 FROM webhook_deliveries WHERE event_id = $1 AND org_id = $2`, [event.id, agency.orgId])).length > 0, 15_000, 'the delivery');
    expect((await inbox(outsider)).some((n) => n.event_id === event.id)).toBe(false);

    expect((await t.http.post(`/v1/listings/${listing.id}/bids`).set(agency.auth).send(aBid(2000))).status).toBe(201);
    const partnerName = (await t.db.query('SELECT name FROM orgs WHERE id = $1', [agency.orgId]))[0].name;
    expect((await titled(lender, 'bid.placed')).body).toBe(`${partnerName} has bid on Austin auto loans.`);

    expect((await t.http.post(`/v1/listings/${listing.id}/award`).set(lender.auth).send({ auto: true })).status).toBe(200);
    expect((await titled(agency, 'listing.awarded')).title).toBe('Listing awarded: Austin auto loans');
    const offered = await titled(agency, 'job.offered');
    expect(offered.title).toBe('Job offered: Austin auto loans');
    expect(offered.body).toMatch(/Accept it by \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC or it expires\./);

    const [job] = await t.db.query('SELECT id FROM jobs WHERE listing_id = $1', [listing.id]);
    expect((await t.http.post(`/v1/jobs/${job.id}/accept`).set(agency.auth)).status).toBe(200);
    expect((await titled(lender, 'job.accepted')).body).toBe(`${partnerName} has accepted Austin auto loans.`);
  });

  it('suspension: the lender with open jobs is told who was suspended and why', async () => {
    const ok = await t.http.post(`/v1/admin/partners/${agency.orgId}/suspend`).set(admin.auth).send({ reason: 'insurance lapsed' });
    expect(ok.status).toBe(200);
    const partnerName = (await t.db.query('SELECT name FROM orgs WHERE id = $1', [agency.orgId]))[0].name;
    const notice = await titled(lender, 'partner.suspension_notice');
    expect(notice.title).toBe(`Partner suspended: ${partnerName}`);
    expect(notice.body).toBe(`${partnerName} has been suspended (insurance lapsed).\nYour open jobs with it: 1. It cannot be assigned new work until reinstated.`);
    expect((await titled(agency, 'partner.suspended')).title).toBe(`Partner suspended: ${partnerName}`);
    expect((await t.http.post(`/v1/admin/partners/${agency.orgId}/reinstate`).set(admin.auth).send({ reason: 'renewed' })).status).toBe(200);
  });

  it('credential expiry: the partner is warned with its name, the credential and the day', async () => {
    // aPartner's on-hook insurance expires 300 days from today: 20 days before that, the 30-day warning is due.
    t.clock.set(new Date(Date.now() + 280 * 86_400_000));
    try {
      await t.app.get(CredentialExpiryJob).handle({});
    } finally {
      t.clock.reset();
    }
    const partnerName = (await t.db.query('SELECT name FROM orgs WHERE id = $1', [agency.orgId]))[0].name;
    const warning = await titled(agency, 'credential.expiring');
    expect(warning.title).toMatch(new RegExp(`^${partnerName}: (on-hook insurance|general liability insurance) expires on \\d{4}-\\d{2}-\\d{2}$`));
  });

  it('every event the flows above recorded matches its type’s payload schema', async () => {
    const rows: { type: string; payload: unknown }[] = await t.db.query(`SELECT type, payload FROM outbox_events WHERE aggregate_type <> 'test'`);
    expect(rows.length).toBeGreaterThan(20);
    const wrong = rows.flatMap((r) => {
      const definition = eventDefinition(r.type);
      if (!definition) return [`${r.type}: not in the catalogue`];
      return Value.Check(definition.payload, r.payload) ? [] : [`${r.type}: ${[...Value.Errors(definition.payload, r.payload)].map((e) => `${e.path} ${e.message}`).join('; ')}`];
    });
    expect(wrong).toEqual([]);
    const types = new Set(rows.map((r) => r.type));
    for (const type of ['org.registered', 'partner.applied', 'partner.approved', 'credential.uploaded', 'case.placed', 'case.status_changed', 'listing.published', 'bid.placed', 'listing.awarded', 'job.offered', 'job.accepted', 'partner.suspended', 'partner.suspension_notice', 'credential.expiring']) {
      expect(types).toContain(type);
    }
  });

  it('tells nobody outside the eligible partners of a listing', async () => {
    const stranger = await anAgency(t).build();
    expect(await inbox(stranger)).toEqual([]);
  });
});
