import { EntityManager, In } from 'typeorm';
import { DomainEventMessage } from '../common/outbox/domain-event';
import { DomainEventSubscriber, SubscribesTo } from '../common/outbox/event-dispatcher';
import { OutboxService } from '../common/outbox/outbox.service';
import { ACTIVE_JOB_STATUSES } from './domain/job-status';
import { Job } from './job.entity';

/**
 * DESIGN §3: when a partner is suspended, every lender with open jobs with it is told, with the
 * jobs concerned. The notice is a `partner.*` event addressed to those lenders only, so the
 * notifications routing delivers it to their owners and managers (and platform staff).
 */
@SubscribesTo('jobs.partner-suspension-notice', ['partner.suspended'])
export class PartnerSuspensionSubscriber implements DomainEventSubscriber<'partner.suspended'> {
  constructor(private readonly outbox: OutboxService) {}

  async handle(event: DomainEventMessage<'partner.suspended'>, manager: EntityManager): Promise<void> {
    const partnerOrgId = event.aggregate_id;
    const open = await manager.find(Job, {
      select: { id: true, lenderOrgId: true },
      where: { partnerOrgId, status: In([...ACTIVE_JOB_STATUSES]) },
    });
    const jobsByLender = new Map<string, string[]>();
    for (const job of open) jobsByLender.set(job.lenderOrgId, [...(jobsByLender.get(job.lenderOrgId) ?? []), job.id]);
    await this.outbox.recordMany(
      manager,
      [...jobsByLender].map(([lenderOrgId, jobIds]) => ({
        type: 'partner.suspension_notice',
        aggregateType: 'partner',
        aggregateId: partnerOrgId,
        orgIds: [lenderOrgId],
        payload: {
          partner_org_id: partnerOrgId,
          partner_name: event.payload.partner_name,
          reason: event.payload.reason,
          open_job_ids: jobIds,
          open_jobs: jobIds.length,
          suspended_event_id: event.id,
        },
      })),
    );
  }
}
