import { arrayOf, boolean, dateTime, defineSchema, enumOf, MoneySchema, nullable, objectOf, text, uuid } from '../../common/openapi/schema';
import { PAYOUT_ACCOUNT_STATUSES } from './domain/payout-account-status';
import { PAYOUT_METHODS, PAYOUT_STATUSES } from './domain/payout-status';
import { WEBHOOK_OUTCOMES } from './stripe-webhooks.service';

/** The shapes of the Stripe routes (issue 14). */
export const StripeWebhookAnswerSchema = defineSchema(
  'StripeWebhookAnswer',
  objectOf({
    event_id: { type: 'string', example: 'evt_1Q2w3E4r5T6y7U8i' },
    type: { type: 'string', example: 'transfer.created' },
    outcome: enumOf(WEBHOOK_OUTCOMES, 'applied; behind (older than what is known: nothing changed); ignored (not tracked); duplicate (seen before: nothing done)'),
  }),
);

export const PayoutAccountSchema = defineSchema(
  'PayoutAccount',
  objectOf({
    stripe_account_id: { type: 'string', example: 'acct_1Q2w3E4r5T6y7U8i' },
    status: enumOf(PAYOUT_ACCOUNT_STATUSES, 'onboarding (details not submitted), restricted (Stripe holds payouts back), enabled'),
    charges_enabled: boolean,
    payouts_enabled: boolean,
    details_submitted: boolean,
    requirements_due: arrayOf(text, 'what Stripe still needs from the partner (its requirement names)'),
    onboarding_url: nullable({ type: 'string', format: 'uri', description: 'Stripe’s onboarding page for this account; single use, expires (POST again for a new one)' }),
    onboarding_url_expires_at: nullable(dateTime),
    created_at: dateTime,
    updated_at: dateTime,
  }),
);

export const PayoutSchema = defineSchema(
  'Payout',
  objectOf({
    id: uuid,
    partner_org_id: uuid,
    statement_id: nullable(uuid),
    amount: MoneySchema,
    method: enumOf(PAYOUT_METHODS),
    status: enumOf(PAYOUT_STATUSES, 'pending, paid (transfer accepted or wire recorded), failed (refused: nothing paid), reversed (the partner is owed it again)'),
    attempt: { type: 'integer', minimum: 1, description: 'this attempt’s number for the same payable' },
    stripe_transfer_id: nullable({ type: 'string', example: 'tr_1Q2w3E4r5T6y7U8i' }),
    wire_reference: nullable(text),
    failure: nullable(objectOf({ code: nullable(text), message: text }, { description: 'why Stripe refused the transfer' })),
    paid_at: nullable(dateTime),
    confirmed_at: nullable({ ...dateTime, description: 'when Stripe’s transfer.created event settled the transfer' }),
    created_at: dateTime,
  }),
);
