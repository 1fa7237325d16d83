import { Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import { callStripe, StripeClient } from './stripe-client';

export interface HoldRequest {
  readonly amount: number;
  readonly currency: string;
  readonly paymentMethod: string;
  readonly orgId: string;
  /** Stripe keeps the first answer per key for 24 h: the same hold asked twice is one authorisation. */
  readonly idempotencyKey: string;
  readonly metadata: Record<string, string>;
}

export type HoldResult = { readonly authorised: true; readonly intentId: string } | { readonly authorised: false; readonly declineCode: string; readonly message: string };

/**
 * Card holds for other modules (auction deposits, DESIGN §7): a payment intent with manual
 * capture, confirmed at once, tagged `reclaim_purpose: auction_deposit` so a capture posts to the
 * buyer's auction escrow through the webhook (`stripe-payments.service.ts`).
 */
@Injectable()
export class StripeHoldsService {
  constructor(private readonly client: StripeClient) {}

  async authorise(request: HoldRequest): Promise<HoldResult> {
    try {
      const intent = await callStripe(() =>
        this.client.stripe.paymentIntents.create(
          {
            amount: request.amount,
            currency: request.currency.toLowerCase(),
            capture_method: 'manual',
            confirm: true,
            payment_method: request.paymentMethod,
            metadata: { ...request.metadata, reclaim_purpose: 'auction_deposit', org_id: request.orgId },
          },
          { idempotencyKey: request.idempotencyKey },
        ),
      );
      if (intent.status !== 'requires_capture') return { authorised: false, declineCode: intent.status, message: `the card was not authorised (${intent.status})` };
      return { authorised: true, intentId: intent.id };
    } catch (err) {
      if (err instanceof Stripe.errors.StripeCardError) return { authorised: false, declineCode: err.decline_code ?? err.code ?? 'card_declined', message: err.message };
      throw err;
    }
  }

  /**
   * Captures (part of) an authorisation; Stripe releases the rest. Answers what was captured: a
   * hold captured before (a retry) answers its earlier capture.
   */
  async capture(intentId: string, amount: number, idempotencyKey: string): Promise<number> {
    try {
      const intent = await callStripe(() => this.client.stripe.paymentIntents.capture(intentId, { amount_to_capture: amount }, { idempotencyKey }));
      return intent.amount_received;
    } catch (err) {
      if (!(err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'payment_intent_unexpected_state')) throw err;
      const intent = await callStripe(() => this.client.stripe.paymentIntents.retrieve(intentId));
      if (intent.status !== 'succeeded') throw err;
      return intent.amount_received;
    }
  }

  /** Lets an authorisation go (a loser's deposit at close); one already released or captured is left as it is. */
  async release(intentId: string): Promise<void> {
    try {
      await callStripe(() => this.client.stripe.paymentIntents.cancel(intentId, {}, { idempotencyKey: `release-${intentId}` }));
    } catch (err) {
      if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'payment_intent_unexpected_state') return;
      throw err;
    }
  }
}
