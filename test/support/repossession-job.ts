import { addDays, calendarDateOf } from '../../src/common/calendar/calendar-date';
import { validateVin } from '../../src/vehicles/domain/vin';
import { OrgSession } from './factories';
import { aFeeSchedule, aPartner, placeCase } from './marketplace';
import { TestApp } from './test-app';

export interface RepossessionJob {
  readonly tow: OrgSession;
  readonly jobId: string;
  readonly caseId: string;
  readonly vehicleId: string;
  readonly externalRef: string;
  readonly vin: string;
}

let vins = 0;

/** A valid, unused North American VIN: the check digit (position 9) is the one `validateVin` accepts. */
export function aVin(): string {
  const serial = String((process.pid * 1000 + ++vins) % 1_000_000).padStart(6, '0');
  for (const check of '0123456789X') {
    const vin = `1HGCM826${check}3A${serial}`;
    if (validateVin(vin, 'US-CA').ok) return vin;
  }
  throw new Error('no check digit fits');
}

/** A vetted tow operator holding the repossession licence a US-CA repossession asks for (BSIS). */
export async function aLicensedTowOperator(t: TestApp, admin: OrgSession, region = 'US-CA'): Promise<OrgSession> {
  const tow = await aPartner(t, admin, { kind: 'tow_operator', capabilities: ['repossession'], regions: [region] });
  const today = calendarDateOf(new Date());
  const fields = { type: 'repossession_licence', number: 'BSIS-REPO-7781', issuing_region: region, effective_on: addDays(today, -100), expires_on: addDays(today, 600) };
  let req = t.http.post('/v1/partner-profile/credentials').set(tow.auth);
  for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
  const up = await req.attach('document', Buffer.from('%PDF-1.7\n%%EOF\n'), { filename: 'licence.pdf', contentType: 'application/pdf' });
  if (up.status !== 201) throw new Error(`licence failed: ${up.status} ${JSON.stringify(up.body)}`);
  return tow;
}

/** A repossession of a California borrower's vehicle, offered directly to a vetted tow operator and accepted. */
export async function anAcceptedRepossession(
  t: TestApp,
  admin: OrgSession,
  lender: OrgSession,
  options: { tow?: OrgSession; region?: string; timezone?: string; fees?: Record<string, unknown> } = {},
): Promise<RepossessionJob> {
  const region = options.region ?? 'US-CA';
  const tow = options.tow ?? (await aLicensedTowOperator(t, admin, region));
  const caseId = await placeCase(t, lender, { borrower: { region, timezone: options.timezone ?? 'America/Los_Angeles' } });
  const vin = aVin();
  const vehicle = await t.http.post('/v1/vehicles').set(lender.auth).send({ vin, case_id: caseId, plate: `REPO${vins}`, plate_region: region, make: 'Honda', model: 'Accord', year: 2019 });
  if (vehicle.status !== 201) throw new Error(`vehicle failed: ${vehicle.status} ${JSON.stringify(vehicle.body)}`);
  const schedule = await aFeeSchedule(t, lender, { currency: 'USD', flat_fees: { repossession: { amount: 45_000, currency: 'USD' } }, ...options.fees });
  const listing = await t.http
    .post('/v1/listings')
    .set(lender.auth)
    .send({ kind: 'repossession', vehicle_id: vehicle.body.id, bidding_mode: 'direct', direct_partner_id: tow.orgId, fee_schedule_id: schedule, bounds: { max_flat_fee: { amount: 45_000, currency: 'USD' } } });
  if (listing.status !== 201) throw new Error(`listing failed: ${listing.status} ${JSON.stringify(listing.body)}`);
  const [job] = await t.db.query('SELECT id FROM jobs WHERE listing_id = $1', [listing.body.id]);
  const accepted = await t.http.post(`/v1/jobs/${job.id}/accept`).set(tow.auth);
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  const [c] = await t.db.query('SELECT external_ref FROM cases WHERE id = $1', [caseId]);
  return { tow, jobId: job.id, caseId, vehicleId: vehicle.body.id, externalRef: c.external_ref, vin };
}
