import { conflict, FieldError, notFound, unprocessable, validationFailed } from '../common/problem/problem';

export type Reason = {
  readonly code: string;
  readonly message: string;
};

/** The refusals of the marketplace (fee schedules, listings, bids, award), with stable codes. */
export const MarketplaceErrors = {
  feeScheduleNotFound: () => notFound('fee_schedule'),
  listingNotFound: () => notFound('listing'),
  bidNotFound: () => notFound('bid', 'You have no live bid on this listing.'),
  invalidSchedule: (errors: readonly FieldError[], prefix = 'schedule') =>
    unprocessable(
      'fee_schedule.invalid',
      'The fee schedule is invalid.',
      {},
      errors.map((e) => ({ ...e, field: `${prefix}.${e.field}` })),
    ),
  quoteCurrencyMismatch: (detail: string, errors: readonly FieldError[]) =>
    unprocessable('fee_quote.currency_mismatch', detail, {}, errors.map((e) => ({ ...e, field: `outcome.${e.field}` }))),
  invalidOutcome: (errors: readonly FieldError[]) =>
    unprocessable('fee_quote.invalid_outcome', 'The outcome is invalid.', {}, errors.map((e) => ({ ...e, field: `outcome.${e.field}` }))),
  quoteNeedsOneSchedule: () =>
    validationFailed([{ field: 'schedule', message: 'give exactly one of schedule (inline) or fee_schedule_id' }]),
  invalidListing: (errors: readonly FieldError[]) => unprocessable('listing.invalid', 'The listing is invalid.', {}, errors),
  casesNotListable: (cases: readonly { case_id: string; reasons: readonly Reason[] }[]) =>
    unprocessable(
      'listing.cases_not_listable',
      cases.length === 1 ? `The case cannot be listed: ${cases[0]!.reasons.map((r) => r.message).join('; ')}.` : `${cases.length} cases cannot be listed; see cases for the reason of each.`,
      { cases },
    ),
  currencyMismatch: (detail: string) => unprocessable('listing.currency_mismatch', detail),
  partnerNotEligible: (code: 'bid.partner_not_eligible' | 'listing.partner_not_eligible', reasons: readonly Reason[], detail: string) =>
    unprocessable(code, detail, { reasons }),
  noEligiblePartner: () => unprocessable('listing.no_eligible_partner', 'No approved partner with free capacity may serve this work; nothing was listed.'),
  notBiddable: (mode: string) => unprocessable('listing.not_biddable', `A ${mode} listing takes no bids: it is offered to a partner directly.`),
  biddingClosed: (deadline: Date) =>
    conflict('listing.bidding_closed', `Bidding closed at the deadline, ${deadline.toISOString()}.`, { deadline: deadline.toISOString() }),
  invalidBid: (errors: readonly FieldError[]) => unprocessable('bid.invalid_terms', 'The bid is outside the listing’s bounds or incomplete.', {}, errors),
  invalidAward: (errors: readonly FieldError[]) => unprocessable('award.invalid_selection', 'The award selection cannot be applied.', {}, errors),
  noEligibleBid: () => unprocessable('award.no_eligible_bid', 'No eligible bid with free capacity to award; wait for bids or let the listing expire.'),
  bidsChanged: () => conflict('listing.bids_changed', 'The bids changed while the award was being prepared; try again.'),
  notDraft: (status: string, fields: readonly string[]) =>
    conflict('listing.not_draft', `The listing is ${status}; only a draft's terms change (a published listing moves its deadline only).`, { current: status, fields }),
  draftChanged: () => conflict('listing.draft_changed', 'The draft was edited while it was being published; publish it again.'),
  notOpen: (status: string) => conflict('listing.not_open', `The listing is ${status}; it takes no bids.`, { current: status }),
  deadlineInPast: () => validationFailed([{ field: 'deadline', message: 'must be in the future' }]),
};
