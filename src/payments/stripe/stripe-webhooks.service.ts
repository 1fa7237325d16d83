import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Stripe from 'stripe';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { isTrackedObject } from './domain/stripe-object-status';
import { PayoutAccountsService } from './payout-accounts.service';
import { PayoutsService } from './payouts.service';
import { StripeEventRecord } from './stripe-event.entity';
import { StripeClient } from './stripe-client';
import { StripeEventObject, StripeObjectsService } from './stripe-objects.service';
import { StripePaymentsService } from './stripe-payments.service';
import { StripeErrors } from './stripe.errors';

export const WEBHOOK_OUTCOMES = ['applied', 'behind', 'ignored', 'duplicate'] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

/**
 * Stripe webhooks (issue 14, DESIGN §8): the signature is checked on the raw body with the SDK,
 * then, in one transaction, the event id is stored (a redelivery finds it and does nothing) and
 * the event is applied; if applying fails the id goes too, and Stripe's retry is handled afresh.
 */
@Injectable()
export class StripeWebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stripe: StripeClient,
    private readonly objects: StripeObjectsService,
    private readonly accounts: PayoutAccountsService,
    private readonly payouts: PayoutsService,
    private readonly payments: StripePaymentsService,
    private readonly clock: Clock,
  ) {}

  verify(rawBody: Buffer | undefined, signature: string | undefined): Stripe.Event {
    const secret = this.stripe.webhookSecret;
    if (!rawBody || rawBody.length === 0) throw StripeErrors.noRawBody();
    try {
      // Tolerance against the wall clock, not the injected Clock: it bounds replay of a captured request.
      return this.stripe.stripe.webhooks.constructEvent(rawBody, signature ?? '', secret);
    } catch (err) {
      throw StripeErrors.badSignature(err instanceof Error ? err.message : 'unreadable signature');
    }
  }

  async receive(event: Stripe.Event): Promise<{ event_id: string; type: string; outcome: WebhookOutcome }> {
    const object = event.data.object as unknown as StripeEventObject & { object: string };
    const outcome = await this.dataSource.transaction(async (manager): Promise<WebhookOutcome> => {
      const stored = await manager
        .createQueryBuilder()
        .insert()
        .into(StripeEventRecord)
        .values({
          id: event.id,
          type: event.type,
          account: event.account ?? null,
          objectId: typeof object?.id === 'string' ? object.id : null,
          stripeCreatedAt: new Date(event.created * 1000),
          receivedAt: this.clock.now(),
          outcome: 'ignored',
        })
        .orIgnore()
        .returning('id')
        .execute();
      if (stored.raw.length === 0) return 'duplicate';
      const applied = await this.apply(manager, event, object);
      await manager.update(StripeEventRecord, { id: event.id }, { outcome: applied });
      return applied;
    });
    return { event_id: event.id, type: event.type, outcome };
  }

  private async apply(manager: EntityManager, event: Stripe.Event, object: StripeEventObject & { object: string }): Promise<Exclude<WebhookOutcome, 'duplicate'>> {
    if (event.type === 'account.updated') return this.accounts.refreshFromStripe(manager, object.id);
    if (event.type === 'refund.created' || event.type === 'refund.updated') return this.payments.onRefund(manager, event.data.object as Stripe.Refund);
    if (!isTrackedObject(object?.object)) return 'ignored';
    const move = await this.objects.track(manager, object.object, object, event.id, event.account ?? null);
    if (!move.moves) return 'behind';
    if (object.object === 'transfer') await this.payouts.onTransferMoved(manager, event.data.object as Stripe.Transfer, move.to);
    if (object.object === 'payment_intent' && move.to === 'succeeded') await this.payments.onPaymentIntentSucceeded(manager, event.data.object as Stripe.PaymentIntent);
    return 'applied';
  }
}
