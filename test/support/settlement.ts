import { randomUUID } from 'node:crypto';
import { money } from '../../src/common/money';
import { LedgerService } from '../../src/ledger/ledger.service';
import { AuctionSale } from '../../src/settlement/settlement.service';
import { RepossessionJob } from './repossession-job';
import { TestApp } from './test-app';

export const DAY = 86_400_000;
const usd = (n: number) => money(n, 'USD');

/** The buyer's payment of the hammer price into the lender's auction escrow, as the auction posts it. */
export function buyerPaidIntoEscrow(t: TestApp, lenderOrgId: string, lotId: string, amount: number) {
  return t.db.transaction((m) =>
    t.app.get(LedgerService).post(m, {
      idempotencyKey: `test-lot-paid-${lotId}`,
      reason: 'lot',
      reasonId: lotId,
      entries: [
        { account: { orgId: null, purpose: 'cash' }, side: 'debit', amount: usd(amount) },
        { account: { orgId: lenderOrgId, purpose: 'auction_escrow' }, side: 'credit', amount: usd(amount) },
      ],
    }),
  );
}

/** A progress event the tow operator reports on its job (`POST /v1/jobs/:id/events`). */
export async function reportEvent(t: TestApp, job: RepossessionJob, body: Record<string, unknown>) {
  const res = await t.http.post(`/v1/jobs/${job.jobId}/events`).set(job.tow.auth).send(body);
  if (res.status !== 201) throw new Error(`event failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A lot of the job's vehicle hammered two days before `base` and paid a day before it. */
export function anAuctionSale(job: RepossessionJob, lenderOrgId: string, base: number, hammer: number, change: Partial<AuctionSale> = {}): AuctionSale {
  return {
    lotId: randomUUID(),
    vehicleId: job.vehicleId,
    lenderOrgId,
    hammerPrice: usd(hammer),
    saleAt: new Date(base - 2 * DAY),
    paidAt: new Date(base - DAY),
    sellerFees: [{ label: 'listing fee', amount: usd(15_000) }],
    escrowOrgId: lenderOrgId,
    ...change,
  };
}
