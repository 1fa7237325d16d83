import { EntityManager } from 'typeorm';
import { DomainEventMessage } from '../common/outbox/domain-event';
import { DomainEventSubscriber, SubscribesTo } from '../common/outbox/event-dispatcher';
import { RepossessionDutiesService } from '../jobs/duties/repossession-duties.service';
import { holdAcknowledgedOnTime, isRecoveryOutcome, isRightPartyContact, PROMISE_GRACE_DAYS, slaClockCounts } from './domain/partner-metrics';
import { JobFact, monthOf, ScorecardFacts } from './scorecard-facts.service';

const SCORECARD_EVENTS = [
  'job.accepted',
  'job.started',
  'job.progress',
  'job.completed',
  'job.returned',
  'job.recalled',
  'job.cancelled',
  'job.on_hold',
  'job.hold_acknowledged',
  'job.sla_breached',
  'job.duty_breached',
  'vehicle.recovered',
  'payment.received',
  'payment.reversed',
  'complaint.upheld',
  'compliance.contact_refused',
] as const;

type ScorecardEvent = (typeof SCORECARD_EVENTS)[number];

/**
 * Keeps the partner scorecard (DESIGN §10, issue 17) current from the events of the work: each
 * event moves a few counters of its job's (partner, kind, region, month) row. Idempotent by event
 * id through the dispatcher, in the dispatcher's transaction.
 */
@SubscribesTo('analytics.partner-scorecard', SCORECARD_EVENTS)
export class PartnerScorecardSubscriber implements DomainEventSubscriber<ScorecardEvent> {
  constructor(
    private readonly facts: ScorecardFacts,
    private readonly duties: RepossessionDutiesService,
  ) {}

  async handle(event: DomainEventMessage<ScorecardEvent>, manager: EntityManager): Promise<void> {
    const at = new Date(event.occurred_at);
    switch (event.type) {
      case 'complaint.upheld':
      case 'compliance.contact_refused': {
        const p = event.payload;
        const counter = event.type === 'complaint.upheld' ? 'complaints_upheld' : 'compliance_refusals';
        const fact = p.job_id ? await this.facts.job(manager, p.job_id) : null;
        if (fact) return this.facts.bump(manager, fact.bucket, { [counter]: 1 });
        // About the partner's conduct in general, or a job never accepted: on the kind's row without a region.
        if (!p.partner_org_id) return;
        return this.facts.bump(manager, { partner: p.partner_org_id, kind: p.work_kind ?? '', region: '', month: monthOf(at) }, { [counter]: 1 });
      }
      case 'payment.received':
      case 'payment.reversed': {
        if (!event.payload.job_id) return;
        const fact = await this.facts.job(manager, event.payload.job_id);
        if (!fact) return;
        if (event.type === 'payment.reversed') return this.facts.bumpMoney(manager, fact.bucket, event.payload.amount.currency, { recovered: -event.payload.amount.amount });
        const p = event.payload;
        await this.facts.bumpMoney(manager, fact.bucket, p.amount.currency, { recovered: p.amount.amount });
        await this.facts.recovered(manager, fact, [p.case_id]);
        // A payment keeps the promises on its case made before it and due no earlier than grace allows.
        await manager.query(
          `UPDATE analytics_promises SET paid_in_time = paid_in_time + $3
            WHERE job_id = $1 AND (case_id = $2 OR case_id IS NULL) AND made_on <= $4::date AND $4::date <= promised_on + $5::int
              AND (currency IS NULL OR currency = $6)`,
          [fact.jobId, p.case_id, p.amount.amount, p.received_on, PROMISE_GRACE_DAYS, p.amount.currency],
        );
        return;
      }
      case 'vehicle.recovered': {
        const p = event.payload;
        const fact = await this.facts.job(manager, p.job_id);
        if (!fact) return;
        await this.facts.bump(manager, fact.bucket, p.mode === 'voluntary' ? { recoveries_voluntary: 1 } : { recoveries_involuntary: 1 });
        const fee = (p.mode === 'voluntary' ? fact.flatFees.voluntary_surrender : undefined) ?? fact.flatFees.repossession;
        if (fee) await this.facts.bumpMoney(manager, fact.bucket, fee.currency, { repossession_cost: fee.amount });
        await this.facts.duties(manager, fact, (await this.duties.ofJob(fact.jobId)).length);
        return this.facts.recovered(manager, fact, p.case_id ? [p.case_id] : fact.units);
      }
      default:
        return this.jobEvent(event, manager, at);
    }
  }

  private async jobEvent(event: DomainEventMessage<Extract<ScorecardEvent, `job.${string}`>>, manager: EntityManager, at: Date): Promise<void> {
    const fact = await this.facts.job(manager, event.payload.job_id);
    if (!fact) return;
    switch (event.type) {
      case 'job.started':
        await this.facts.bump(manager, fact.bucket, slaClockCounts(event.payload.sla_met));
        return this.facts.firstAction(manager, fact, at);
      case 'job.progress':
        return this.progress(event, manager, fact);
      case 'job.sla_breached':
        return this.facts.bump(manager, fact.bucket, { milestones_breached: 1 });
      case 'job.duty_breached':
        // The breach's duty was started by the recovery: counted among the started ones first.
        await this.facts.duties(manager, fact, (await this.duties.ofJob(fact.jobId)).length);
        return this.facts.bump(manager, fact.bucket, { duties_breached: 1 });
      case 'job.completed':
        await this.facts.bump(manager, fact.bucket, slaClockCounts(event.payload.sla_met));
        await this.facts.ended(manager, fact, at, true);
        if (isRecoveryOutcome(event.payload.outcome)) await this.facts.recovered(manager, fact, fact.units);
        return;
      case 'job.returned':
      case 'job.recalled':
      case 'job.cancelled':
        return this.facts.ended(manager, fact, at, false);
      case 'job.on_hold':
        return this.facts.bump(manager, fact.bucket, { holds: 1 });
      case 'job.hold_acknowledged': {
        const p = event.payload;
        if (holdAcknowledgedOnTime(new Date(p.held_at), new Date(p.acknowledged_at))) await this.facts.bump(manager, fact.bucket, { holds_acknowledged_on_time: 1 });
        return;
      }
      default:
        return;
    }
  }

  private async progress(event: DomainEventMessage<'job.progress'>, manager: EntityManager, fact: JobFact): Promise<void> {
    const p = event.payload;
    await this.facts.firstAction(manager, fact, new Date(p.recorded_at));
    if (p.contact_outcome) await this.facts.bump(manager, fact.bucket, { contact_attempts: 1, right_party_contacts: isRightPartyContact(p.contact_outcome) ? 1 : 0 });
    if (p.promise) {
      await manager.query(
        `INSERT INTO analytics_promises (event_id, job_id, case_id, amount, currency, made_on, promised_on) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING`,
        [p.event_id, fact.jobId, p.case_id, p.promise.amount?.amount ?? null, p.promise.amount?.currency ?? null, p.occurred_at.slice(0, 10), p.promise.date],
      );
    }
  }
}
