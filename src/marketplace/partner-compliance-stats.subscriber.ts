import { EntityManager } from 'typeorm';
import { DomainEventMessage } from '../common/outbox/domain-event';
import { DomainEventSubscriber, SubscribesTo } from '../common/outbox/event-dispatcher';

/**
 * The compliance side of the scoring's read model (DESIGN §5 quality, §10 compliance refusals):
 * each refused contact attempt counts on the partner's row for the job's kind of work.
 */
@SubscribesTo('marketplace.partner-compliance-stats', ['compliance.contact_refused'])
export class PartnerComplianceStatsSubscriber implements DomainEventSubscriber<'compliance.contact_refused'> {
  async handle(event: DomainEventMessage<'compliance.contact_refused'>, manager: EntityManager): Promise<void> {
    const p = event.payload;
    if (!p.partner_org_id || !p.work_kind) return;
    await manager.query(
      `INSERT INTO partner_stats (partner_org_id, work_kind, compliance_refusals, updated_at) VALUES ($1, $2, 1, now())
       ON CONFLICT (partner_org_id, work_kind) DO UPDATE SET compliance_refusals = partner_stats.compliance_refusals + 1, updated_at = now()`,
      [p.partner_org_id, p.work_kind],
    );
  }
}
