import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { EntityManager } from 'typeorm';
import { money } from '../../common/money';
import { isUuid } from '../../common/tenancy/tenancy';
import { LedgerService } from '../../ledger/ledger.service';
import { isPaymentPurpose, PaymentPurpose, paymentCaptured, paymentRefunded } from './domain/stripe-postings';
import { StripeChargesService } from './stripe-charges.service';
import { StripeObjectsService } from './stripe-objects.service';
import { StripeErrors } from './stripe.errors';

/**
 * Money that comes in through Stripe (lender payments, auction deposits): a payment intent that
 * succeeded posts what it captured; each refund posts its amount back. Ledger idempotency keys
 * per Stripe object make a redelivered or replayed event post nothing more.
 */
@Injectable()
export class StripePaymentsService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly objects: StripeObjectsService,
    private readonly charges: StripeChargesService,
  ) {}

  async onPaymentIntentSucceeded(manager: EntityManager, intent: Stripe.PaymentIntent): Promise<void> {
    // A charge another module took (an auction invoice's balance) is posted by that module.
    if (await this.charges.settleSucceeded(manager, intent)) return;
    const target = purposeOf(intent.metadata);
    if (!target || intent.amount_received <= 0) return;
    await this.ledger.post(manager, {
      idempotencyKey: `stripe:${intent.id}:captured`,
      reason: 'payment',
      reasonId: intent.id,
      entries: paymentCaptured(target.purpose, target.orgId, money(intent.amount_received, intent.currency.toUpperCase())),
      memo: `Stripe payment ${intent.id}`,
    });
  }

  async onRefund(manager: EntityManager, refund: Stripe.Refund): Promise<'applied' | 'ignored'> {
    const intentId = typeof refund.payment_intent === 'string' ? refund.payment_intent : refund.payment_intent?.id;
    if (refund.status !== 'succeeded' || !intentId) return 'ignored';
    const intent = await this.objects.status(manager, intentId);
    // A refund before its capture was seen (Stripe does not order events): answer non-2xx, Stripe sends it again.
    if (!intent || intent.status !== 'succeeded') {
      if (intent && !purposeOf(intent.metadata)) return 'ignored';
      throw StripeErrors.captureNotSeenYet(refund.id, intentId);
    }
    const target = purposeOf(intent.metadata);
    if (!target) return 'ignored';
    await this.ledger.post(manager, {
      idempotencyKey: `stripe:${refund.id}:refunded`,
      reason: 'payment',
      reasonId: intentId,
      entries: paymentRefunded(target.purpose, target.orgId, money(refund.amount, refund.currency.toUpperCase())),
      memo: `Stripe refund ${refund.id}`,
    });
    return 'applied';
  }
}

function purposeOf(metadata: Record<string, string> | null | undefined): { purpose: PaymentPurpose; orgId: string } | null {
  const purpose = metadata?.reclaim_purpose;
  const orgId = metadata?.org_id;
  return isPaymentPurpose(purpose) && orgId && isUuid(orgId) ? { purpose, orgId } : null;
}
