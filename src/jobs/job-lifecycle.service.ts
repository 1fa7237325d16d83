import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CaseHold, CaseHolds } from '../cases/case-holds.service';
import { CaseLifecycleService } from '../cases/case-lifecycle.service';
import { HOLD_FLAGS } from '../cases/domain/case-status';
import { Clock } from '../common/clock/clock';
import { OutboxService } from '../common/outbox/outbox.service';
import { assertTransition } from '../common/state-machine/state-machine';
import { Principal } from '../common/tenancy/principal';
import { JOB_STATE_MACHINE, JobStatus } from './domain/job-status';
import { VehicleFieldService } from '../vehicles/vehicle-field.service';
import { NO_SLA, slaAfterProgress, slaAfterResume, slaMet } from './domain/job-sla';
import { CASE_STATUSES_IN_WORK, caseStatusAfter, holdOutcome, JOB_MOVES, JobMove, JobOutcome, outcomeRefusal, vehicleStatusAfter } from './domain/job-lifecycle';
import { Job } from './job.entity';
import { HoldEscalations } from './job-hold-escalation.job';
import { JobOffers } from './job-offers.service';
import { JobSlaClocks, slaDueOf } from './job-sla-clocks.service';
import { jobEventBase, JobSide, lockJobOf } from './job-rows';
import { JobErrors } from './jobs.errors';
import { ROW_LOCK } from '../common/database/row-lock';

/** Who makes each move (DESIGN §6): the partner starts, returns and completes; the lender recalls and cancels. */
const SIDE_OF: { readonly [M in JobMove]: JobSide } = { start: 'partner', return: 'partner', complete: 'partner', recall: 'lender', cancel: 'lender' };

/** The event each move records (`jobs.events.ts`). */
const EVENT_OF = { start: 'job.started', return: 'job.returned', recall: 'job.recalled', complete: 'job.completed', cancel: 'job.cancelled' } as const satisfies Record<JobMove, string>;

/** Statuses a job stops from when a hold reaches it: everything not yet ended. */
const OPEN: readonly JobStatus[] = ['offered', 'accepted', 'in_progress', 'on_hold'];

/**
 * The job lifecycle after accept (DESIGN §6): start, return, recall, complete, cancel; holds from
 * the cases (bankruptcy, legal hold, case closed) with the partner's acknowledgment and the
 * lender's resume. Every move is checked by the job machine under a row lock, and the job's
 * cases and vehicle move with it through their modules, in the same transaction.
 */
@Injectable()
export class JobLifecycleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CaseLifecycleService,
    private readonly vehicles: VehicleFieldService,
    private readonly offers: JobOffers,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly sla: JobSlaClocks,
    private readonly escalations: HoldEscalations,
    holds: CaseHolds,
  ) {
    holds.onHold((manager, hold) => this.applyHold(manager, hold));
  }

  async move(principal: Principal, id: string, move: JobMove, details: { reason?: string; outcome?: JobOutcome } = {}): Promise<Job> {
    const job = await this.dataSource.transaction(async (manager) => {
      const job = await lockJobOf(manager, principal, id, SIDE_OF[move]);
      // The machine lets a held job go back to work, but only the lender's resume does that (DESIGN §6).
      if (job.status === 'on_hold' && move === 'start') throw JobErrors.onHold('start');
      await this.apply(manager, job, move, { ...details, actor: principal });
      return job;
    });
    if (move === 'cancel') await this.offers.cancelAcceptDeadline(job.id);
    return job;
  }

  /** Applies a move to a locked job, in the caller's transaction (also the first progress event's start). */
  async apply(manager: EntityManager, job: Job, move: JobMove, details: { reason?: string; outcome?: JobOutcome; actor?: Principal | null }): Promise<void> {
    const from = job.status;
    const to = JOB_MOVES[move];
    assertTransition(JOB_STATE_MACHINE, from, to);
    const outcome = move === 'complete' ? details.outcome! : null;
    const vehicle = job.vehicleId ? await this.vehicles.forWork(manager, job.lenderOrgId, job.vehicleId, { lock: true }) : null;
    if (outcome) {
      const refusal = outcomeRefusal(job.kind, outcome, vehicle?.status ?? null);
      if (refusal) throw JobErrors.outcomeRefused(outcome, refusal);
    }
    const now = this.clock.now();
    const reason = details.reason?.trim() || null;
    const ends = to !== 'in_progress';
    Object.assign(job, {
      status: to,
      updatedAt: now,
      ...(to === 'in_progress' ? { startedAt: job.startedAt ?? now, lastProgressAt: job.lastProgressAt ?? now } : {}),
      ...(ends ? { endedAt: now, endReason: reason ?? `${move} by the ${SIDE_OF[move]}`, outcome, resumeStatus: null } : {}),
    });
    await manager.update(Job, { id: job.id }, { status: job.status, updatedAt: now, startedAt: job.startedAt, lastProgressAt: job.lastProgressAt, endedAt: job.endedAt, endReason: job.endReason, outcome: job.outcome, resumeStatus: job.resumeStatus });
    await this.moveCases(manager, job, caseStatusAfter(move, outcome), move === 'start' ? ['assigned'] : CASE_STATUSES_IN_WORK, `job ${job.id} ${to}${reason ? `: ${reason}` : ''}`, details.actor ?? null);
    if (vehicle) {
      const next = vehicleStatusAfter(move, outcome, vehicle.status);
      if (next) await this.vehicles.advance(manager, vehicle, [next], { reason: `job ${job.id} ${to}` });
    }
    // DESIGN §6: starting is the first action; an ended job's clocks stop. Met or missed goes to the partner's statistics.
    const met = move === 'start' ? slaMet(job.firstActionDueAt, now) : move === 'complete' ? slaMet(job.completionDueAt, now) : null;
    await this.sla.set(manager, job, ends ? NO_SLA : slaAfterProgress(slaDueOf(job), now));
    const base = jobEventBase(job);
    await this.outbox.record(manager, { ...base, type: EVENT_OF[move], payload: { ...base.payload, from, to, reason, outcome, sla_met: met } });
  }

  /** DESIGN §6: the partner confirms it stopped work; the acknowledgment is tracked on the job. */
  async acknowledgeHold(principal: Principal, id: string): Promise<Job> {
    return this.dataSource.transaction(async (manager) => {
      const job = await lockJobOf(manager, principal, id, 'partner');
      if (job.status !== 'on_hold') throw JobErrors.notOnHold(job.status);
      if (job.holdAcknowledgedAt) throw JobErrors.holdAlreadyAcknowledged(job.holdAcknowledgedAt);
      job.holdAcknowledgedAt = this.clock.now();
      job.updatedAt = job.holdAcknowledgedAt;
      await manager.update(Job, { id: job.id }, { holdAcknowledgedAt: job.holdAcknowledgedAt, updatedAt: job.updatedAt });
      this.escalations.cancelFor(manager, job.id);
      const base = jobEventBase(job);
      await this.outbox.record(manager, { ...base, type: 'job.hold_acknowledged' as const, payload: { ...base.payload, hold_reason: job.holdReason, held_at: job.heldAt!.toISOString(), acknowledged_at: job.holdAcknowledgedAt.toISOString() } });
      return job;
    });
  }

  /** The lender resumes a held job once no case of it carries a hold flag; it goes back where it was. */
  async resume(principal: Principal, id: string): Promise<Job> {
    return this.dataSource.transaction(async (manager) => {
      const job = await lockJobOf(manager, principal, id, 'lender');
      if (job.status !== 'on_hold') throw JobErrors.notOnHold(job.status);
      const cases = await this.cases.loadForMarketplace(manager, job.lenderOrgId, job.caseIds);
      const flags = [...new Set(cases.flatMap((c) => c.flags.filter((f) => HOLD_FLAGS.includes(f))))];
      if (flags.length > 0) throw JobErrors.holdStillApplies(flags);
      const to = job.resumeStatus ?? 'accepted';
      assertTransition(JOB_STATE_MACHINE, job.status, to);
      const now = this.clock.now();
      await this.sla.set(manager, job, slaAfterResume(slaDueOf(job), job.startedAt !== null, job.heldAt ?? now, now));
      this.escalations.cancelFor(manager, job.id);
      Object.assign(job, { status: to, resumeStatus: null, holdReason: null, heldAt: null, holdAcknowledgedAt: null, updatedAt: now });
      await manager.update(Job, { id: job.id }, { status: to, resumeStatus: null, holdReason: null, heldAt: null, holdAcknowledgedAt: null, updatedAt: now });
      const base = jobEventBase(job);
      await this.outbox.record(manager, { ...base, type: 'job.resumed' as const, payload: { ...base.payload, to } });
      return job;
    });
  }

  /**
   * Runs inside the transaction that flags or closes a case (the case row is locked there, so
   * parallel flag requests reach the jobs one at a time): every open job on the case is put on
   * hold or cancelled, and each partner is told by a `job.on_hold` / `job.cancelled` event.
   */
  private async applyHold(manager: EntityManager, hold: CaseHold): Promise<void> {
    const jobs = await manager
      .getRepository(Job)
      .createQueryBuilder('j')
      .setLock(ROW_LOCK)
      .where(':caseId = ANY(j.caseIds)', { caseId: hold.caseId })
      .andWhere('j.lenderOrgId = :orgId', { orgId: hold.lenderOrgId })
      .andWhere('j.status IN (:...open)', { open: OPEN })
      .orderBy('j.id')
      .getMany();
    const now = this.clock.now();
    for (const job of jobs) {
      const to = holdOutcome(job.status, hold.cause);
      if (!to) continue;
      const from = job.status;
      const reason = `case ${hold.caseId} ${hold.cause.kind === 'flag' ? `flagged ${hold.cause.flag}` : hold.cause.status}: ${hold.reason}`;
      if (to === 'on_hold' && hold.cause.kind === 'flag') {
        assertTransition(JOB_STATE_MACHINE, from, to);
        Object.assign(job, { status: to, resumeStatus: from, holdReason: reason, heldAt: now, holdAcknowledgedAt: null, holdEscalations: 0, updatedAt: now });
        await manager.update(Job, { id: job.id }, { status: to, resumeStatus: job.resumeStatus, holdReason: reason, heldAt: now, holdAcknowledgedAt: null, holdEscalations: 0, updatedAt: now });
        this.escalations.scheduleFor(manager, job.id, now);
        // Nothing may be done while on hold, so nothing can be late: the partner's clocks stop until the resume.
        await this.sla.set(manager, job, { ...slaDueOf(job), firstActionDueAt: null, silenceDueAt: null });
        const base = jobEventBase(job);
        await this.outbox.record(manager, {
          ...base,
          type: 'job.on_hold' as const,
          payload: { ...base.payload, from, case_id: hold.caseId, flag: hold.cause.flag, reason, acknowledge_by: 'POST /v1/jobs/{id}/acknowledge-hold' },
        });
      } else {
        // The closed case has already moved; the job's other cases go back to the lender.
        await this.apply(manager, job, 'cancel', { reason });
      }
    }
  }

  private async moveCases(manager: EntityManager, job: Job, to: ReturnType<typeof caseStatusAfter>, fromAny: readonly string[], reason: string, actor: Principal | null): Promise<void> {
    const current = await this.cases.loadForMarketplace(manager, job.lenderOrgId, job.caseIds, { lock: true });
    const ids = current.filter((c) => fromAny.includes(c.status) && c.status !== to).map((c) => c.id);
    if (ids.length > 0) await this.cases.moveStatus(manager, job.lenderOrgId, ids, to, { reason, actor });
  }
}
