import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrgNamesService } from '../auth/org-names.service';
import { AuditService } from '../common/audit/audit.service';
import { Clock } from '../common/clock/clock';
import { OutboxService } from '../common/outbox/outbox.service';
import { Page, paginate } from '../common/pagination/pagination';
import { conflict } from '../common/problem/problem';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { JobsService } from '../jobs/jobs.service';
import { Complaint, ComplaintReviewPolicyRow, ComplaintTransition, SuspensionReview } from './complaint.entity';
import { ComplaintErrors } from './complaints.errors';
import { assertComplaintTransition, ComplaintStatus, reviewDue } from './domain/complaint-status';
import { CloseReviewDto, ComplaintListQuery, FileComplaintDto, ReviewListQuery } from './dto/complaint.dto';
import { ROW_LOCK } from '../common/database/row-lock';

type Decision = Extract<ComplaintStatus, 'investigating' | 'upheld' | 'dismissed'>;

/**
 * Complaints against partners (DESIGN §6): filed by a lender (for itself or on behalf of its
 * borrower) or platform compliance, decided by platform staff. An upheld complaint lowers the
 * partner's quality score (marketplace counts `complaint.upheld`) and may open a suspension review.
 */
@Injectable()
export class ComplaintsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly orgNames: OrgNamesService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  async file(principal: Principal, dto: FileComplaintDto) {
    if (!dto.job_id && !dto.partner_org_id) throw ComplaintErrors.target();
    if (dto.on_behalf_of_borrower && principal.orgKind !== 'lender') throw ComplaintErrors.onBehalfNotLender();
    // A job the caller cannot see answers 404, like any other org's row (DESIGN §2).
    const job = dto.job_id ? await this.jobs.get(principal, dto.job_id) : null;
    if (job && dto.partner_org_id && dto.partner_org_id !== job.partner_org_id) throw ComplaintErrors.targetMismatch();
    const partnerOrgId = job?.partner_org_id ?? dto.partner_org_id!;
    if (!job && !(await this.orgNames.nameOf(this.dataSource.manager, partnerOrgId))) throw ComplaintErrors.partnerNotFound();
    const now = this.clock.now();
    const saved = await this.dataSource.transaction(async (m) => {
      const complaint = await m.save(Complaint, {
        partnerOrgId,
        jobId: job?.id ?? null,
        workKind: job?.kind ?? null,
        lenderOrgId: job?.lender_org_id ?? (principal.orgKind === 'lender' ? principal.orgId : null),
        filedByOrgId: principal.orgId,
        filedByUserId: principal.userId,
        filedByApiKeyId: principal.apiKeyId,
        onBehalfOfBorrower: dto.on_behalf_of_borrower ?? false,
        category: dto.category,
        description: dto.description.trim(),
        status: 'open' as const,
        resolutionReason: null,
        createdAt: now,
        updatedAt: now,
        resolvedAt: null,
      });
      await this.transition(m, complaint, null, 'open', dto.on_behalf_of_borrower ? 'filed on behalf of the borrower' : 'filed', principal, now);
      await this.outbox.record(m, {
        type: 'complaint.filed' as const,
        aggregateType: 'complaint',
        aggregateId: complaint.id,
        orgIds: this.parties(complaint),
        payload: { ...this.payloadOf(complaint), on_behalf_of_borrower: complaint.onBehalfOfBorrower },
      });
      return complaint;
    });
    return this.get(principal, saved.id);
  }

  async list(principal: Principal, query: ComplaintListQuery): Promise<Page<ReturnType<typeof presentComplaint>>> {
    const qb = this.visible(principal);
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.partner_org_id) qb.andWhere('c.partnerOrgId = :partner', { partner: query.partner_org_id });
    const { items, nextCursor } = await paginate(qb, query);
    const history = await this.historyOf(items.map((c) => c.id));
    return { data: items.map((c) => presentComplaint(c, history.get(c.id) ?? [])), next_cursor: nextCursor };
  }

  async get(principal: Principal, id: string) {
    if (!isUuid(id)) throw ComplaintErrors.notFound();
    const complaint = await this.visible(principal).andWhere('c.id = :id', { id }).getOne();
    if (!complaint) throw ComplaintErrors.notFound();
    return presentComplaint(complaint, (await this.historyOf([id])).get(id) ?? []);
  }

  /** Platform staff move a complaint; upholding may open the partner's suspension review in the same transaction. */
  async decide(principal: Principal, id: string, to: Decision, reason: string) {
    if (!isUuid(id)) throw ComplaintErrors.notFound();
    const now = this.clock.now();
    await this.dataSource.transaction(async (m) => {
      const complaint = await m.getRepository(Complaint).createQueryBuilder('c').setLock(ROW_LOCK).where('c.id = :id', { id }).getOne();
      if (!complaint) throw ComplaintErrors.notFound();
      const from = complaint.status;
      assertComplaintTransition(from, to);
      const final = to !== 'investigating';
      await m.update(Complaint, { id }, { status: to, updatedAt: now, ...(final ? { resolutionReason: reason.trim(), resolvedAt: now } : {}) });
      Object.assign(complaint, { status: to, updatedAt: now, ...(final ? { resolutionReason: reason.trim(), resolvedAt: now } : {}) });
      await this.transition(m, complaint, from, to, reason.trim(), principal, now);
      await this.audit.record({ action: `complaint.${to}`, principal, entityType: 'complaint', entityId: id, partyOrgIds: this.parties(complaint), changes: { status: { before: from, after: to }, reason: reason.trim() } }, m);
      if (to === 'upheld' || to === 'dismissed') {
        await this.outbox.record(m, {
          type: to === 'upheld' ? ('complaint.upheld' as const) : ('complaint.dismissed' as const),
          aggregateType: 'complaint',
          aggregateId: id,
          orgIds: this.parties(complaint),
          payload: { ...this.payloadOf(complaint), reason: reason.trim() },
        });
      }
      if (to === 'upheld') await this.openReviewIfDue(m, complaint.partnerOrgId, now);
    });
    return this.get(principal, id);
  }

  async reviews(query: ReviewListQuery) {
    const qb = this.dataSource.getRepository(SuspensionReview).createQueryBuilder('r');
    if (query.status) qb.where('r.status = :status', { status: query.status });
    const { items, nextCursor } = await paginate(qb, query);
    return { data: items.map(presentReview), next_cursor: nextCursor };
  }

  async closeReview(principal: Principal, id: string, dto: CloseReviewDto) {
    if (!isUuid(id)) throw ComplaintErrors.reviewNotFound();
    const now = this.clock.now();
    const review = await this.dataSource.transaction(async (m) => {
      const row = await m.getRepository(SuspensionReview).createQueryBuilder('r').setLock(ROW_LOCK).where('r.id = :id', { id }).getOne();
      if (!row) throw ComplaintErrors.reviewNotFound();
      if (row.status !== 'open') throw conflict('suspension_review.closed', 'The review is already closed.', { current: row.status });
      const changes = { status: 'closed' as const, closedAt: now, closedByUserId: principal.userId, outcome: dto.outcome, closeReason: dto.reason.trim() };
      await m.update(SuspensionReview, { id }, changes);
      await this.audit.record({ action: 'suspension_review.close', principal, entityType: 'suspension_review', entityId: id, partyOrgIds: [row.partnerOrgId], changes: { status: { before: 'open', after: 'closed' }, outcome: dto.outcome, reason: dto.reason.trim() } }, m);
      return { ...row, ...changes };
    });
    return presentReview(review);
  }

  /** DESIGN §6: the threshold (data: `complaint_review_policy`) opens one review per partner at a time. */
  private async openReviewIfDue(m: EntityManager, partnerOrgId: string, now: Date): Promise<void> {
    const policy = await m.findOneByOrFail(ComplaintReviewPolicyRow, { id: 'platform' });
    const upheld = await m
      .getRepository(Complaint)
      .createQueryBuilder('c')
      .where(`c.partnerOrgId = :partnerOrgId AND c.status = 'upheld' AND c.resolvedAt > :from`, { partnerOrgId, from: new Date(now.getTime() - policy.windowDays * 86_400_000) })
      .getMany();
    const { due, count } = reviewDue(upheld.map((c) => c.resolvedAt!), now, { upheldThreshold: policy.upheldThreshold, windowDays: policy.windowDays });
    if (!due) return;
    const inserted = (await m.query(
      `INSERT INTO suspension_reviews (partner_org_id, status, upheld_count, window_days, complaint_ids, opened_at) VALUES ($1, 'open', $2, $3, $4, $5)
       ON CONFLICT (partner_org_id) WHERE status = 'open' DO NOTHING RETURNING id`,
      [partnerOrgId, count, policy.windowDays, upheld.map((c) => c.id), now],
    )) as { id: string }[];
    const review = inserted[0];
    if (!review) return;
    await this.outbox.record(m, {
      type: 'partner.suspension_review_opened' as const,
      aggregateType: 'partner',
      aggregateId: partnerOrgId,
      orgIds: [partnerOrgId],
      payload: { review_id: review.id, partner_org_id: partnerOrgId, upheld_count: count, window_days: policy.windowDays, complaint_ids: upheld.map((c) => c.id) },
    });
  }

  /** Lenders see complaints they filed or about their jobs; partners those against them; platform staff all. */
  private visible(principal: Principal) {
    const qb = this.dataSource.getRepository(Complaint).createQueryBuilder('c');
    if (principal.orgKind === 'platform') return qb.where('TRUE');
    if (principal.orgKind === 'lender') return qb.where('(c.lenderOrgId = :org OR c.filedByOrgId = :org)', { org: principal.orgId });
    return qb.where('c.partnerOrgId = :org', { org: principal.orgId });
  }

  private async transition(m: EntityManager, complaint: Complaint, from: ComplaintStatus | null, to: ComplaintStatus, reason: string, principal: Principal, at: Date) {
    await m.insert(ComplaintTransition, { complaintId: complaint.id, fromStatus: from, toStatus: to, reason, actorOrgId: principal.orgId, actorUserId: principal.userId, actorApiKeyId: principal.apiKeyId, at });
  }

  private async historyOf(ids: readonly string[]): Promise<Map<string, ComplaintTransition[]>> {
    const map = new Map<string, ComplaintTransition[]>();
    if (ids.length === 0) return map;
    const rows = await this.dataSource.getRepository(ComplaintTransition).createQueryBuilder('t').where('t.complaintId IN (:...ids)', { ids }).orderBy('t.at', 'ASC').addOrderBy('t.id', 'ASC').getMany();
    for (const row of rows) map.set(row.complaintId, [...(map.get(row.complaintId) ?? []), row]);
    return map;
  }

  private parties(c: Complaint): string[] {
    return [c.partnerOrgId, ...(c.lenderOrgId ? [c.lenderOrgId] : []), c.filedByOrgId];
  }

  private payloadOf(c: Complaint) {
    return { complaint_id: c.id, partner_org_id: c.partnerOrgId, job_id: c.jobId, work_kind: c.workKind, lender_org_id: c.lenderOrgId, category: c.category };
  }
}

export function presentComplaint(c: Complaint, history: readonly ComplaintTransition[]) {
  return {
    id: c.id,
    partner_org_id: c.partnerOrgId,
    job_id: c.jobId,
    lender_org_id: c.lenderOrgId,
    filed_by_org_id: c.filedByOrgId,
    on_behalf_of_borrower: c.onBehalfOfBorrower,
    category: c.category,
    description: c.description,
    status: c.status,
    resolution_reason: c.resolutionReason,
    history: history.map((t) => ({ from_status: t.fromStatus, to_status: t.toStatus, reason: t.reason, actor: { org_id: t.actorOrgId, user_id: t.actorUserId, api_key_id: t.actorApiKeyId }, at: t.at.toISOString() })),
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
    resolved_at: c.resolvedAt?.toISOString() ?? null,
  };
}

function presentReview(r: SuspensionReview) {
  return {
    id: r.id,
    partner_org_id: r.partnerOrgId,
    status: r.status,
    upheld_count: r.upheldCount,
    window_days: r.windowDays,
    complaint_ids: r.complaintIds,
    opened_at: r.createdAt.toISOString(),
    closed_at: r.closedAt?.toISOString() ?? null,
    outcome: r.outcome,
    close_reason: r.closeReason,
  };
}
