import { defineDeadline } from '../common/queue/deadline';

export interface InvoiceDuePayload {
  readonly invoiceId: string;
}

/**
 * Issue 15: an auction invoice still unpaid when its due day is over defaults (the deposit is
 * forfeited, the next bidder offered the lot). One timer per invoice, the minute sweep as safety net.
 */
export const INVOICE_DUE = defineDeadline<InvoiceDuePayload>({
  queue: 'auctions',
  name: 'auction.invoice-due',
  idOf: (p) => `invoice-due-${p.invoiceId}`,
  options: { attempts: 10, backoff: { type: 'exponential', delay: 2000 } },
});

export interface SecondChanceExpiryPayload {
  readonly offerId: string;
}

/** Issue 15: a second-chance offer not taken by its expiry lapses, and the next bidder is offered the lot. */
export const SECOND_CHANCE_EXPIRY = defineDeadline<SecondChanceExpiryPayload>({
  queue: 'auctions',
  name: 'auction.second-chance-expiry',
  idOf: (p) => `second-chance-expiry-${p.offerId}`,
  options: { attempts: 10, backoff: { type: 'exponential', delay: 1000 } },
});
