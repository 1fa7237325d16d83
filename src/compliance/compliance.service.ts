import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CaseContactContext, CaseContactContextService } from '../cases/case-contact-context.service';
import { AuditService } from '../common/audit/audit.service';
import { Clock } from '../common/clock/clock';
import { OutboxService } from '../common/outbox/outbox.service';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import type { WorkKind } from '../jobs/domain/work-kind';
import { ComplianceErrors, presentViolation } from './compliance.errors';
import { ComplianceRulesService } from './compliance-rules.service';
import { ContactHistoryRow } from './contact-history.entity';
import { BorrowerContext, BorrowerZone, classifyAttempt, ContactAttempt, ContactDirection, evaluateContact, Evaluation, historySpan, RecordedContact } from './domain/contact-evaluator';
import { Channel, STOP_CONDITIONS, StopCondition } from './domain/contact-rules';
import { zoneOfPhone } from './domain/phone-zones';
import { ComplianceCheckDto } from './dto/compliance.dto';

/** A contact attempt as the job events service logs it (DESIGN §6 `contact_attempt`). */
export interface ContactAttemptInput {
  readonly principal: Principal;
  readonly lenderOrgId: string;
  readonly partnerOrgId: string | null;
  readonly jobId: string | null;
  readonly jobEventId?: string | null;
  readonly workKind: WorkKind | null;
  /** The debts the attempt is about: one borrower's cases. */
  readonly caseIds: readonly string[];
  readonly channel: Channel;
  readonly direction: ContactDirection;
  readonly outcome: string;
  /** The phone, e-mail or address used; the borrower's own for the channel when absent. */
  readonly contactUsed: string | null;
  readonly at: Date;
  readonly recordingRef?: string | null;
  readonly collectors?: number | null;
  readonly party?: 'borrower' | 'third_party';
  readonly purpose?: 'collection' | 'location' | null;
}

export interface CheckAnswer {
  allowed: boolean;
  reasons: ReturnType<typeof presentViolation>[];
  next_allowed_at: string | null;
  rules_in_force: string[];
}

const PHONE_CHANNELS: readonly Channel[] = ['call', 'sms'];

/**
 * Every contact attempt is checked against the rules in force for the borrower's region at its
 * time, counted across the lender and all its agencies, before it is accepted (issue 13).
 */
@Injectable()
export class ComplianceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CaseContactContextService,
    private readonly rules: ComplianceRulesService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /**
   * Admits the attempt inside the caller's transaction or throws a 422 naming every broken rule.
   * Decided under a lock per (lender, borrower), so parallel attempts from several agencies are
   * counted one after the other and cannot both pass a cap. A refusal is audit-logged and counted
   * in its own transaction, so it survives the caller's rollback; an admitted attempt is recorded
   * in the history in the caller's transaction.
   */
  async admitContactAttempt(manager: EntityManager, input: ContactAttemptInput): Promise<void> {
    const borrower = await this.borrowerOf(manager, input.caseIds);
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`contact:${borrower.lenderOrgId}:${borrower.borrowerKey}`]);
    const attempt: ContactAttempt = {
      at: input.at,
      caseIds: [...input.caseIds],
      channel: input.channel,
      direction: input.direction,
      outcome: input.outcome,
      contactKey: this.contactKeyOf(input.channel, input.contactUsed, borrower),
      partnerOrgId: input.partnerOrgId,
      mode: 'record',
      party: input.party ?? (input.outcome === 'third_party_contact' ? 'third_party' : 'borrower'),
      purpose: input.purpose ?? null,
      recordingRef: input.recordingRef ?? null,
      collectors: input.collectors ?? null,
    };
    const evaluation = await this.evaluate(manager, borrower, attempt, input.contactUsed);
    if (!evaluation.allowed) {
      await this.recordRefusal(input, evaluation);
      throw ComplianceErrors.contactRefused(evaluation.violations, evaluation.nextAllowedAt);
    }
    const classes = classifyAttempt(attempt);
    await manager.insert(ContactHistoryRow, {
      lenderOrgId: borrower.lenderOrgId,
      borrowerKey: borrower.borrowerKey,
      caseIds: [...input.caseIds],
      jobId: input.jobId,
      jobEventId: input.jobEventId ?? null,
      partnerOrgId: input.partnerOrgId,
      channel: input.channel,
      direction: input.direction,
      outcome: input.outcome,
      connected: classes.connected,
      conversation: classes.conversation,
      contactKey: attempt.contactKey,
      at: input.at,
      recordedAt: this.clock.now(),
    });
  }

  /** `POST /v1/compliance/check`: the owning lender or the partner the case is assigned to; anyone else 404. */
  async check(principal: Principal, dto: ComplianceCheckDto): Promise<CheckAnswer> {
    if (!isUuid(dto.case_id)) throw ComplianceErrors.caseNotFound();
    const borrower = await this.borrowerOf(this.dataSource.manager, [dto.case_id]);
    if (borrower.lenderOrgId !== principal.orgId && borrower.assignedOrgId !== principal.orgId) throw ComplianceErrors.caseNotFound();
    const at = dto.at ? new Date(dto.at) : this.clock.now();
    const contact = dto.contact ?? null;
    const attempt: ContactAttempt = {
      at,
      caseIds: [dto.case_id],
      channel: dto.channel,
      direction: 'outbound',
      outcome: null,
      contactKey: this.contactKeyOf(dto.channel, contact, borrower),
      partnerOrgId: principal.orgKind === 'lender' ? null : principal.orgId,
      mode: 'check',
      party: 'borrower',
      purpose: null,
      recordingRef: null,
      collectors: null,
    };
    const rules = await this.rules.inForce(borrower.region, at);
    const evaluation = await this.evaluate(this.dataSource.manager, borrower, attempt, contact, rules);
    return {
      allowed: evaluation.allowed,
      reasons: evaluation.violations.map(presentViolation),
      next_allowed_at: evaluation.nextAllowedAt?.toISOString() ?? null,
      rules_in_force: rules.map((r) => r.code),
    };
  }

  private async evaluate(manager: EntityManager, borrower: Borrower, attempt: ContactAttempt, contactUsed: string | null, preloaded?: Awaited<ReturnType<ComplianceRulesService['inForce']>>): Promise<Evaluation> {
    const rules = preloaded ?? (await this.rules.inForce(borrower.region, attempt.at, manager));
    const span = historySpan(rules, attempt.at);
    const rows = (await manager.query(
      `SELECT at, case_ids, channel, direction, outcome, contact_key, partner_org_id FROM contact_history
       WHERE lender_org_id = $1 AND borrower_key = $2 AND at >= $3 AND at < $4`,
      [borrower.lenderOrgId, borrower.borrowerKey, span.from, span.until],
    )) as { at: Date; case_ids: string[]; channel: Channel; direction: ContactDirection; outcome: string | null; contact_key: string | null; partner_org_id: string | null }[];
    const history: RecordedContact[] = rows.map((r) => ({ at: r.at, caseIds: r.case_ids, channel: r.channel, direction: r.direction, outcome: r.outcome, contactKey: r.contact_key, partnerOrgId: r.partner_org_id }));
    return evaluateContact(rules, this.contextOf(borrower, attempt.channel, contactUsed), history, attempt);
  }

  /** The borrower's zones: the case's own (its address), then the area codes of its phone and of the number used. */
  private contextOf(borrower: Borrower, channel: Channel, contactUsed: string | null): BorrowerContext {
    const zones: BorrowerZone[] = [{ zone: borrower.timezone, source: 'address' }];
    const phoneZone = zoneOfPhone(borrower.phone);
    if (phoneZone) zones.push({ zone: phoneZone, source: 'phone_area_code' });
    const usedZone = PHONE_CHANNELS.includes(channel) ? zoneOfPhone(contactUsed) : null;
    if (usedZone) zones.push({ zone: usedZone, source: 'contact_area_code' });
    return { zones, conditions: borrower.conditions };
  }

  private contactKeyOf(channel: Channel, contactUsed: string | null, borrower: Borrower): string | null {
    if (PHONE_CHANNELS.includes(channel)) {
      const phone = contactUsed ?? borrower.phone;
      return phone ? this.cases.contactKey('phone', phone) : null;
    }
    if (channel === 'email') {
      const email = contactUsed ?? borrower.email;
      return email ? this.cases.contactKey('email', email) : null;
    }
    return this.cases.contactKey('address', contactUsed ?? borrower.borrowerKey);
  }

  private async borrowerOf(manager: EntityManager, caseIds: readonly string[]): Promise<Borrower> {
    const contexts = await this.cases.contextOf(caseIds, manager);
    const first = contexts[0];
    if (!first || contexts.length !== new Set(caseIds).size) throw ComplianceErrors.caseNotFound();
    if (contexts.some((c) => c.borrowerKey !== first.borrowerKey || c.lenderOrgId !== first.lenderOrgId)) throw ComplianceErrors.severalBorrowers();
    const flags = new Set<string>(contexts.flatMap((c) => c.flags));
    return { ...first, conditions: STOP_CONDITIONS.filter((c) => flags.has(c)) };
  }

  private async recordRefusal(input: ContactAttemptInput, evaluation: Evaluation): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.audit.record(
        {
          action: 'compliance.contact_refused',
          principal: input.principal,
          entityType: input.jobId ? 'job' : 'case',
          entityId: input.jobId ?? input.caseIds[0],
          partyOrgIds: [input.lenderOrgId, ...(input.partnerOrgId ? [input.partnerOrgId] : [])],
          outcomeStatus: 422,
          changes: {
            attempt: { case_ids: [...input.caseIds], channel: input.channel, direction: input.direction, outcome: input.outcome, at: input.at.toISOString() },
            violations: evaluation.violations.map(presentViolation),
            next_allowed_at: evaluation.nextAllowedAt?.toISOString() ?? null,
          },
        },
        m,
      );
      await this.outbox.record(m, {
        type: 'compliance.contact_refused' as const,
        aggregateType: 'job',
        aggregateId: input.jobId ?? input.caseIds[0]!,
        orgIds: [input.lenderOrgId, ...(input.partnerOrgId ? [input.partnerOrgId] : [])],
        payload: {
          lender_org_id: input.lenderOrgId,
          partner_org_id: input.partnerOrgId,
          job_id: input.jobId,
          work_kind: input.workKind,
          case_ids: [...input.caseIds],
          rule_codes: [...new Set(evaluation.violations.map((v) => v.code))],
        },
      });
    });
  }
}

interface Borrower extends CaseContactContext {
  readonly conditions: readonly StopCondition[];
}
