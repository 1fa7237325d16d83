import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CaseWorkService, NewContact } from '../cases/case-work.service';
import { Clock } from '../common/clock/clock';
import { ComplianceService } from '../compliance/compliance.service';
import { JsonObject } from '../common/json';
import type { Money } from '../common/money';
import type { EventPayload } from '../events/event-catalogue';
import { OutboxService } from '../common/outbox/outbox.service';
import { Page, paginate, PageQuery } from '../common/pagination/pagination';
import { PiiCipher } from '../common/pii/pii-cipher';
import { validationFailed } from '../common/problem/problem';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { VehicleFieldService } from '../vehicles/vehicle-field.service';
import { vehiclePathFor } from './domain/job-lifecycle';
import { CONTACT_CHANNELS, CONTACT_DIRECTIONS, eventTypesFor, ProgressEventType, RecoveryMode, statusRefusal, validateProgressEvent } from './domain/progress-events';
import { RepossessionDutiesService } from './duties/repossession-duties.service';
import { EvidenceService } from './evidence/evidence.service';
import { JobEvent } from './job-event.entity';
import { Job } from './job.entity';
import { slaAfterProgress } from './domain/job-sla';
import { JobLifecycleService } from './job-lifecycle.service';
import { JobPromises } from './job-promises.service';
import { JobSlaClocks, slaDueOf } from './job-sla-clocks.service';
import { jobEventBase, lockJobOf } from './job-rows';
import { JobErrors } from './jobs.errors';

type ContactChannel = (typeof CONTACT_CHANNELS)[number];
type ContactDirection = (typeof CONTACT_DIRECTIONS)[number];

/**
 * Typed progress reports (DESIGN §6): validated per type, checked against the job's kind and
 * status, stored append-only with the server's time beside the reporter's, the first one
 * starting an accepted job; vehicle reports move the vehicle, skip-trace results add contacts to
 * the case. The lender and the partner read the timeline.
 */
@Injectable()
export class JobProgressService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: JobLifecycleService,
    private readonly caseWork: CaseWorkService,
    private readonly vehicles: VehicleFieldService,
    private readonly cipher: PiiCipher,
    private readonly outbox: OutboxService,
    private readonly compliance: ComplianceService,
    private readonly duties: RepossessionDutiesService,
    private readonly evidence: EvidenceService,
    private readonly clock: Clock,
    private readonly sla: JobSlaClocks,
    private readonly promises: JobPromises,
  ) {}

  async report(principal: Principal, id: string, body: unknown): Promise<JobEventView> {
    return this.dataSource.transaction(async (manager) => {
      const job = await lockJobOf(manager, principal, id, 'partner');
      const now = this.clock.now();
      const result = validateProgressEvent(body, { now, caseIds: job.caseIds });
      if (!result.ok) throw validationFailed(result.errors);
      const event = result.event;
      const allowed = eventTypesFor(job.kind);
      if (!allowed.includes(event.type)) throw JobErrors.eventNotForKind(event.type, job.kind, allowed);
      const refusal = statusRefusal(job.status, event.type);
      if (refusal === 'on_hold') throw JobErrors.onHold(event.type);
      if (refusal === 'not_active') throw JobErrors.notActive(job.status);
      const afterHold = job.status === 'on_hold';
      if (job.status === 'accepted') await this.lifecycle.apply(manager, job, 'start', { actor: principal });

      if (job.vehicleId) {
        const vehicle = await this.vehicles.forWork(manager, job.lenderOrgId, job.vehicleId, { lock: true });
        const path = vehiclePathFor(event.type, vehicle.status);
        if (path && 'refusal' in path) throw JobErrors.vehicleState(path.refusal);
        const reported = event.payload.position as { latitude: number; longitude: number } | null | undefined;
        const position = reported ? { latitude: reported.latitude, longitude: reported.longitude, at: event.occurredAt } : null;
        if (path || position) await this.vehicles.advance(manager, vehicle, path?.path ?? [], { reason: `${event.type} on job ${job.id}`, position });
      }

      const eventId = randomUUID();
      const attemptCases = event.caseId ? [event.caseId] : job.caseIds;
      if (event.type === 'contact_attempt' && attemptCases.length > 0) {
        // Issue 13: checked against the borrower's rules in this transaction; a refusal is a 422 and stores nothing.
        const p = event.payload;
        await this.compliance.admitContactAttempt(manager, {
          principal,
          lenderOrgId: job.lenderOrgId,
          partnerOrgId: job.partnerOrgId,
          jobId: job.id,
          jobEventId: eventId,
          workKind: job.kind,
          caseIds: attemptCases,
          channel: p.channel as ContactChannel,
          direction: p.direction as ContactDirection,
          outcome: p.outcome as string,
          contactUsed: (event.pii?.contact_used as string | undefined) ?? null,
          at: event.occurredAt,
          recordingRef: (p.recording_ref as string | null) ?? null,
          collectors: (p.collectors as number | null) ?? null,
          purpose: (p.purpose as 'collection' | 'location' | null) ?? null,
        });
      }

      const row = manager.create(JobEvent, {
        id: eventId,
        jobId: job.id,
        caseId: event.caseId,
        type: event.type,
        occurredAt: event.occurredAt,
        createdAt: now,
        reporterOrgId: principal.orgId,
        reporterUserId: principal.userId ?? null,
        payload: event.payload,
        piiEnc: event.pii ? this.cipher.encrypt(JSON.stringify(event.pii)) : null,
        afterHold,
      });
      await manager.insert(JobEvent, row);
      await this.duties.onProgress(manager, job, row);
      await this.evidence.attach(manager, job, row);
      if (event.type === 'promise_to_pay') await this.promises.track(manager, job, row);
      if (event.type === 'payment_reported') await this.promises.credit(manager, job, row);
      if (event.type === 'skip_trace_result' && event.caseId && event.pii) {
        await this.caseWork.addContacts(manager, event.caseId, principal.orgId, row.id, contactsOf(event.pii, event.payload));
      }
      if (!afterHold) {
        // DESIGN §6: progress restarts the silence clock.
        await this.sla.set(manager, job, slaAfterProgress(slaDueOf(job), now), { lastProgressAt: now, updatedAt: now });
      }

      const base = jobEventBase(job);
      const report = { event_id: row.id, case_id: event.caseId, occurred_at: event.occurredAt.toISOString(), recorded_at: now.toISOString(), after_hold: afterHold };
      await this.outbox.record(manager, { ...base, type: 'job.progress' as const, payload: { ...base.payload, ...report, type: event.type, ...scorecardFacts(event.type, event.payload) } });
      if (job.vehicleId && (event.type === 'vehicle_recovered' || event.type === 'vehicle_stored')) {
        const vehicle = { aggregateType: 'vehicle', aggregateId: job.vehicleId, orgIds: base.orgIds };
        const field = { ...report, vehicle_id: job.vehicleId, job_id: job.id, lender_org_id: job.lenderOrgId, partner_org_id: job.partnerOrgId };
        if (event.type === 'vehicle_recovered') await this.outbox.record(manager, { ...vehicle, type: 'vehicle.recovered' as const, payload: { ...field, mode: event.payload.mode as RecoveryMode } });
        else await this.outbox.record(manager, { ...vehicle, type: 'vehicle.stored' as const, payload: { ...field, yard_id: event.payload.yard_id as string } });
      }
      if (afterHold) {
        // DESIGN §6: a recovery after a hold is what regulators look for first (wrongful repossession).
        await this.outbox.record(manager, {
          ...base,
          type: 'compliance.alert' as const,
          orgIds: [job.lenderOrgId],
          payload: { ...base.payload, ...report, alert: 'recovery_after_hold' as const, hold_reason: job.holdReason, held_at: job.heldAt?.toISOString() ?? null },
        });
      }
      return presentJobEvent(row, event.pii);
    });
  }

  /** The job's timeline, newest first; the lender and the partner read PII the events carry (both may see it in full, DESIGN §2). */
  async timeline(principal: Principal, id: string, query: PageQuery): Promise<Page<JobEventView>> {
    if (!isUuid(id)) throw JobErrors.notFound();
    const side = principal.orgKind === 'lender' ? 'j.lenderOrgId' : 'j.partnerOrgId';
    const job = await this.dataSource.getRepository(Job).createQueryBuilder('j').where(`j.id = :id AND ${side} = :orgId`, { id, orgId: principal.orgId }).getOne();
    if (!job) throw JobErrors.notFound();
    const qb = this.dataSource.getRepository(JobEvent).createQueryBuilder('e').where('e.jobId = :id', { id });
    const { items, nextCursor } = await paginate(qb, query);
    return { data: items.map((e) => presentJobEvent(e, e.piiEnc ? (JSON.parse(this.cipher.decrypt(e.piiEnc)) as JsonObject) : null)), next_cursor: nextCursor };
  }
}

function contactsOf(pii: JsonObject, payload: JsonObject): NewContact[] {
  const meta = { source: payload.source as string, confidence: (payload.confidence as number | null) ?? null };
  return [
    ...(pii.phone ? [{ kind: 'phone' as const, value: pii.phone, ...meta }] : []),
    ...(pii.address ? [{ kind: 'address' as const, value: pii.address, ...meta }] : []),
    ...(pii.employer ? [{ kind: 'employer' as const, value: pii.employer, ...meta }] : []),
  ];
}

export function presentJobEvent(e: JobEvent, pii: JsonObject | null) {
  return {
    id: e.id,
    job_id: e.jobId,
    case_id: e.caseId,
    type: e.type,
    occurred_at: e.occurredAt.toISOString(),
    recorded_at: e.createdAt.toISOString(),
    reporter_org_id: e.reporterOrgId,
    reporter_user_id: e.reporterUserId,
    after_hold: e.afterHold,
    ...e.payload,
    ...pii,
  };
}

export type JobEventView = ReturnType<typeof presentJobEvent>;

/** The few report fields `job.progress` carries for the scorecard (issue 17); the rest stays in the report. */
function scorecardFacts(type: ProgressEventType, payload: JsonObject): Pick<EventPayload<'job.progress'>, 'contact_outcome' | 'promise'> {
  return {
    contact_outcome: type === 'contact_attempt' ? (payload.outcome as EventPayload<'job.progress'>['contact_outcome']) : null,
    promise: type === 'promise_to_pay' ? { amount: (payload.amount as Money | null) ?? null, date: payload.date as string } : null,
  };
}
