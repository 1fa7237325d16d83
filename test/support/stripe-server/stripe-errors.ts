/**
 * Stripe's error answers (https://docs.stripe.com/api/errors): `{ error: { type, code, message,
 * param?, decline_code? } }` with the status Stripe uses, so the SDK raises the same error class
 * (StripeCardError on 402, StripeIdempotencyError on 400 `idempotency_error`, …).
 */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: { type: string; code?: string; message: string; param?: string; decline_code?: string; [field: string]: unknown },
  ) {
    super(error.message);
  }

  body(): { error: Record<string, unknown> } {
    return { error: { ...this.error, doc_url: this.error.code ? `https://docs.stripe.com/error-codes/${this.error.code.replace(/_/g, '-')}` : undefined } };
  }
}

export const StripeErrors = {
  missing: (param: string) =>
    new StripeApiError(400, { type: 'invalid_request_error', code: 'parameter_missing', param, message: `Missing required param: ${param}.` }),
  invalid: (param: string, message: string, code = 'parameter_invalid_integer') => new StripeApiError(400, { type: 'invalid_request_error', code, param, message }),
  noSuch: (objectName: string, id: string, param = 'id') =>
    new StripeApiError(404, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${objectName}: '${id}'` }),
  unexpectedState: (intent: { id: string; status: string }, action: string, allowed: readonly string[]) =>
    new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message: `This PaymentIntent's ${action} could not be completed because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be ${action}d: ${allowed.join(', ')}.`,
    }),
  unrecognizedUrl: (method: string, path: string) =>
    new StripeApiError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` }),
  badApiKey: (given: string) =>
    new StripeApiError(401, { type: 'invalid_request_error', message: `Invalid API Key provided: ${given.slice(0, 8)}${'*'.repeat(Math.max(0, given.length - 12))}${given.slice(-4)}` }),
  idempotencyReused: (key: string) =>
    new StripeApiError(400, {
      type: 'idempotency_error',
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    }),
  idempotencyOtherEndpoint: (key: string) =>
    new StripeApiError(400, {
      type: 'idempotency_error',
      message: `Keys for idempotent requests can only be used for the same endpoint they were first used for. Try using a key other than '${key}' if you meant to execute a different request.`,
    }),
  cardDeclined: (declineCode: string, extra: Record<string, unknown> = {}) =>
    new StripeApiError(402, {
      type: 'card_error',
      code: 'card_declined',
      decline_code: declineCode,
      message: declineCode === 'insufficient_funds' ? 'Your card has insufficient funds.' : 'Your card was declined.',
      ...extra,
    }),
  /** What Stripe answers a transfer larger than the platform's available balance. */
  balanceInsufficient: () =>
    new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'balance_insufficient',
      message: 'You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card.',
    }),
  transfersNotEnabled: (account: string) =>
    new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'insufficient_capabilities_for_transfer',
      param: 'destination',
      message: `Your destination account ${account} needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments`,
    }),
  amountTooLarge: (param: string, message: string) => new StripeApiError(400, { type: 'invalid_request_error', code: 'amount_too_large', param, message }),
  alreadyRefunded: (charge: string) =>
    new StripeApiError(400, { type: 'invalid_request_error', code: 'charge_already_refunded', message: `Charge ${charge} has already been refunded.` }),
};
