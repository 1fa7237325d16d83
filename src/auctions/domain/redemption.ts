import type { LotStatus } from './lot-status';

/**
 * UCC §9-623(c)(2): the borrower may redeem until the secured party has disposed of the vehicle
 * or entered into a contract for its disposition. The hammer is that contract: once a lot has
 * closed with a winner the sale is final; a lot that has not closed (or did not sell) is no bar.
 */
export function saleIsFinal(status: LotStatus | string): boolean {
  return !['draft', 'scheduled', 'live', 'no_sale', 'cancelled'].includes(status);
}

/** The lot statuses a redemption cancels. */
export function redemptionCancels(status: LotStatus): boolean {
  return status === 'draft' || status === 'scheduled' || status === 'live';
}
