import type { LotStatus } from './lot-status';

/**
 * A lot that closed with a winner, was paid or released — or is being offered to the next bidder
 * after its winner defaulted, whose acceptance makes the contract. A lot returned to the lender
 * sold nothing.
 */
const FINAL_SALE_STATUSES: readonly LotStatus[] = ['closed', 'sold', 'paid', 'released', 'second_chance'];

/**
 * UCC §9-623(c)(2): the borrower may redeem until the secured party has disposed of the vehicle
 * or entered into a contract for its disposition. The hammer is that contract: once a lot has
 * closed with a winner the sale is final; a lot that has not closed (or did not sell) is no bar.
 */
export function saleIsFinal(status: LotStatus): boolean {
  return FINAL_SALE_STATUSES.includes(status);
}

/** The lot statuses a redemption cancels. */
export function redemptionCancels(status: LotStatus): boolean {
  return status === 'draft' || status === 'scheduled' || status === 'live';
}
