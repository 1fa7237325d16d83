import { defineEvent, P } from '../../common/outbox/event-definition';
import { PAYOUT_ACCOUNT_STATUSES } from './domain/payout-account-status';
import { PAYOUT_METHODS } from './domain/payout-status';

const payout = { payout_id: P.id(), partner_org_id: P.id(), amount: P.money() };

export const PayoutPaid = defineEvent('payout.paid', {
  aggregate: 'payout',
  description: 'A partner was paid what it was owed: a Stripe Connect transfer was accepted, or a platform admin recorded a wire.',
  payload: { ...payout, method: P.oneOf(PAYOUT_METHODS), stripe_transfer_id: P.nullable(P.text()), wire_reference: P.nullable(P.text()) },
});
export const PayoutFailed = defineEvent('payout.failed', {
  aggregate: 'payout',
  description: 'Stripe refused a payout’s transfer; the partner is still owed the amount (`stripe_code` says why).',
  payload: { ...payout, stripe_code: P.nullable(P.text()), reason: P.text() },
});
export const PayoutReversed = defineEvent('payout.reversed', {
  aggregate: 'payout',
  description: 'A payout’s transfer was reversed at Stripe; the partner is owed the amount again.',
  payload: { ...payout, stripe_transfer_id: P.text() },
});
export const PayoutAccountUpdated = defineEvent('payout_account.updated', {
  aggregate: 'org',
  description: 'Stripe reported a change to a partner’s payout account (onboarding finished, payouts held back or enabled).',
  payload: { partner_org_id: P.id(), stripe_account_id: P.text(), status: P.oneOf(PAYOUT_ACCOUNT_STATUSES), requirements_due: P.texts() },
});

export const STRIPE_EVENTS = [PayoutPaid, PayoutFailed, PayoutReversed, PayoutAccountUpdated] as const;
