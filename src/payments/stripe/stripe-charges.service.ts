import { Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import { EntityManager } from 'typeorm';
import { callStripe, StripeClient } from './stripe-client';

export interface ChargeRequest {
  readonly amount: number;
  readonly currency: string;
  readonly paymentMethod: string;
  readonly orgId: string;
  /** What the money is for: the module that registered a handler for it settles it on `payment_intent.succeeded`. */
  readonly purpose: string;
  /** Stripe keeps the first answer per key for 24 h: the same charge asked twice is one payment intent. */
  readonly idempotencyKey: string;
  readonly metadata: Record<string, string>;
}

export type ChargeResult =
  | { readonly charged: true; readonly intentId: string; readonly status: 'succeeded' | 'processing' }
  | { readonly charged: false; readonly declineCode: string; readonly message: string };

export type SucceededIntentHandler = (manager: EntityManager, intent: Stripe.PaymentIntent) => Promise<void>;

/**
 * Payments other modules take through Stripe (the auction invoice's balance, DESIGN §7): a payment
 * intent confirmed at once, tagged `reclaim_purpose` so the `payment_intent.succeeded` webhook
 * reaches the handler the owning module registered here, in the webhook's transaction. Modules
 * that Stripe cannot depend on (auctions imports Stripe) register, as jobs does with `CaseHolds`.
 */
@Injectable()
export class StripeChargesService {
  private readonly handlers = new Map<string, SucceededIntentHandler>();

  constructor(private readonly client: StripeClient) {}

  onSucceeded(purpose: string, handler: SucceededIntentHandler): void {
    if (this.handlers.has(purpose)) throw new Error(`a payment handler for ${purpose} is already registered`);
    this.handlers.set(purpose, handler);
  }

  /** Runs the registered handler of the intent's purpose; false when none is registered for it. */
  async settleSucceeded(manager: EntityManager, intent: Stripe.PaymentIntent): Promise<boolean> {
    const handler = this.handlers.get(intent.metadata?.reclaim_purpose ?? '');
    if (!handler) return false;
    await handler(manager, intent);
    return true;
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    try {
      const intent = await callStripe(() =>
        this.client.stripe.paymentIntents.create(
          {
            amount: request.amount,
            currency: request.currency.toLowerCase(),
            confirm: true,
            payment_method: request.paymentMethod,
            metadata: { ...request.metadata, reclaim_purpose: request.purpose, org_id: request.orgId },
          },
          { idempotencyKey: request.idempotencyKey },
        ),
      );
      if (intent.status === 'succeeded' || intent.status === 'processing') return { charged: true, intentId: intent.id, status: intent.status === 'succeeded' ? 'succeeded' : 'processing' };
      return { charged: false, declineCode: intent.status, message: `the payment did not go through (${intent.status})` };
    } catch (err) {
      if (err instanceof Stripe.errors.StripeCardError) return { charged: false, declineCode: err.decline_code ?? err.code ?? 'card_declined', message: err.message };
      throw err;
    }
  }
}
