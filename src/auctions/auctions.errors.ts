import { conflict, DomainError, FieldError, notFound, unprocessable } from '../common/problem/problem';
import type { Money } from '../common/money';

interface Reason {
  readonly code: string;
  readonly message: string;
}

/** A refused maximum, what the buyer's cover reaches on the lot, and what more it needs. */
export interface BidCoverAmounts {
  readonly max: Money;
  readonly covered: Money;
  readonly shortfall: Money;
}

const coverDetail = (c: BidCoverAmounts) => ({ max_amount: c.max, covered: c.covered, shortfall: c.shortfall });

/** Money given in another currency than the case's the vehicle secures: its sale settles against the case. */
const notCaseCurrency = (code: string, currency: string, fields: readonly string[]) =>
  unprocessable(code, `The case is in ${currency}.`, { currency }, fields.map((field) => ({ field, message: `must be ${currency}` })));

/** The refusals of auctions (DESIGN §7), with stable codes. */
export const AuctionErrors = {
  lotNotFound: () => notFound('auction'),
  photoNotFound: () => notFound('photo'),
  vehicleNotFound: () => unprocessable('auction.vehicle_not_found', 'No vehicle of yours has that id.', {}, [{ field: 'vehicle_id', message: 'no vehicle of yours has that id' }]),
  vehicleNotInStorage: (status: string) =>
    unprocessable('auction.vehicle_not_in_storage', `The vehicle is ${status}; only a vehicle in storage can be listed.`, { vehicle_status: status }),
  vehicleAlreadyListed: () => conflict('auction.vehicle_already_listed', 'The vehicle already has a lot that is not over.'),
  invalidLot: (errors: readonly FieldError[]) => unprocessable('auction.invalid', 'The lot is invalid.', {}, errors),
  notDraft: (status: string) => conflict('auction.not_draft', `The lot is ${status}; only a draft is scheduled.`, { current: status }),
  endInPast: () => unprocessable('auction.ends_in_past', 'The lot ends before now; move its end first.', {}, [{ field: 'ends_at', message: 'must be in the future' }]),
  buyerNotVerified: (reasons: readonly Reason[]) =>
    new DomainError('auction.buyer_not_verified', 403, 'Forbidden', 'Only verified buyers see and bid on lots (DESIGN §3, §7); see reasons.', { reasons }),
  notLive: (status: string) => conflict('auction.not_live', `The lot is ${status}; it takes no bids.`, { current: status }),
  ended: (endsAt: Date) => conflict('auction.ended', `Bidding ended at ${endsAt.toISOString()}.`, { ends_at: endsAt.toISOString() }),
  currencyMismatch: (currency: string) =>
    unprocessable('auction.currency_mismatch', `The lot is in ${currency}.`, { currency }, [{ field: 'max_amount.currency', message: `must be ${currency}` }]),
  bidTooLow: (minimum: Money) =>
    unprocessable('auction.bid_too_low', `The least maximum you may bid now is ${minimum.amount} (${minimum.currency} minor units).`, { minimum_amount: minimum }, [
      { field: 'max_amount.amount', message: `must be at least ${minimum.amount}` },
    ]),
  notAboveOwnMax: (minimum: Money) =>
    unprocessable('auction.not_above_your_max', 'You lead; a new maximum must be above your own.', { minimum_amount: minimum }, [
      { field: 'max_amount.amount', message: `must be at least ${minimum.amount}` },
    ]),
  noBuyNow: () => conflict('auction.no_buy_now', 'The lot has no buy-now price.'),
  buyNowPassed: (price: Money, buyNow: Money) =>
    conflict('auction.buy_now_passed', 'Buy now is offered only while the current price is below the buy-now price.', { current_price: price, buy_now_price: buyNow }),
  depositRequired: (required: Money, cover: BidCoverAmounts) =>
    unprocessable('auction.deposit_required', 'This lot needs an authorised deposit (on the lot, or standing) or a credit line before you bid; POST /v1/deposits.', { deposit_required: required, ...coverDetail(cover) }),
  depositTooSmall: (cover: BidCoverAmounts, deposit: Money, coversUpTo: Money) =>
    unprocessable('auction.deposit_too_small', `Your deposit covers maxima up to ${coversUpTo.amount}; raise the deposit or bid less.`, { deposit, covers_up_to: coversUpTo, ...coverDetail(cover) }, [
      { field: 'max_amount.amount', message: `must be at most ${coversUpTo.amount}` },
    ]),
  bidNotCovered: (cover: BidCoverAmounts, sources: readonly string[], exposureElsewhere: Money, required: Money) =>
    unprocessable(
      'auction.bid_not_covered',
      `What you hold covers a maximum of ${cover.covered.amount} here (${cover.shortfall.amount} short): your standing deposit and credit line also answer for your leading bids and unpaid lots elsewhere.`,
      { ...coverDetail(cover), sources, exposure_elsewhere: exposureElsewhere, deposit_required: required },
      [{ field: 'max_amount.amount', message: `must be at most ${cover.covered.amount}` }],
    ),
  depositNotRequired: () => unprocessable('deposit.not_required', 'This lot takes bids without a deposit.'),
  depositBelowRequired: (required: Money) =>
    unprocessable('deposit.below_required', 'The deposit is below what the lot requires.', { deposit_required: required }, [{ field: 'amount.amount', message: `must be at least ${required.amount}` }]),
  depositCurrency: (currency: string) => unprocessable('deposit.currency_mismatch', `The lot is in ${currency}.`, { currency }, [{ field: 'amount.currency', message: `must be ${currency}` }]),
  standingAmountRequired: () =>
    unprocessable('deposit.amount_required', 'A standing deposit (without lot_id) needs a positive amount; its currency is that of the lots it covers.', {}, [{ field: 'amount', message: 'must be a positive amount' }]),
  standingExists: (depositId: string | null, currency: string) =>
    conflict('deposit.standing_exists', `You already hold a standing deposit in ${currency}; release it first to place another.`, { deposit_id: depositId, currency }),
  depositNotFound: () => notFound('deposit'),
  depositOnLot: (lotId: string) => conflict('deposit.on_lot', 'A deposit on a lot is released when the lot closes; only a standing deposit is released by you.', { lot_id: lotId }),
  depositNotHeld: (status: string) => conflict('deposit.not_held', `The deposit is ${status}; only an authorised hold is released.`, { current: status }),
  standingCoversOpen: (exposure: Money, lotIds: readonly string[]) =>
    conflict('deposit.covers_open_bids', 'The standing deposit still answers for your leading bids or unpaid lots; release it once they are over.', { exposure, lot_ids: lotIds }),
  buyerNotFound: () => notFound('buyer', 'No buyer organisation has that id.'),
  creditLineNotFound: () => notFound('credit_line', 'The buyer has no credit line.'),
  creditLineChanged: () => conflict('credit_line.changed', 'The credit line was set at the same time by someone else; read it and try again.'),
  depositExists: (depositId: string) => conflict('deposit.exists', 'You already hold a deposit on this lot.', { deposit_id: depositId }),
  lotNotOpen: (status: string) => conflict('deposit.lot_not_open', `The lot is ${status}; deposits are taken while it is scheduled or live.`, { current: status }),
  depositDeclined: (declineCode: string, message: string) => unprocessable('deposit.declined', `The card hold was declined: ${message}`, { decline_code: declineCode }),
  invoiceNotFound: () => notFound('invoice'),
  invoicePaid: (paidAt: Date, paidVia: string) => conflict('invoice.already_paid', `The invoice was paid (${paidVia}) at ${paidAt.toISOString()}.`, { paid_at: paidAt.toISOString(), paid_via: paidVia }),
  invoicePaymentInProgress: (intentId: string) =>
    conflict('invoice.payment_in_progress', 'A Stripe payment of the balance went through and its confirmation is on its way; nothing else is taken.', { payment_intent_id: intentId }),
  invoiceAmountMismatch: (balanceDue: Money) =>
    unprocessable('invoice.amount_mismatch', `The transfer must be the balance due, ${balanceDue.amount} (${balanceDue.currency} minor units).`, { balance_due: balanceDue }, [
      { field: 'amount', message: `must be ${balanceDue.amount} ${balanceDue.currency}` },
    ]),
  invoicePaymentDeclined: (declineCode: string, message: string) => unprocessable('invoice.payment_declined', `The payment was declined: ${message}`, { decline_code: declineCode }),
  lotNotPaid: (lotId: string, status: string) => conflict('auction.not_paid', `Lot ${lotId} is ${status}: a sale settles once its invoice is paid.`, { lot_id: lotId, current: status }),
  vehicleWithoutCase: (vehicleId: string) => unprocessable('auction.vehicle_without_case', `Vehicle ${vehicleId} secures no loan case: its sale has no obligation to settle against.`, { vehicle_id: vehicleId }),
  releaseNotFound: () => notFound('release'),
  releasePickedUp: (pickedUpAt: Date) => conflict('release.already_picked_up', `The vehicle was picked up at ${pickedUpAt.toISOString()}.`, { picked_up_at: pickedUpAt.toISOString() }),
  releaseWrongCode: (failedAttempts: number) =>
    unprocessable('release.wrong_code', 'That is not the buyer’s release code; the attempt is counted and the lender and buyer see the count.', { failed_attempts: failedAttempts }, [
      { field: 'release_code', message: 'does not match' },
    ]),
  saleNoticeVehicleNotFound: () => notFound('vehicle'),
  saleNoticeNoCase: () => unprocessable('sale_notice.no_case', 'The vehicle is not the collateral of a case; the notice states the amount owed on one (UCC §9-623(b)).'),
  saleNoticeNotRepossessed: (status: string) =>
    unprocessable('sale_notice.vehicle_not_repossessed', `The vehicle is ${status}; a notice of plan to sell is sent once it has been repossessed.`, { vehicle_status: status }),
  saleNoticeInFuture: (today: string) => unprocessable('sale_notice.sent_in_future', 'A notice is recorded once it has been sent.', { today }, [{ field: 'sent_on', message: `must be on or before ${today}` }]),
  saleNoticeCurrency: (currency: string, fields: readonly string[]) => notCaseCurrency('sale_notice.currency_mismatch', currency, fields),
  lotCurrency: (currency: string, fields: readonly string[]) => notCaseCurrency('auction.case_currency_mismatch', currency, fields),
  saleNoticeNotFound: () => notFound('sale_notice', 'No notice of plan to sell has been recorded for this vehicle.'),
  saleNoticeMissing: () =>
    unprocessable('auction.sale_notice_missing', 'Record the notice of plan to sell sent to the borrower first (POST /v1/vehicles/:id/sale-notice, UCC §9-611).'),
  saleNoticePeriod: (earliestOn: string, noticeId: string, days: number) =>
    unprocessable('auction.sale_notice_period', `The lot may not open before ${earliestOn}, ${days} days after the notice of plan to sell.`, { earliest_start: earliestOn, sale_notice_id: noticeId, notice_period_days: days }, [
      { field: 'starts_at', message: `must be on or after ${earliestOn}` },
    ]),
  redemptionSaleFinal: (lotId: string, status: string) =>
    conflict('redemption.sale_final', `The vehicle’s lot is ${status}: the sale is final and the vehicle can no longer be redeemed (UCC §9-623(c)).`, { lot_id: lotId, lot_status: status }),
  redemptionNotRedeemable: (status: string) => conflict('redemption.vehicle_not_redeemable', `The vehicle is ${status}; only a vehicle being or having been repossessed, and not sold, is redeemed.`, { vehicle_status: status }),
  redemptionShort: (required: Money, paid: Money) =>
    unprocessable('redemption.amount_short', `Redemption takes the total due plus the expenses so far: ${required.amount} (${required.currency} minor units).`, { required, amount_paid: paid }, [
      { field: 'amount_paid.amount', message: `must be at least ${required.amount}` },
    ]),
};
