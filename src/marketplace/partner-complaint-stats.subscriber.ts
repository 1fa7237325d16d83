import { EntityManager } from 'typeorm';
import { DomainEventMessage } from '../common/outbox/domain-event';
import { DomainEventSubscriber, SubscribesTo } from '../common/outbox/event-dispatcher';

/**
 * An upheld complaint lowers the partner's quality score (DESIGN §5: quality = 1 − upheld
 * complaints per job): it counts on the row of the job's kind of work, or — for a complaint
 * about the partner's conduct in general — on every kind of work it has done.
 */
@SubscribesTo('marketplace.partner-complaint-stats', ['complaint.upheld'])
export class PartnerComplaintStatsSubscriber implements DomainEventSubscriber<'complaint.upheld'> {
  async handle(event: DomainEventMessage<'complaint.upheld'>, manager: EntityManager): Promise<void> {
    const p = event.payload;
    if (p.work_kind) {
      await manager.query(
        `INSERT INTO partner_stats (partner_org_id, work_kind, complaints_upheld, updated_at) VALUES ($1, $2, 1, now())
         ON CONFLICT (partner_org_id, work_kind) DO UPDATE SET complaints_upheld = partner_stats.complaints_upheld + 1, updated_at = now()`,
        [p.partner_org_id, p.work_kind],
      );
      return;
    }
    await manager.query(`UPDATE partner_stats SET complaints_upheld = complaints_upheld + 1, updated_at = now() WHERE partner_org_id = $1`, [p.partner_org_id]);
  }
}
