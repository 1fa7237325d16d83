import { AuctionsService } from '../../src/auctions/auctions.service';
import { aLotBody, aSaleNotice } from './auctions';
import { OrgSession } from './factories';
import { anAcceptedRepossession, RepossessionJob } from './repossession-job';
import { TestApp } from './test-app';

const usd = (amount: number) => ({ amount, currency: 'USD' });

export interface SoldLot {
  readonly lotId: string;
  readonly vehicleId: string;
  readonly invoiceId: string;
}

/**
 * A lot on `vehicleId` with a 500.00 deposit, bid by `bidders` in order (each with a deposit),
 * closed at its end by the close timer's work: the last bidder wins at the lowest price beating
 * the others (DESIGN §7). The app's clock is left after the end.
 */
export async function aSoldLot(t: TestApp, lender: OrgSession, vehicleId: string, bidders: readonly { buyer: OrgSession; max: number }[], overrides: Record<string, unknown> = {}): Promise<SoldLot> {
  const created = await t.http.post('/v1/auctions').set(lender.auth).send(aLotBody(vehicleId, { deposit_required: usd(50_000), ...overrides }));
  if (created.status !== 201) throw new Error(`lot failed: ${created.status} ${JSON.stringify(created.body)}`);
  const lotId: string = created.body.id;
  const currency: string = created.body.start_price.currency;
  await t.http.post(`/v1/auctions/${lotId}/schedule`).set(lender.auth);
  await t.app.get(AuctionsService).open(lotId);
  for (const { buyer, max } of bidders) {
    const held = await t.http.post('/v1/deposits').set(buyer.auth).send({ lot_id: lotId, payment_method: 'pm_card_visa' });
    if (held.status !== 201 && held.body.code !== 'deposit.exists') throw new Error(`deposit failed: ${held.status} ${JSON.stringify(held.body)}`);
    const bid = await t.http.post(`/v1/auctions/${lotId}/bids`).set(buyer.auth).send({ max_amount: { amount: max, currency } });
    if (bid.status !== 201) throw new Error(`bid failed: ${bid.status} ${JSON.stringify(bid.body)}`);
  }
  t.clock.set(new Date(new Date(created.body.ends_at).getTime() + 1_000));
  const closed = await t.app.get(AuctionsService).close(lotId);
  if (closed.outcome !== 'sold') throw new Error(`the lot did not sell: ${closed.outcome}`);
  const [invoice] = await t.db.query('SELECT id FROM auction_invoices WHERE lot_id = $1', [lotId]);
  return { lotId, vehicleId, invoiceId: invoice.id };
}

/**
 * A repossession whose tow operator recovered the vehicle and stored it in its yard at
 * `storedAt`, under a schedule of 25.00 a day after 3 free days: the yard that holds the car.
 * `borrower` changes the case's borrower (e.g. its preferred language).
 */
export async function aVehicleStoredByTow(t: TestApp, admin: OrgSession, lender: OrgSession, storedAt: Date, borrower?: Record<string, unknown>): Promise<RepossessionJob> {
  const job = await anAcceptedRepossession(t, admin, lender, { fees: { storage_per_day: usd(2_500), free_storage_days: 3 }, ...(borrower ? { borrower } : {}) });
  const reports = [
    { type: 'vehicle_located', position: { latitude: 37.8, longitude: -122.27 }, source: 'lpr', occurred_at: new Date(storedAt.getTime() - 7_200_000).toISOString() },
    { type: 'vehicle_recovered', mode: 'involuntary', odometer: 61_000, keys_recovered: true, occurred_at: new Date(storedAt.getTime() - 3_600_000).toISOString() },
    { type: 'vehicle_stored', yard_id: '00000000-0000-4000-8000-000000000002', occurred_at: storedAt.toISOString() },
  ];
  for (const report of reports) {
    const res = await t.http.post(`/v1/jobs/${job.jobId}/events`).set(job.tow.auth).send(report);
    if (res.status !== 201) throw new Error(`${report.type} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  // The notice of plan to sell went out 20 days ago, so a lot of it may open now (DESIGN §7).
  await aSaleNotice(t, lender, job.vehicleId);
  return job;
}
