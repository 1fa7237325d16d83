import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { statusMove, StatusMove, StripeObjectSnapshot, trackedStatus, TrackedObject } from './domain/stripe-object-status';
import { StripeObjectRecord } from './stripe-object.entity';
import { ROW_LOCK } from '../../common/database/row-lock';

/** A Stripe object as an event carries it. */
export type StripeEventObject = StripeObjectSnapshot & { readonly id: string; readonly currency?: string; readonly metadata?: Record<string, string> | null };

/** The last known status of each tracked Stripe object, moved only forward (domain/stripe-object-status.ts). */
@Injectable()
export class StripeObjectsService {
  constructor(private readonly clock: Clock) {}

  async track(manager: EntityManager, type: TrackedObject, object: StripeEventObject, eventId: string, account: string | null): Promise<StatusMove> {
    const next = trackedStatus(type, object);
    const row = await manager.findOne(StripeObjectRecord, { where: { stripeId: object.id }, lock: { mode: ROW_LOCK } });
    const move = statusMove(type, row?.status ?? null, next);
    if (!move.moves) return move;
    const now = this.clock.now();
    await manager.upsert(
      StripeObjectRecord,
      {
        stripeId: object.id,
        objectType: type,
        status: move.to,
        account,
        amount: object.amount ?? null,
        currency: object.currency?.toUpperCase() ?? null,
        metadata: object.metadata ?? {},
        lastEventId: eventId,
        createdAt: row?.createdAt ?? now,
        updatedAt: now,
      },
      ['stripeId'],
    );
    return move;
  }

  status(manager: EntityManager, stripeId: string): Promise<StripeObjectRecord | null> {
    return manager.findOneBy(StripeObjectRecord, { stripeId });
  }
}
