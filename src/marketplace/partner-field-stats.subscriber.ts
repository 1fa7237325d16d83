import { EntityManager } from 'typeorm';
import { DomainEventMessage } from '../common/outbox/domain-event';
import { DomainEventSubscriber, SubscribesTo } from '../common/outbox/event-dispatcher';

type FieldEvent = 'job.started' | 'job.completed' | 'job.sla_breached' | 'promise.kept' | 'promise.broken';

/** Column increments of one event; none when the event says nothing about the record. */
function incrementsOf(event: DomainEventMessage<FieldEvent>): { on_time: number; sla_total: number; sla_breaches: number; promises_kept: number; promises_broken: number } | null {
  const zero = { on_time: 0, sla_total: 0, sla_breaches: 0, promises_kept: 0, promises_broken: 0 };
  const p = event.payload;
  if (event.type === 'promise.kept') return { ...zero, promises_kept: 1 };
  // A partially kept promise was not kept: it counts with the broken ones.
  if (event.type === 'promise.broken') return { ...zero, promises_broken: 1 };
  if (event.type === 'job.sla_breached') return { ...zero, sla_total: 1, sla_breaches: 1 };
  if ('sla_met' in p && p.sla_met !== null) return { ...zero, sla_total: 1, on_time: p.sla_met ? 1 : 0 };
  return null;
}

/**
 * The partner's field record in the scoring's read model (DESIGN §5 `sla` component, §6 "a mark on
 * the partner's scorecard"): each SLA clock that ends — met at the start or completion, or run
 * out — counts in `sla_total`, met ones in `on_time`, run-out ones in `sla_breaches`; promises to
 * pay kept and broken. Idempotent by event id through the dispatcher.
 */
@SubscribesTo('marketplace.partner-field-stats', ['job.started', 'job.completed', 'job.sla_breached', 'promise.kept', 'promise.broken'])
export class PartnerFieldStatsSubscriber implements DomainEventSubscriber<FieldEvent> {
  async handle(event: DomainEventMessage<FieldEvent>, manager: EntityManager): Promise<void> {
    const inc = incrementsOf(event);
    if (!inc) return;
    await manager.query(
      `INSERT INTO partner_stats (partner_org_id, work_kind, on_time, sla_total, sla_breaches, promises_kept, promises_broken, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (partner_org_id, work_kind) DO UPDATE SET on_time = partner_stats.on_time + $3, sla_total = partner_stats.sla_total + $4,
         sla_breaches = partner_stats.sla_breaches + $5, promises_kept = partner_stats.promises_kept + $6, promises_broken = partner_stats.promises_broken + $7, updated_at = now()`,
      [event.payload.partner_org_id, event.payload.kind, inc.on_time, inc.sla_total, inc.sla_breaches, inc.promises_kept, inc.promises_broken],
    );
  }
}
