import { conflict, notFound, unprocessable } from '../common/problem/problem';
import type { Money } from '../common/money';

/** The refusals of second-chance offers and of accepting a `no_sale` lot's high bid (issue 15), with stable codes. */
export const SecondChanceErrors = {
  offerNotFound: () => notFound('second_chance_offer'),
  offerNotOpen: (status: string) => conflict('second_chance.not_open', `The offer is ${status}; only an open offer is accepted or declined.`, { current: status }),
  offerExpired: (expiresAt: Date) => conflict('second_chance.expired', `The offer lapsed at ${expiresAt.toISOString()}.`, { expires_at: expiresAt.toISOString() }),
  depositRequired: (required: Money) =>
    unprocessable('second_chance.deposit_required', 'Taking this offer needs a deposit hold covering its price; send a payment_method.', { deposit_required: required }, [
      { field: 'payment_method', message: 'required: a deposit hold covering the offer' },
    ]),
  depositDeclined: (declineCode: string, message: string) => unprocessable('second_chance.deposit_declined', `The card hold was declined: ${message}`, { decline_code: declineCode }),
  notNoSale: (status: string) => conflict('auction.not_no_sale', `The lot is ${status}; only a lot that closed below its reserve (no_sale) has a high bid to accept.`, { current: status }),
  noHighBid: () => conflict('auction.no_high_bid', 'The lot closed without a bid; relist it instead.'),
  highBidWindowPassed: (deadline: Date) =>
    unprocessable('auction.high_bid_window_passed', `The high bid could be accepted until ${deadline.toISOString()} (24 h after the close); relist the vehicle instead.`, { deadline: deadline.toISOString() }),
  vehicleRelisted: () => conflict('auction.vehicle_relisted', 'The vehicle has been listed again (or left storage); the old high bid cannot be accepted.'),
};
