import { EntityManager } from 'typeorm';
import { DomainEventMessage } from '../common/outbox/domain-event';
import { DomainEventSubscriber, SubscribesTo } from '../common/outbox/event-dispatcher';

const STATUS_EVENTS = ['partner.submitted', 'partner.approved', 'partner.rejected', 'partner.suspended', 'partner.reinstated', 'partner.revoked'] as const;
type StatusEvent = (typeof STATUS_EVENTS)[number];

/**
 * The partners' vetting status as analytics needs it: a lender reads the scorecard of approved
 * partners only (the published agency rating, issue 17). Newer moves win over late older ones.
 */
@SubscribesTo('analytics.partner-status', STATUS_EVENTS)
export class PartnerStatusSubscriber implements DomainEventSubscriber<StatusEvent> {
  async handle(event: DomainEventMessage<StatusEvent>, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO analytics_partners (org_id, status, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (org_id) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at WHERE analytics_partners.updated_at <= EXCLUDED.updated_at`,
      [event.payload.org_id, event.payload.to, event.occurred_at],
    );
  }
}
