import { EntityManager } from 'typeorm';
import { DomainEventMessage } from '../common/outbox/domain-event';
import { DomainEventSubscriber, SubscribesTo } from '../common/outbox/event-dispatcher';

/**
 * Keeps the scoring's read model current from job events (idempotent by event id through the
 * dispatcher). An accepted job counts as assigned work: one job, and its cases (a vehicle job is
 * one unit). Recoveries, on-time milestones and upheld complaints arrive with the progress and
 * complaint events of later issues and land in the same row.
 */
@SubscribesTo('marketplace.partner-stats', ['job.accepted'])
export class PartnerStatsSubscriber implements DomainEventSubscriber<'job.accepted'> {
  async handle(event: DomainEventMessage<'job.accepted'>, manager: EntityManager): Promise<void> {
    const p = event.payload;
    const units = Math.max(1, p.case_ids.length);
    await manager.query(
      `INSERT INTO partner_stats (partner_org_id, work_kind, assigned, jobs_total, updated_at) VALUES ($1, $2, $3, 1, now())
       ON CONFLICT (partner_org_id, work_kind) DO UPDATE SET assigned = partner_stats.assigned + $3, jobs_total = partner_stats.jobs_total + 1, updated_at = now()`,
      [p.partner_org_id, p.kind, units],
    );
  }
}
