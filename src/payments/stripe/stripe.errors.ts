import { conflict, DomainError, forbidden, notFound, unprocessable, validationFailed } from '../../common/problem/problem';

/** Every refusal of the Stripe part of payments, with its stable code (DESIGN §2). */
export const StripeErrors = {
  notConfigured: () => new DomainError('stripe.not_configured', 503, 'Service unavailable', 'Stripe is not configured on this service (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are unset).'),
  /** Stripe could not be reached or answered a server error: nothing was changed here; retry later. */
  unavailable: (detail: string) => new DomainError('stripe.unavailable', 503, 'Service unavailable', `Stripe could not complete the request: ${detail}`),
  badSignature: (detail: string) => new DomainError('stripe.bad_signature', 400, 'Bad request', `The Stripe-Signature header does not verify this body: ${detail}`),
  noRawBody: () => new DomainError('stripe.bad_signature', 400, 'Bad request', 'A Stripe event is a JSON body (Content-Type: application/json) signed in the Stripe-Signature header.'),
  noPayoutAccount: () => notFound('payout_account', 'Your organisation has no payout account yet; create one with POST /v1/partner-profile/payout-account.'),
  payoutNotFound: () => notFound('payout'),
  statementNotFound: () => notFound('statement'),
  partnerNotFound: () => notFound('partner'),
  partnerRequired: () => validationFailed([{ field: 'partner_org_id', message: 'partner_org_id is required: the partner to pay' }]),
  wireReferenceRequired: () => validationFailed([{ field: 'wire_reference', message: 'wire_reference is required with method manual' }]),
  payoutNotRecordedYet: (transfer: string) =>
    conflict('stripe.payout_not_recorded', `Transfer ${transfer} belongs to a payout that is not recorded yet; Stripe will send the event again.`),
  captureNotSeenYet: (refund: string, intent: string) =>
    conflict('stripe.capture_not_seen', `Refund ${refund} is of payment ${intent}, whose capture has not arrived yet; Stripe will send the refund again.`),
  payoutNeedsReconciliation: (key: string) =>
    conflict(
      'payout.needs_reconciliation',
      `Stripe already holds a transfer attempt under ${key} with other parameters, which Reclaim never recorded; find it at Stripe (transfer_group and metadata.payout_key name it) before paying again.`,
      { stripe_idempotency_key: key },
    ),
  manualByPlatformOnly: () => forbidden('payout.manual_platform_only', 'Only a platform admin records a payout made outside Stripe.'),
  partnerHasNoPayoutAccount: () =>
    unprocessable('payout.no_payout_account', 'The partner has no Stripe payout account; it onboards with POST /v1/partner-profile/payout-account, or a platform admin records a wire.'),
  payoutAccountNotReady: (requirementsDue: readonly string[]) =>
    unprocessable('payout.account_not_ready', 'The partner’s Stripe account cannot receive payouts yet: onboarding is not finished.', { requirements_due: [...requirementsDue] }),
  nothingPayable: (amount: number, currency: string) =>
    unprocessable('payout.nothing_payable', 'The statement has no net payable to pay out.', { net_payable: { amount, currency } }),
  statementPaidElsewhere: (statementId: string) => conflict('payout.statement_already_paid', `Statement ${statementId} was already paid outside payouts.`),
  transferDeclined: (payoutId: string, code: string | null, message: string, amount: number, currency: string) =>
    unprocessable('payout.transfer_declined', `Stripe refused the transfer: ${message} The payable stays open; nothing was posted.`, {
      payout_id: payoutId,
      stripe_code: code,
      net_payable: { amount, currency },
    }),
};
