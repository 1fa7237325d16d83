import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CaseLifecycleService } from '../cases/case-lifecycle.service';
import { money } from '../common/money';
import { Page, PageQuery, paginate } from '../common/pagination/pagination';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { JobCommissions } from '../jobs/job-commissions.service';
import { costToCollectBps } from './domain/cost-to-collect';
import { Payment } from './payment.entity';
import { PaymentErrors } from './payments.errors';
import { presentPayment, PaymentView } from './payments.presenter';

export interface CostToCollect {
  readonly recovered: { amount: number; currency: string };
  readonly fees: { amount: number; currency: string };
  readonly cost_to_collect_bps: number | null;
}

/**
 * Reading payments: the lender reads its own; a partner the payments that earned it a
 * commission. Anything else is 404 (DESIGN §2). Lists of a case or a job carry the cost to
 * collect over their confirmed payments (DESIGN §10).
 */
@Injectable()
export class PaymentQueriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CaseLifecycleService,
    private readonly jobs: JobCommissions,
  ) {}

  async get(principal: Principal, id: string): Promise<PaymentView> {
    if (!isUuid(id)) throw PaymentErrors.notFound();
    const row = await this.dataSource
      .getRepository(Payment)
      .createQueryBuilder('p')
      .where('p.id = :id', { id })
      .andWhere('(p.orgId = :orgId OR p.partnerOrgId = :orgId)', { orgId: principal.orgId })
      .getOne();
    if (!row) throw PaymentErrors.notFound();
    return presentPayment(row);
  }

  async forCase(principal: Principal, caseId: string, query: PageQuery): Promise<Page<PaymentView> & { cost_to_collect: CostToCollect }> {
    const [found] = await this.cases.loadForMarketplace(this.dataSource.manager, principal.orgId, [caseId]);
    if (!found) throw PaymentErrors.caseNotFound();
    const qb = this.dataSource.getRepository(Payment).createQueryBuilder('p').where('p.caseId = :caseId AND p.orgId = :orgId', { caseId, orgId: principal.orgId });
    const { items, nextCursor } = await paginate(qb, query);
    return { data: items.map((p) => presentPayment(p)), next_cursor: nextCursor, cost_to_collect: await this.costToCollect('case_id', caseId, found.balance.currency) };
  }

  async forJob(principal: Principal, jobId: string, query: PageQuery): Promise<Page<PaymentView> & { cost_to_collect: CostToCollect }> {
    const job = await this.jobs.visibleTo(this.dataSource.manager, principal, jobId);
    if (!job) throw PaymentErrors.jobNotFound();
    const qb = this.dataSource.getRepository(Payment).createQueryBuilder('p').where('p.jobId = :jobId', { jobId });
    const { items, nextCursor } = await paginate(qb, query);
    return { data: items.map((p) => presentPayment(p)), next_cursor: nextCursor, cost_to_collect: await this.costToCollect('job_id', jobId, job.frozenTerms.effective_schedule.currency) };
  }

  private async costToCollect(column: 'case_id' | 'job_id', id: string, currency: string): Promise<CostToCollect> {
    const [row] = await this.dataSource.query(
      `SELECT COALESCE(sum(amount), 0)::text AS recovered, COALESCE(sum(commission), 0)::text AS fees FROM payments WHERE ${column} = $1 AND currency = $2 AND status = 'confirmed'`,
      [id, currency],
    );
    const recovered = money(Number(row.recovered), currency);
    const fees = money(Number(row.fees), currency);
    return { recovered, fees, cost_to_collect_bps: costToCollectBps(fees, recovered) };
  }
}
