import { parse } from 'csv-parse/sync';
import { Deadlines } from '../../src/common/queue/deadlines.service';
import { JOB_DUTY_DEADLINE } from '../../src/jobs/duties/duty-timers';
import { JOB_SLA_DEADLINE } from '../../src/jobs/job-timers';
import { lastDaytime } from '../support/daytime';
import { eventually } from '../support/eventually';
import { aBuyer, aLender, loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { aBid, aFeeSchedule, aListingBody, aPartner, count, placeCase, usd } from '../support/marketplace';
import { aCaseOnAJob, confirmPayment } from '../support/payments';
import { aLicensedTowOperator, anAcceptedRepossession, aVin } from '../support/repossession-job';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('analytics: the partner scorecard from real outcomes (issue 17)', () => {
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
  afterAll(() => t.close());

  const scorecard = (who: OrgSession, orgId: string, query = '') => t.http.get(`/v1/analytics/partners/${orgId}/scorecard${query}`).set(who.auth);
  const report = (partner: OrgSession, jobId: string, body: Record<string, unknown>) => t.http.post(`/v1/jobs/${jobId}/events`).set(partner.auth).send(body);
  const upheld = async (jobId: string) => {
    const filed = await t.http.post('/v1/complaints').set(lender.auth).send({ job_id: jobId, category: 'harassment', description: 'called at 23:00 three nights running' });
    expect(filed.status).toBe(201);
    for (const action of ['investigate', 'uphold']) expect((await t.http.post(`/v1/complaints/${filed.body.id}/${action}`).set(admin.auth).send({ reason: 'reviewed the call recordings' })).status).toBe(200);
  };

  /**
   * The hand-built world: two collection jobs of 107 000 each. Job A: a right-party contact and a
   * missed call, a promise of 5 000 kept by a confirmed 5 000 payment, completed as settled. Job B:
   * nothing reported, an upheld complaint.
   */
  async function aWorld(partner: OrgSession) {
    const a = await aCaseOnAJob(t, lender, schedule, partner);
    const b = await aCaseOnAJob(t, lender, schedule, partner);
    for (const body of [
      { type: 'contact_attempt', channel: 'call', outcome: 'right_party_contact', duration_seconds: 240, occurred_at: lastDaytime() },
      { type: 'contact_attempt', channel: 'call', outcome: 'no_answer', occurred_at: lastDaytime() },
      { type: 'promise_to_pay', amount: usd(5_000), date: addDays(t.clock.today(), 2) },
    ]) expect((await report(partner, a.jobId, body)).status).toBe(201);
    expect((await confirmPayment(t, lender, a.caseId, 5_000)).status).toBe(201);
    expect((await t.http.post(`/v1/jobs/${a.jobId}/complete`).set(partner.auth).send({ outcome: 'settled' })).status).toBe(200);
    await upheld(b.jobId);
    return { a, b };
  }

  const settled = (partner: OrgSession) =>
    eventually(
      async () => {
        const res = await scorecard(partner, partner.orgId);
        const s = res.body;
        return res.status === 200 && s.jobs_assigned === 2 && s.right_party_contact_rate.denominator === 2 && s.complaint_rate.numerator === 1 && s.money[0]?.amount_recovered === 5_000 && s.median_days_to_completion.jobs === 1 && res;
      },
      20_000,
      'scorecard current',
    );

  it('answers each figure with its numerator and denominator, for the partner itself', async () => {
    const partner = await aPartner(t, admin, { capacity: 100 });
    await aWorld(partner);
    const res = await settled(partner);
    expect(res.body).toMatchObject({
      partner_org_id: partner.orgId,
      kind: null,
      region: null,
      jobs_assigned: 2,
      cases_assigned: 2,
      cases_recovered: 1,
      recovery_rate_by_count: { numerator: 1, denominator: 2, rate: 0.5 },
      right_party_contact_rate: { numerator: 1, denominator: 2, rate: 0.5 },
      promises_kept_rate: { numerator: 1, denominator: 1, rate: 1 },
      promises_pending: 0,
      // A: first action and completion on time; B: neither due yet.
      sla_breach_rate: { numerator: 0, denominator: 2, rate: 0 },
      duty_breach_rate: { numerator: 0, denominator: 0, rate: null },
      complaint_rate: { numerator: 1, denominator: 2, rate: 0.5 },
      compliance_refusals: { numerator: 0, denominator: 2, rate: 0 },
      holds_acknowledged_on_time: { numerator: 0, denominator: 0, rate: null },
      voluntary_recovery_share: { numerator: 0, denominator: 0, rate: null },
      median_days_to_first_action: { jobs: 1, days: 0 },
      median_days_to_completion: { jobs: 1, days: 0 },
      money: [
        {
          currency: 'USD',
          amount_assigned: 214_000,
          amount_recovered: 5_000,
          recovery_rate_by_amount: { numerator: 5_000, denominator: 214_000, rate: 0.0234 },
          repossession_cost: 0,
          cost_per_repossession: { numerator: 0, denominator: 0, amount: null },
        },
      ],
    });

    // Filters: the kind and the region of the cases; another kind or region is empty.
    expect((await scorecard(partner, partner.orgId, '?kind=collection&region=US-TX')).body).toMatchObject({ jobs_assigned: 2, kind: 'collection', region: 'US-TX' });
    expect((await scorecard(partner, partner.orgId, '?kind=repossession')).body).toMatchObject({ jobs_assigned: 0, recovery_rate_by_count: { rate: null } });
    expect((await scorecard(partner, partner.orgId, '?region=US-CA')).body).toMatchObject({ jobs_assigned: 0 });
    expect((await scorecard(partner, partner.orgId, `?to=${addDays(t.clock.today(), -40)}`)).body).toMatchObject({ jobs_assigned: 0 });

    // CSV: the same figures, line by line.
    const csv = await scorecard(partner, partner.orgId, '?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    const json = res.body;
    const line = (figure: string, currency = '') => rows.find((r) => r.figure === figure && r.currency === currency)!;
    for (const figure of ['recovery_rate_by_count', 'right_party_contact_rate', 'promises_kept_rate', 'sla_breach_rate', 'duty_breach_rate', 'complaint_rate', 'compliance_refusals', 'holds_acknowledged_on_time', 'voluntary_recovery_share']) {
      const r = json[figure];
      expect([line(figure).numerator, line(figure).denominator, line(figure).value]).toEqual([String(r.numerator), String(r.denominator), r.rate === null ? '' : String(r.rate)]);
    }
    expect(line('jobs_assigned').value).toBe('2');
    expect(line('amount_recovered', 'USD').value).toBe('5000');
    expect(line('recovery_rate_by_amount', 'USD')).toMatchObject({ numerator: '5000', denominator: '214000', value: '0.0234' });
    expect(line('median_days_to_completion')).toMatchObject({ denominator: '1', value: '0' });

    // The trend chart: this month's rates as points with their figures.
    const chart = await scorecard(partner, partner.orgId, '?format=svg');
    expect(chart.status).toBe(200);
    expect(chart.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = chart.text || String(chart.body);
    const month = t.clock.today().slice(0, 7);
    expect(svg).toContain('<title id="chart-title">Scorecard trends</title>');
    expect(svg).toContain(`<title>recovery rate: ${month}: 50 % (1 of 2)</title>`);
    expect(svg).toContain(`<title>complaint rate: ${month}: 50 % (1 of 2)</title>`);
  });

  it('a lender reads any approved partner; platform staff any; others get 404; bad filters are refused; nothing is written', async () => {
    const partner = await aPartner(t, admin, { capacity: 100 });
    await aWorld(partner);
    const mine = await settled(partner);
    const otherLender = await aLender(t).build();
    expect((await scorecard(otherLender, partner.orgId)).body).toEqual({ ...mine.body, as_of: expect.any(String) });
    expect((await scorecard(admin, partner.orgId)).status).toBe(200);

    // The directory publishes the approved partner's record, through the same read model.
    const published = { jobs_assigned: 2, jobs_completed: 1, recovery_rate: 0.5, sla_breach_rate: 0, complaint_rate: 0.5, score: null };
    expect((await t.http.get(`/v1/partners/${partner.orgId}`).set(otherLender.auth)).body.scorecard).toEqual(published);
    const listed = (await t.http.get('/v1/partners?capability=soft_collection&limit=100').set(otherLender.auth)).body.data as { org_id: string; scorecard: unknown }[];
    expect(listed.find((p) => p.org_id === partner.orgId)?.scorecard).toEqual(published);

    const before = await count(t, `SELECT (SELECT count(*) FROM analytics_jobs) + (SELECT count(*) FROM analytics_partner_months) + (SELECT count(*) FROM analytics_promises) AS n`);
    const rival = await aPartner(t, admin);
    expectProblem(await scorecard(rival, partner.orgId), 404, 'partner.not_found');
    expectProblem(await scorecard(await aBuyer(t).build(), partner.orgId), 404, 'partner.not_found');
    const unapproved = await aPartner(t, admin, { approved: false });
    expectProblem(await scorecard(lender, unapproved.orgId), 404, 'partner.not_found');
    expect((await scorecard(unapproved, unapproved.orgId)).status).toBe(200);
    expectProblem(await scorecard(lender, lender.orgId), 404, 'partner.not_found');
    expectProblem(await scorecard(lender, 'not-a-uuid'), 404, 'partner.not_found');
    expectProblem(await scorecard(partner, partner.orgId, '?kind=towing'), 400, 'validation.failed');
    expectProblem(await scorecard(partner, partner.orgId, '?region=texas'), 400, 'validation.failed');
    expectProblem(await scorecard(partner, partner.orgId, '?from=2026-13-01'), 400, 'validation.failed');
    expectProblem(await scorecard(partner, partner.orgId, '?format=xml'), 400, 'validation.failed');
    expectProblem(await scorecard(partner, partner.orgId, '?from=2026-05-01&to=2026-04-01'), 422, 'analytics.bad_period');
    expect((await t.http.get(`/v1/analytics/partners/${partner.orgId}/scorecard`)).status).toBe(401);
    expect(await count(t, `SELECT (SELECT count(*) FROM analytics_jobs) + (SELECT count(*) FROM analytics_partner_months) + (SELECT count(*) FROM analytics_promises) AS n`)).toBe(before);
  });

  it('counts repossessions by mode at their frozen flat fee, holds acknowledged within the hour, refused contact attempts', async () => {
    const tow = await aLicensedTowOperator(t, admin);
    const [r1, r2, r3, r4] = [await anAcceptedRepossession(t, admin, lender, { tow }), await anAcceptedRepossession(t, admin, lender, { tow }), await anAcceptedRepossession(t, admin, lender, { tow }), await anAcceptedRepossession(t, admin, lender, { tow })];
    for (const [job, mode] of [[r1, 'involuntary'], [r2, 'voluntary']] as const) {
      expect((await report(tow, job.jobId, { type: 'vehicle_located', position: { latitude: 34.05, longitude: -118.24 }, source: 'field' })).status).toBe(201);
      expect((await report(tow, job.jobId, { type: 'vehicle_recovered', mode, odometer: 81_230 })).status).toBe(201);
    }
    // 02:00 in Los Angeles: outside FDCPA §1692c(a)(1) hours, refused and counted.
    const night = new Date(Date.parse(`${t.clock.today()}T10:00:00.000Z`) - 86_400_000).toISOString();
    expectProblem(await report(tow, r1.jobId, { type: 'contact_attempt', channel: 'visit', outcome: 'right_party_contact', occurred_at: night }), 422, 'compliance.contact_refused');
    const hold = (caseId: string) => t.http.post(`/v1/cases/${caseId}/flags`).set(lender.auth).send({ flag: 'legal_hold', reason: 'court order' });
    expect((await hold(r3.caseId)).status).toBe(200);
    expect((await t.http.post(`/v1/jobs/${r3.jobId}/acknowledge-hold`).set(tow.auth)).status).toBe(200);
    expect((await hold(r4.caseId)).status).toBe(200);
    // Police notification is due within the hour of a US-CA recovery (Cal. Veh. Code §28(a)): r2's is
    // fulfilled, r1's is not; two hours later the sweep breaches r1's alone.
    expect((await report(tow, r2.jobId, { type: 'police_notified', report_number: 'LAPD-27-000413', agency: 'LAPD Van Nuys' })).status).toBe(201);
    t.clock.advance(2 * 3_600_000);
    try {
      expect((await t.http.post(`/v1/jobs/${r4.jobId}/acknowledge-hold`).set(tow.auth)).status).toBe(200);
      await t.app.get(Deadlines).sweep(JOB_DUTY_DEADLINE);
    } finally {
      t.clock.reset();
    }
    const res = await eventually(
      async () => {
        const r = await scorecard(tow, tow.orgId, '?kind=repossession&region=US-CA');
        return r.body.holds_acknowledged_on_time?.denominator === 2 && r.body.recoveries?.voluntary === 1 && r.body.compliance_refusals?.numerator === 1 && r.body.money[0]?.repossession_cost === 90_000 && r.body.duty_breach_rate?.numerator === 1 && r;
      },
      20_000,
      'repossessions counted',
    );
    expect(res.body).toMatchObject({
      jobs_assigned: 4,
      cases_assigned: 4,
      cases_recovered: 2,
      recovery_rate_by_count: { numerator: 2, denominator: 4, rate: 0.5 },
      recoveries: { voluntary: 1, involuntary: 1 },
      voluntary_recovery_share: { numerator: 1, denominator: 2, rate: 0.5 },
      holds_acknowledged_on_time: { numerator: 1, denominator: 2, rate: 0.5 },
      compliance_refusals: { numerator: 1, denominator: 1, rate: 1 },
      // Each recovery started two duties (police notification, notice of seizure); one missed.
      duty_breach_rate: { numerator: 1, denominator: 4, rate: 0.25 },
      right_party_contact_rate: { numerator: 0, denominator: 0, rate: null },
      median_days_to_first_action: { jobs: 2, days: 0 },
    });
    expect(res.body.money).toEqual([expect.objectContaining({ currency: 'USD', repossession_cost: 90_000, cost_per_repossession: { numerator: 90_000, denominator: 2, amount: 45_000 } })]);
  });

  it('counts a promise not kept by its date plus 3 days as broken', async () => {
    const partner = await aPartner(t, admin, { capacity: 100 });
    const { jobId } = await aCaseOnAJob(t, lender, schedule, partner);
    expect((await report(partner, jobId, { type: 'promise_to_pay', amount: usd(5_000), date: addDays(t.clock.today(), -4) })).status).toBe(201);
    const res = await eventually(async () => {
      const r = await scorecard(partner, partner.orgId);
      return r.body.promises_kept_rate?.denominator === 1 && r;
    }, 20_000, 'promise counted');
    expect(res.body).toMatchObject({ promises_kept_rate: { numerator: 0, denominator: 1, rate: 0 }, promises_pending: 0 });
  });

  describe('the award score reads the scorecard (DESIGN §5)', () => {
    afterAll(() => t.clock.reset());

    const publish = async (caseIds: string[]) => {
      const res = await t.http.post('/v1/listings').set(lender.auth).send(aListingBody(schedule, caseIds));
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const scoreOf = async (listingId: string, partner: OrgSession) => {
      const view = await t.http.get(`/v1/listings/${listingId}/bids`).set(lender.auth);
      expect(view.status).toBe(200);
      return view.body.data.find((b: { partner_org_id: string }) => b.partner_org_id === partner.orgId) as { score: number; breakdown: Record<string, { value: number }>; inputs: Record<string, unknown> };
    };
    const card = (partner: OrgSession, ready: (s: Record<string, { numerator: number; denominator: number }>) => boolean, what: string) =>
      eventually(async () => {
        const res = await scorecard(admin, partner.orgId);
        return ready(res.body) && res.body;
      }, 20_000, what);

    it('takes proximity from where the cases are: the borrower’s postal code against postal prefixes, the vehicle’s last position against a centre and radius', async () => {
      // Two cases in Austin (borrower at 78701); the second one's vehicle last seen downtown.
      const plain = await placeCase(t, lender);
      const withVehicle = await placeCase(t, lender);
      const vehicle = await t.http.post('/v1/vehicles').set(lender.auth).send({ vin: aVin(), case_id: withVehicle, last_position: { latitude: 30.2672, longitude: -97.7431, at: new Date().toISOString() } });
      expect(vehicle.status).toBe(201);
      // Each serves all of Texas (so it may bid on a Texas lot) and names where it is closest.
      const postal = await aPartner(t, admin, { serviceAreas: [{ region: 'US-TX' }, { region: 'US-TX', postal_prefixes: ['787'] }] });
      const elsewhere = await aPartner(t, admin, { serviceAreas: [{ region: 'US-TX' }, { region: 'US-TX', postal_prefixes: ['750'] }, { region: 'US-TX', centre: { lat: 30.2672, lng: -97.7431 }, radius_km: 20 }] });
      const regionWide = await aPartner(t, admin);
      const one = await publish([plain]);
      const two = await publish([withVehicle]);
      for (const id of [one, two]) for (const p of [postal, elsewhere, regionWide]) expect((await t.http.post(`/v1/listings/${id}/bids`).set(p.auth).send(aBid(1500))).status).toBe(201);

      // 787 prefix: the postal code matches (1). Region only: 0.8. A 750 prefix misses and the radius
      // has no position to measure on the first case (the region's 0.8); on the second the vehicle is
      // at the centre (1).
      expect((await scoreOf(one, postal)).inputs.proximity).toBe(1);
      expect((await scoreOf(one, regionWide)).inputs.proximity).toBe(0.8);
      expect((await scoreOf(one, elsewhere)).inputs.proximity).toBe(0.8);
      expect((await scoreOf(two, elsewhere)).inputs.proximity).toBe(1);
      expect((await scoreOf(two, regionWide)).inputs.proximity).toBe(0.8);
      const view = await scoreOf(one, postal);
      expect(view.breakdown.proximity.value).toBe(1);
    });

    it('moves with a complaint upheld, a recovery and a breach; an old award still explains its own score', async () => {
      const partner = await aPartner(t, admin, { capacity: 100 });
      const j1 = await aCaseOnAJob(t, lender, schedule, partner);
      await aCaseOnAJob(t, lender, schedule, partner);
      await card(partner, (s) => s.recovery_rate_by_count.denominator === 2, 'two jobs assigned');
      const listing = await publish([await placeCase(t, lender)]);
      const later = await publish([await placeCase(t, lender)]);
      for (const id of [listing, later]) expect((await t.http.post(`/v1/listings/${id}/bids`).set(partner.auth).send(aBid(1500))).status).toBe(201);
      const first = await scoreOf(listing, partner);
      // Two jobs, nothing recovered, nothing decided: performance smoothed from zero, quality 1, sla the prior.
      expect(first.breakdown.quality.value).toBe(1);
      expect(first.inputs).toMatchObject({ stats: { recovered: 0, assigned: 2, complaints_upheld: 0, jobs_total: 2 }, record: 'kind', region: null, proximity: 0.8 });

      await upheld(j1.jobId);
      await card(partner, (s) => s.complaint_rate.numerator === 1, 'complaint counted');
      const afterComplaint = await scoreOf(listing, partner);
      expect(afterComplaint.breakdown.quality.value).toBe(0.5);
      expect(afterComplaint.score).toBeLessThan(first.score);

      expect((await confirmPayment(t, lender, j1.caseId, 10_000)).status).toBe(201);
      await card(partner, (s) => s.recovery_rate_by_count.numerator === 1, 'recovery counted');
      const afterRecovery = await scoreOf(listing, partner);
      expect(afterRecovery.inputs).toMatchObject({ stats: { recovered: 1, assigned: 2 } });
      expect(afterRecovery.breakdown.performance.value).toBeGreaterThan(afterComplaint.breakdown.performance.value);
      expect(afterRecovery.score).toBeGreaterThan(afterComplaint.score);

      const award = await t.http.post(`/v1/listings/${listing}/award`).set(lender.auth).send({ auto: true });
      expect(award.status).toBe(200);
      const awarded = await scoreOf(listing, partner);
      expect(awarded).toMatchObject({ score: afterRecovery.score, breakdown: afterRecovery.breakdown, inputs: afterRecovery.inputs });

      // A day and an hour later neither job has had a first action (due after 24 h): the SLA clocks
      // record two breaches, and the scorecard counts what they recorded.
      t.clock.advance(25 * 3_600_000);
      await t.app.get(Deadlines).sweep(JOB_SLA_DEADLINE);
      await card(partner, (s) => s.sla_breach_rate.numerator === 2, 'breaches counted');
      const breached = await scoreOf(later, partner);
      expect(breached.breakdown.sla.value).toBe(0);
      expect(breached.inputs).toMatchObject({ stats: { on_time: 0, sla_total: 2 } });
      expect((await scorecard(partner, partner.orgId)).body.sla_breach_rate).toMatchObject({ numerator: 2, denominator: 2 });
      // The award answers from its record: the score it was decided on, with its inputs.
      expect(await scoreOf(listing, partner)).toMatchObject({ score: awarded.score, breakdown: awarded.breakdown, inputs: awarded.inputs });
    });
  });
});
