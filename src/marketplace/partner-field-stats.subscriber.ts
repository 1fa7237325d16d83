import { EntityManager } from 'typeorm';
import { DomainEventMessage } from '../common/outbox/domain-event';
import { DomainEventSubscriber, SubscribesTo } from '../common/outbox/event-dispatcher';

type FieldEvent = 'job.started' | 'job.completed' | 'job.sla_breached';

/**
 * The partner's field record in the scoring's read model (DESIGN §5 `sla` component, §6 "a mark on
 * the partner's scorecard"): each SLA clock that ends — met at the start or completion, or run
 * out — counts in `sla_total`, met ones in `on_time`, run-out ones in `sla_breaches`. Idempotent
 * by event id through the dispatcher.
 */
@SubscribesTo('marketplace.partner-field-stats', ['job.started', 'job.completed', 'job.sla_breached'])
export class PartnerFieldStatsSubscriber implements DomainEventSubscriber<FieldEvent> {
  async handle(event: DomainEventMessage<FieldEvent>, manager: EntityManager): Promise<void> {
    const p = event.payload;
    const [met, breached] = 'sla_met' in p ? (p.sla_met === null ? [null, 0] : [p.sla_met ? 1 : 0, 0]) : [0, 1];
    if (met === null) return;
    await manager.query(
      `INSERT INTO partner_stats (partner_org_id, work_kind, on_time, sla_total, sla_breaches, updated_at) VALUES ($1, $2, $3, 1, $4, now())
       ON CONFLICT (partner_org_id, work_kind) DO UPDATE SET on_time = partner_stats.on_time + $3, sla_total = partner_stats.sla_total + 1,
         sla_breaches = partner_stats.sla_breaches + $4, updated_at = now()`,
      [p.partner_org_id, p.kind, met, breached],
    );
  }
}
