import { conflict, DomainError, FieldError, notFound, unprocessable } from '../common/problem/problem';
import type { Money } from '../common/money';

interface Reason {
  readonly code: string;
  readonly message: string;
}

/** The refusals of auctions (DESIGN §7), with stable codes. */
export const AuctionErrors = {
  lotNotFound: () => notFound('auction'),
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
  depositRequired: (required: Money) =>
    unprocessable('auction.deposit_required', 'This lot needs an authorised deposit before you bid; POST /v1/deposits.', { deposit_required: required }),
  depositTooSmall: (max: Money, deposit: Money, coversUpTo: Money) =>
    unprocessable('auction.deposit_too_small', `Your deposit covers maxima up to ${coversUpTo.amount}; raise the deposit or bid less.`, { max_amount: max, deposit, covers_up_to: coversUpTo }, [
      { field: 'max_amount.amount', message: `must be at most ${coversUpTo.amount}` },
    ]),
  depositNotRequired: () => unprocessable('deposit.not_required', 'This lot takes bids without a deposit.'),
  depositBelowRequired: (required: Money) =>
    unprocessable('deposit.below_required', 'The deposit is below what the lot requires.', { deposit_required: required }, [{ field: 'amount.amount', message: `must be at least ${required.amount}` }]),
  depositCurrency: (currency: string) => unprocessable('deposit.currency_mismatch', `The lot is in ${currency}.`, { currency }, [{ field: 'amount.currency', message: `must be ${currency}` }]),
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
  releaseNotFound: () => notFound('release'),
  releasePickedUp: (pickedUpAt: Date) => conflict('release.already_picked_up', `The vehicle was picked up at ${pickedUpAt.toISOString()}.`, { picked_up_at: pickedUpAt.toISOString() }),
  releaseWrongCode: (failedAttempts: number) =>
    unprocessable('release.wrong_code', 'That is not the buyer’s release code; the attempt is counted and the lender and buyer see the count.', { failed_attempts: failedAttempts }, [
      { field: 'release_code', message: 'does not match' },
    ]),
};
