import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import { Clock } from '../../common/clock/clock';
import { AfterCommit } from '../../common/database/after-commit';
import { OutboxService } from '../../common/outbox/outbox.service';
import { validationFailed } from '../../common/problem/problem';
import { Deadlines } from '../../common/queue/deadlines.service';
import { Principal } from '../../common/tenancy/principal';
import { isUuid } from '../../common/tenancy/tenancy';
import { CaseLifecycleService } from '../../cases/case-lifecycle.service';
import { Job } from '../job.entity';
import { DutyFulfillingEvent, DutyKind, dutyDeadline, FULFILLING_EVENTS, Jurisdiction, jurisdictionFor, validateJurisdictions } from './domain/repossession-duties';
import { JOB_DUTY_DEADLINE } from './duty-timers';
import { PutRepossessionDutiesDto } from './dto/repossession-duties.dto';
import { JobDuty } from './job-duty.entity';
import { RepossessionDutyRow, RepossessionJurisdictionRow } from './repossession-duty.entity';
import { ROW_LOCK } from '../../common/database/row-lock';

/** What started the duties: the `vehicle_recovered` progress event, where and when it happened. */
export interface Recovery {
  readonly eventId: string;
  readonly occurredAt: Date;
  /** The region of the recovered case (ISO 3166-2), whose jurisdiction's duties apply. */
  readonly region: string;
}

/** What fulfils a duty: a `police_notified` or `seizure_notice_sent` progress event. */
export interface DutyFulfilment {
  readonly eventId: string;
  readonly type: DutyFulfillingEvent;
  readonly occurredAt: Date;
}

const DUTY_OF_EVENT = Object.fromEntries(Object.entries(FULFILLING_EVENTS).map(([duty, event]) => [event, duty])) as Record<DutyFulfillingEvent, DutyKind>;

/**
 * Repossession duties per jurisdiction as data (DESIGN §6): the platform edits the table; a
 * recovery starts one deadline per timed duty of the case's jurisdiction, in the recovery's
 * transaction; the fulfilling event closes it; the timer (or the sweep) breaches it.
 */
@Injectable()
export class RepossessionDutiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly deadlines: Deadlines,
    private readonly afterCommit: AfterCommit,
    private readonly cases: CaseLifecycleService,
    private readonly clock: Clock,
  ) {}

  /**
   * Called by the progress report in its transaction: a recovery starts the duties of the
   * recovered case's jurisdiction; `police_notified` / `seizure_notice_sent` fulfil theirs.
   */
  async onProgress(manager: EntityManager, job: Pick<Job, 'id' | 'lenderOrgId' | 'partnerOrgId' | 'caseIds'>, event: { id: string; type: string; occurredAt: Date; caseId: string | null }): Promise<void> {
    if (event.type === 'vehicle_recovered') {
      const [recovered] = await this.cases.loadForMarketplace(manager, job.lenderOrgId, [event.caseId ?? job.caseIds[0]!]);
      if (recovered) await this.startFor(manager, job, { eventId: event.id, occurredAt: event.occurredAt, region: recovered.region });
    } else if (event.type in DUTY_OF_EVENT) {
      await this.fulfil(manager, job.id, { eventId: event.id, type: event.type as DutyFulfillingEvent, occurredAt: event.occurredAt });
    }
  }

  async list(manager: EntityManager = this.dataSource.manager): Promise<{ data: Jurisdiction[] }> {
    const jurisdictions = await manager.find(RepossessionJurisdictionRow, { order: { code: 'ASC' } });
    const duties = await manager.find(RepossessionDutyRow, { order: { jurisdictionCode: 'ASC', duty: 'ASC' } });
    return {
      data: jurisdictions.map((j) => ({
        code: j.code,
        time_zone: j.timeZone,
        holidays: [...j.holidays].sort((a, b) => (a.date < b.date ? -1 : 1)),
        duties: duties
          .filter((d) => d.jurisdictionCode === j.code)
          .map((d) => ({
            duty: d.duty,
            within_hours: d.withinHours,
            weekend_extension_hours: d.weekendExtensionHours,
            holiday_extension_hours: d.holidayExtensionHours,
            citation: d.citation,
            description: d.description,
          })),
      })),
    };
  }

  /** Replaces the whole table in one transaction; the audit entry keeps it before and after. */
  async replace(principal: Principal, dto: PutRepossessionDutiesDto): Promise<{ data: Jurisdiction[] }> {
    const errors = validateJurisdictions(dto.jurisdictions);
    if (errors.length > 0) throw validationFailed(errors);
    return this.dataSource.transaction(async (m) => {
      // One editor at a time: concurrent replacements are ordered, not interleaved.
      await m.query('LOCK TABLE repossession_jurisdictions IN SHARE ROW EXCLUSIVE MODE');
      const before = (await this.list(m)).data;
      await m.createQueryBuilder().delete().from(RepossessionJurisdictionRow).execute();
      const now = this.clock.now();
      for (const j of dto.jurisdictions) {
        await m.insert(RepossessionJurisdictionRow, { code: j.code, timeZone: j.time_zone, holidays: j.holidays.map((h) => ({ date: h.date, name: h.name })), updatedAt: now, updatedByUserId: principal.userId });
        if (j.duties.length === 0) continue;
        await m.insert(
          RepossessionDutyRow,
          j.duties.map((d) => ({
            jurisdictionCode: j.code,
            duty: d.duty,
            withinHours: d.within_hours,
            weekendExtensionHours: d.weekend_extension_hours,
            holidayExtensionHours: d.holiday_extension_hours,
            citation: d.citation,
            description: d.description,
          })),
        );
      }
      const after = await this.list(m);
      await this.audit.record({ action: 'repossession_duties.replace', principal, entityType: 'repossession_duties', changes: { before, after: after.data } }, m);
      await this.outbox.record(m, {
        type: 'repossession_duties.updated',
        aggregateType: 'repossession_duties',
        aggregateId: 'platform',
        orgIds: [principal.orgId],
        payload: { jurisdictions: dto.jurisdictions.map((j) => j.code) },
      });
      return after;
    });
  }

  /**
   * In the recovery's transaction: one duty row per timed duty of the case's jurisdiction, its
   * deadline computed now (later edits of the table do not move it); the timers are set after
   * commit. A second recovery on the same job starts nothing new (the first one's clock runs).
   */
  async startFor(manager: EntityManager, job: Pick<Job, 'id' | 'lenderOrgId' | 'partnerOrgId'>, recovery: Recovery): Promise<JobDuty[]> {
    const { data } = await this.list(manager);
    const jurisdiction = jurisdictionFor(data, recovery.region);
    if (!jurisdiction) return [];
    const now = this.clock.now();
    const rows: JobDuty[] = [];
    for (const rule of jurisdiction.duties) {
      const deadline = dutyDeadline(rule, recovery.occurredAt, jurisdiction);
      if (!deadline) continue;
      rows.push(
        manager.create(JobDuty, {
          id: randomUUID(),
          jobId: job.id,
          lenderOrgId: job.lenderOrgId,
          partnerOrgId: job.partnerOrgId,
          jurisdictionCode: jurisdiction.code,
          duty: rule.duty,
          citation: rule.citation,
          recoveryEventId: recovery.eventId,
          recoveredAt: recovery.occurredAt,
          dueAt: deadline.dueAt,
          extendedFor: [...deadline.extendedFor],
          status: 'open',
          fulfilledEventId: null,
          fulfilledAt: null,
          breachedAt: null,
          createdAt: now,
        }),
      );
    }
    if (rows.length === 0) return [];
    const inserted = await manager.createQueryBuilder().insert().into(JobDuty).values(rows).orIgnore().returning(['id']).execute();
    const ids = new Set((inserted.raw as { id: string }[]).map((r) => r.id));
    const started = rows.filter((r) => ids.has(r.id));
    this.afterCommit.run(manager, async () => {
      for (const row of started) await this.deadlines.schedule(JOB_DUTY_DEADLINE, { dutyId: row.id }, row.dueAt);
    });
    return started;
  }

  /**
   * In the fulfilling event's transaction: closes the job's duty of that kind. Fulfilled late it
   * stays `breached` (the breach happened), with the fulfilment kept beside it. Null when the job
   * has no such duty (no recovery yet, or none in its jurisdiction).
   */
  async fulfil(manager: EntityManager, jobId: string, fulfilment: DutyFulfilment): Promise<JobDuty | null> {
    const duty = await manager.getRepository(JobDuty).createQueryBuilder('d').setLock(ROW_LOCK).where('d.jobId = :jobId AND d.duty = :duty', { jobId, duty: DUTY_OF_EVENT[fulfilment.type] }).getOne();
    if (!duty || duty.fulfilledEventId) return duty;
    const status = duty.status === 'open' ? 'fulfilled' : duty.status;
    await manager.update(JobDuty, { id: duty.id }, { status, fulfilledEventId: fulfilment.eventId, fulfilledAt: fulfilment.occurredAt });
    this.afterCommit.run(manager, () => this.deadlines.cancel(JOB_DUTY_DEADLINE, { dutyId: duty.id }));
    return { ...duty, status, fulfilledEventId: fulfilment.eventId, fulfilledAt: fulfilment.occurredAt };
  }

  /** Timer and sweep: breaches an open duty whose deadline passed (a guarded update decides it once). */
  async breachIfDue(dutyId: string): Promise<{ breached: boolean }> {
    return this.dataSource.transaction(async (m) => {
      const now = this.clock.now();
      const result = await m
        .createQueryBuilder()
        .update(JobDuty)
        .set({ status: 'breached', breachedAt: now })
        .where('id = :id AND status = :open AND due_at <= :now', { id: dutyId, open: 'open', now })
        .returning('*')
        .execute();
      const raw = (result.raw as Record<string, unknown>[])[0];
      if (!raw) return { breached: false };
      const duty = await m.findOneByOrFail(JobDuty, { id: dutyId });
      const job = await m.findOneByOrFail(Job, { id: duty.jobId });
      await this.outbox.record(m, {
        type: 'job.duty_breached',
        aggregateType: 'job',
        aggregateId: job.id,
        orgIds: [job.lenderOrgId, job.partnerOrgId],
        payload: {
          job_id: job.id,
          job_title: job.title,
          partner_org_id: job.partnerOrgId,
          kind: job.kind,
          duty_id: duty.id,
          duty: duty.duty,
          jurisdiction: duty.jurisdictionCode,
          citation: duty.citation,
          recovered_at: duty.recoveredAt.toISOString(),
          due_at: duty.dueAt.toISOString(),
          breached_at: now.toISOString(),
        },
      });
      return { breached: true };
    });
  }

  async findOverdue(dueBy: Date, limit: number): Promise<{ dutyId: string }[]> {
    const rows = await this.dataSource.getRepository(JobDuty).createQueryBuilder('d').select('d.id', 'id').where('d.status = :open AND d.dueAt <= :dueBy', { open: 'open', dueBy }).orderBy('d.dueAt', 'ASC').limit(limit).getRawMany<{ id: string }>();
    return rows.map((r) => ({ dutyId: r.id }));
  }

  /** A job's duties, for its lender and its partner (anyone else: the caller answers 404 before asking). */
  async ofJob(jobId: string): Promise<ReturnType<typeof presentDuty>[]> {
    const rows = await this.dataSource.getRepository(JobDuty).find({ where: { jobId }, order: { dueAt: 'ASC' } });
    return rows.map(presentDuty);
  }

  /** A partner's record on its duties (DESIGN §6: a breach counts on its statistics). */
  async statistics(partnerOrgIds: readonly string[]): Promise<Map<string, DutyStatistics>> {
    const ids = partnerOrgIds.filter(isUuid);
    const stats = new Map<string, DutyStatistics>(ids.map((id) => [id, { open: 0, fulfilled: 0, breached: 0, fulfilled_on_time_bps: null }]));
    if (ids.length === 0) return stats;
    const rows = await this.dataSource
      .getRepository(JobDuty)
      .createQueryBuilder('d')
      .select('d.partnerOrgId', 'partner')
      .addSelect('d.status', 'status')
      .addSelect('count(*)::int', 'n')
      .where({ partnerOrgId: In(ids) })
      .groupBy('d.partnerOrgId')
      .addGroupBy('d.status')
      .getRawMany<{ partner: string; status: 'open' | 'fulfilled' | 'breached'; n: number }>();
    for (const r of rows) stats.get(r.partner)![r.status] = r.n;
    for (const s of stats.values()) {
      const decided = s.fulfilled + s.breached;
      // Basis points, integer (DESIGN §2: no floats): the share of decided duties met in time.
      s.fulfilled_on_time_bps = decided === 0 ? null : Math.floor((s.fulfilled * 10_000) / decided);
    }
    return stats;
  }
}

export interface DutyStatistics {
  open: number;
  fulfilled: number;
  breached: number;
  fulfilled_on_time_bps: number | null;
}

export function presentDuty(d: JobDuty) {
  return {
    id: d.id,
    job_id: d.jobId,
    duty: d.duty,
    jurisdiction: d.jurisdictionCode,
    citation: d.citation,
    recovery_event_id: d.recoveryEventId,
    recovered_at: d.recoveredAt.toISOString(),
    due_at: d.dueAt.toISOString(),
    extended_for: d.extendedFor,
    status: d.status,
    fulfilled_event_id: d.fulfilledEventId,
    fulfilled_at: d.fulfilledAt?.toISOString() ?? null,
    breached_at: d.breachedAt?.toISOString() ?? null,
  };
}
