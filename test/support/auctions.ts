import { Vehicle } from '../../src/vehicles/vehicle.entity';
import { VehiclesService } from '../../src/vehicles/vehicles.service';
import { AuctionsService } from '../../src/auctions/auctions.service';
import { placeCase } from './cases';
import { aBuyer, OrgSession } from './factories';
import { aVin } from './repossession-job';
import { TestApp } from './test-app';

/** An individual buyer, approved and identity-checked by the platform admin (DESIGN §3). */
export async function aVerifiedBuyer(t: TestApp, admin: OrgSession): Promise<OrgSession> {
  const buyer = await aBuyer(t).build();
  const steps = [
    () => t.http.put('/v1/partner-profile').set(buyer.auth).send({ legal_name: `Buyer ${buyer.orgId.slice(0, 6)}`, contacts: [{ name: 'Sam', phone: '+1 415 555 0199' }], buyer_type: 'individual' }),
    () => t.http.post('/v1/partner-profile/submit').set(buyer.auth),
    () => t.http.post(`/v1/admin/partners/${buyer.orgId}/approve`).set(admin.auth).send({ reason: 'application complete' }),
    () => t.http.post(`/v1/admin/partners/${buyer.orgId}/identity-verification`).set(admin.auth).send({ reason: 'passport checked' }),
  ];
  for (const step of steps) {
    const res = await step();
    if (res.status >= 300) throw new Error(`buyer verification failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return buyer;
}

/**
 * A lender's vehicle, the collateral of a new case, moved to `in_storage` the way the tow
 * operator's reports move it; by default the notice of plan to sell went out 20 days ago, so a
 * lot of it may open now (DESIGN §7). `notice: false` leaves it without one.
 */
export async function aVehicleInStorage(t: TestApp, lender: OrgSession, fields: Record<string, unknown> = {}, options: { notice?: boolean; caseRow?: Record<string, unknown> } = {}): Promise<string> {
  const caseId = await placeCase(t, lender, options.caseRow);
  const res = await t.http.post('/v1/vehicles').set(lender.auth).send({ vin: aVin(), plate_region: 'US-CA', make: 'Toyota', model: 'Corolla', year: 2018, mileage: 84_000, case_id: caseId, ...fields });
  if (res.status !== 201) throw new Error(`vehicle failed: ${res.status} ${JSON.stringify(res.body)}`);
  const vehicles = t.app.get(VehiclesService);
  await t.http.post(`/v1/vehicles/${res.body.id}/status`).set(lender.auth).send({ status: 'repo_ordered' });
  for (const status of ['located', 'recovered', 'in_storage'] as const) {
    await t.db.transaction(async (m) => vehicles.moveStatus(m, await m.findOneByOrFail(Vehicle, { id: res.body.id }), status, { reason: 'tow report' }));
  }
  if (options.notice !== false) await aSaleNotice(t, lender, res.body.id);
  return res.body.id;
}

export function aSaleNoticeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sent_on: new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10),
    method: 'certified_mail',
    contact: { name: 'Recovery desk', phone: '+1 415 555 0100' },
    expenses: [{ label: 'repossession fee', amount: { amount: 45_000, currency: 'USD' } }],
    ...overrides,
  };
}

/** The notice of plan to sell (UCC §9-611), sent 20 days ago unless `sent_on` says otherwise. */
export async function aSaleNotice(t: TestApp, lender: OrgSession, vehicleId: string, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  // 20 days before the app's clock, which a test may have set back.
  const sentOn = new Date(t.clock.now().getTime() - 20 * 86_400_000).toISOString().slice(0, 10);
  const res = await t.http.post(`/v1/vehicles/${vehicleId}/sale-notice`).set(lender.auth).send(aSaleNoticeBody({ sent_on: sentOn, ...overrides }));
  if (res.status !== 201) throw new Error(`sale notice failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const usd = (amount: number) => ({ amount, currency: 'USD' });

export function aLotBody(vehicleId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Date.now();
  return {
    vehicle_id: vehicleId,
    start_price: usd(50_000),
    starts_at: new Date(now - 1_000).toISOString(),
    ends_at: new Date(now + 3_600_000).toISOString(),
    deposit_required: usd(0),
    buyer_premium: { bps: 1_000, min: usd(20_000), max: usd(150_000) },
    pickup_location: { name: 'Bay Tow yard 2', address: '1200 Harbor Way, Oakland CA', region: 'US-CA' },
    ...overrides,
  };
}

/** A lot listed, scheduled and opened (the opening timer's work, run directly). */
export async function aLiveLot(t: TestApp, lender: OrgSession, overrides: Record<string, unknown> = {}, stored?: { vehicleId: string }): Promise<string> {
  const vehicleId = stored ? (await aSaleNotice(t, lender, stored.vehicleId), stored.vehicleId) : await aVehicleInStorage(t, lender);
  const created = await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(vehicleId, overrides));
  if (created.status !== 201) throw new Error(`lot failed: ${created.status} ${JSON.stringify(created.body)}`);
  const scheduled = await t.http.post(`/v1/auctions/${created.body.id}/schedule`).set(lender.auth);
  if (scheduled.status !== 200) throw new Error(`schedule failed: ${scheduled.status} ${JSON.stringify(scheduled.body)}`);
  await t.app.get(AuctionsService).open(created.body.id);
  return created.body.id;
}
