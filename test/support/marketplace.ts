import { addDays, calendarDateOf } from '../../src/common/calendar/calendar-date';
import { anAgency, aTowOperator, OrgSession } from './factories';
import { TestApp } from './test-app';

export { aCaseRow, placeCase } from './cases';

export const usd = (amount: number) => ({ amount, currency: 'USD' });

export async function aFeeSchedule(t: TestApp, lender: OrgSession, schedule: Record<string, unknown> = { currency: 'USD', contingency_bps: 2500, min_fee: usd(1_000) }): Promise<string> {
  const res = await t.http.post('/v1/fee-schedules').set(lender.auth).send({ name: 'Standard', schedule });
  if (res.status !== 201) throw new Error(`fee schedule failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

export interface PartnerSpec {
  kind?: 'agency' | 'tow_operator';
  capabilities?: string[];
  regions?: string[];
  /** Service areas as the profile takes them (region with postal prefixes or a centre and radius); default one per region. */
  serviceAreas?: Record<string, unknown>[];
  capacity?: number;
  /** Stop before approval (the partner is then ineligible). */
  approved?: boolean;
}

const today = () => calendarDateOf(new Date());

/** A partner vetted through the API: profile, credentials where the work needs them, submit, approve. */
export async function aPartner(t: TestApp, admin: OrgSession, spec: PartnerSpec = {}): Promise<OrgSession> {
  const session = await (spec.kind === 'tow_operator' ? aTowOperator(t) : anAgency(t)).build();
  const capabilities = spec.capabilities ?? ['soft_collection'];
  const profile = await t.http
    .put('/v1/partner-profile')
    .set(session.auth)
    .send({
      legal_name: `${session.kind} ${session.orgId.slice(0, 6)} LLC`,
      registration_number: 'REG-1',
      contacts: [{ name: 'Ops', email: 'ops@partner.example' }],
      capabilities,
      service_areas: spec.serviceAreas ?? (spec.regions ?? ['US-TX']).map((region) => ({ region })),
      capacity: { max_concurrent_jobs: spec.capacity ?? 10 },
    });
  if (profile.status !== 200) throw new Error(`profile failed: ${profile.status} ${JSON.stringify(profile.body)}`);
  if (capabilities.some((c) => c === 'repossession' || c === 'transport')) {
    for (const fields of [
      { type: 'on_hook', number: 'OH-1', issuing_region: 'US', coverage_amount: '25000000', coverage_currency: 'USD', effective_on: addDays(today(), -100), expires_on: addDays(today(), 300) },
      { type: 'general_liability', number: 'GL-1', issuing_region: 'US', coverage_amount: '200000000', coverage_currency: 'USD', effective_on: addDays(today(), -100), expires_on: addDays(today(), 300) },
    ]) {
      let req = t.http.post('/v1/partner-profile/credentials').set(session.auth);
      for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
      const up = await req.attach('document', Buffer.from('%PDF-1.7\n%%EOF\n'), { filename: 'c.pdf', contentType: 'application/pdf' });
      if (up.status !== 201) throw new Error(`credential failed: ${up.status} ${JSON.stringify(up.body)}`);
    }
  }
  const submit = await t.http.post('/v1/partner-profile/submit').set(session.auth);
  if (submit.status !== 200) throw new Error(`submit failed: ${submit.status} ${JSON.stringify(submit.body)}`);
  if (spec.approved === false) return session;
  const ok = await t.http.post(`/v1/admin/partners/${session.orgId}/approve`).set(admin.auth).send({ reason: 'vetted in test' });
  if (ok.status !== 200) throw new Error(`approve failed: ${ok.status} ${JSON.stringify(ok.body)}`);
  return session;
}

/** A sealed collection listing of the cases, closing in an hour unless told otherwise. */
export function aListingBody(feeScheduleId: string, caseIds: string[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'collection',
    case_ids: caseIds,
    bidding_mode: 'sealed',
    deadline: new Date(Date.now() + 3_600_000).toISOString(),
    fee_schedule_id: feeScheduleId,
    bounds: { max_contingency_bps: 3000 },
    ...overrides,
  };
}

export const aBid = (contingency: number, sla = { first_action_hours: 24, completion_days: 30 }) => ({ contingency_bps: contingency, sla });

export async function count(t: TestApp, sql: string, params: unknown[] = []): Promise<number> {
  return Number((await t.db.query(sql, params))[0].n);
}
