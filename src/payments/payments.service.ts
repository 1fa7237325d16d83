import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CaseLifecycleService } from '../cases/case-lifecycle.service';
import { Clock } from '../common/clock/clock';
import { isUniqueViolation } from '../common/database/unique-violation';
import { Money, money } from '../common/money';
import { OutboxService } from '../common/outbox/outbox.service';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { CommissionJob, JobCommissions } from '../jobs/job-commissions.service';
import { commissionEarned } from '../ledger/domain/posting-rules';
import { LedgerService } from '../ledger/ledger.service';
import { FeeQuoteError } from '../marketplace/domain/fee-engine';
import { allocatePayment } from './domain/allocation';
import { Commission, commissionFor, platformFeeFor } from './domain/commission';
import { earningJob } from './domain/tail-period';
import { ConfirmPaymentDto } from './dto/payment.dto';
import { Payment } from './payment.entity';
import { PaymentErrors } from './payments.errors';
import { presentPayment, PaymentView } from './payments.presenter';
import { PlatformFeesService } from './platform-fees.service';
import { ROW_LOCK } from '../common/database/row-lock';

/** The ledger key of a payment's commission, and of its reversal: one posting each, ever. */
export const paymentPostingKey = (paymentId: string) => `payment:${paymentId}`;
const reversalPostingKey = (paymentId: string) => `payment:${paymentId}:reversal`;

/**
 * Confirmed payments (DESIGN §8): a lender (or its loan system, with an API key) confirms what a
 * borrower paid. In one transaction, under the case's row lock: allocation fees → interest →
 * principal, the case's balances reduced (and the case resolved when nothing is due), and the
 * commission of the job that earned it, at that job's frozen terms, posted to the ledger.
 */
@Injectable()
export class PaymentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CaseLifecycleService,
    private readonly jobs: JobCommissions,
    private readonly ledger: LedgerService,
    private readonly platformFees: PlatformFeesService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  async confirm(principal: Principal, caseId: string, dto: ConfirmPaymentDto): Promise<PaymentView> {
    const today = this.clock.today();
    if (dto.received_on > today) throw PaymentErrors.receivedInFuture(dto.received_on, today);
    try {
      return await this.dataSource.transaction((manager) => this.confirmIn(manager, principal, caseId, dto));
    } catch (err) {
      // Two confirmations of one reported payment at once: the partial unique index lets one through.
      if (isUniqueViolation(err, 'payments_report_confirmed_once')) throw PaymentErrors.reportAlreadyConfirmed(null);
      throw err;
    }
  }

  private async confirmIn(manager: EntityManager, principal: Principal, caseId: string, dto: ConfirmPaymentDto): Promise<PaymentView> {
    const c = await this.cases.lockForPayment(manager, principal.orgId, caseId, dto.received_on);
    const currency = c.balances.currency;
    if (dto.amount.currency !== currency) throw PaymentErrors.currencyMismatch(dto.amount.currency, currency);
    const allocated = allocatePayment(c.balances, dto.amount.amount);
    if (!allocated.ok) throw PaymentErrors.exceedsTotalDue(dto.amount.amount, allocated.totalDue, currency);
    if (dto.reported_event_id) {
      if (!(await this.jobs.reportedPayment(manager, principal.orgId, c.id, dto.reported_event_id))) throw PaymentErrors.reportedEventNotFound();
      const prior = await manager.getRepository(Payment).findOneBy({ reportedEventId: dto.reported_event_id, status: 'confirmed' });
      if (prior) throw PaymentErrors.reportAlreadyConfirmed(prior.id);
    }

    const id = randomUUID();
    const amount = money(dto.amount.amount, currency);
    const candidates = (await this.jobs.earningOn(manager, principal.orgId, c.id)).map((j) => ({ ...j, since: new Date(j.frozenTerms.effective_at) }));
    const earning = earningJob(candidates, dto.received_on);
    const earned = earning ? await this.earn(manager, earning.job, { paymentId: id, lenderOrgId: principal.orgId, amount, bucket: c.delinquency.bucket, reference: dto.reference }) : null;
    const commission = earned?.commission ?? { amount: money(0, currency), lines: [] };
    const platformFee = earned?.platformFee ?? money(0, currency);
    const platformScheduleId = earned?.platformScheduleId ?? null;
    const ledgerTransactionId = earned?.ledgerTransactionId ?? null;

    const now = this.clock.now();
    const payment = manager.create(Payment, {
      id,
      orgId: principal.orgId,
      caseId: c.id,
      amount: amount.amount,
      currency,
      receivedOn: dto.received_on,
      method: dto.method,
      reference: dto.reference,
      reportedEventId: dto.reported_event_id ?? null,
      feesPaid: allocated.allocation.fees,
      interestPaid: allocated.allocation.interest,
      principalPaid: allocated.allocation.principal,
      jobId: earning?.job.id ?? null,
      partnerOrgId: earning?.job.partnerOrgId ?? null,
      tailPeriod: earning?.tail ?? false,
      commission: commission.amount.amount,
      platformFee: platformFee.amount,
      commissionLines: [...commission.lines],
      platformFeeScheduleId: platformScheduleId,
      ledgerTransactionId,
      status: 'confirmed',
      reversedAt: null,
      reversalReason: null,
      reversalLedgerTransactionId: null,
      createdByUserId: principal.userId,
      createdByApiKeyId: principal.apiKeyId,
      createdAt: now,
      updatedAt: now,
    });
    await manager.getRepository(Payment).insert(payment);
    const after = await this.cases.applyPayment(manager, principal.orgId, c.id, allocated.allocation, 'reduce', { receivedOn: dto.received_on, actor: principal });
    await this.outbox.record(manager, {
      type: 'payment.received' as const,
      aggregateType: 'payment',
      aggregateId: id,
      orgIds: [principal.orgId, ...(payment.partnerOrgId ? [payment.partnerOrgId] : [])],
      payload: {
        payment_id: id,
        case_id: c.id,
        amount,
        job_id: payment.jobId,
        partner_org_id: payment.partnerOrgId,
        commission: commission.amount,
        received_on: dto.received_on,
        tail_period: payment.tailPeriod,
        case_resolved: after.status === 'resolved' && c.status !== 'resolved',
      },
    });
    return presentPayment(payment, { status: after.status, totalDue: after.totalDue });
  }

  /**
   * What a payment earns the job at its frozen terms, posted to the ledger: the commission on the
   * job's running total and the platform's fee out of it (docs/decisions.md). One payment of a
   * job at a time (advisory lock), so two cases of one job cannot both charge its minimum.
   */
  private async earn(manager: EntityManager, job: CommissionJob, p: { paymentId: string; lenderOrgId: string; amount: Money; bucket: string; reference: string }) {
    const { currency } = p.amount;
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`payments:job:${job.id}`]);
    const [sums] = await manager.query(
      `SELECT COALESCE(sum(amount), 0)::text AS recovered, COALESCE(sum(commission), 0)::text AS earned FROM payments WHERE job_id = $1 AND currency = $2 AND status = 'confirmed'`,
      [job.id, currency],
    );
    let commission: Commission;
    try {
      commission = commissionFor({ schedule: job.frozenTerms.effective_schedule, recoveredBefore: money(Number(sums.recovered), currency), earnedBefore: money(Number(sums.earned), currency), payment: p.amount, bucket: p.bucket });
    } catch (err) {
      if (err instanceof FeeQuoteError) throw PaymentErrors.unpricable(err.message);
      throw err;
    }
    const schedule = await this.platformFees.inForce(manager, currency, new Date(job.frozenTerms.effective_at));
    const fee = platformFeeFor({ recoveredBps: schedule?.recoveredBps ?? 0, payment: p.amount, commission: commission.amount });
    if (schedule) commission = { ...commission, lines: [...commission.lines, fee.line] };
    const entries = commissionEarned({ lenderOrgId: p.lenderOrgId, partnerOrgId: job.partnerOrgId, commission: commission.amount, platformFee: fee.amount });
    const posted = entries.length > 0 ? await this.ledger.post(manager, { idempotencyKey: paymentPostingKey(p.paymentId), reason: 'payment', reasonId: p.paymentId, entries, memo: `commission on payment ${p.reference}` }) : null;
    return { commission, platformFee: fee.amount, platformScheduleId: schedule?.id ?? null, ledgerTransactionId: posted?.transaction.id ?? null };
  }

  /**
   * Reverses a confirmed payment (a bounced check, a charge-back): its allocation goes back on
   * the case and its commission is reversed in the ledger, in one transaction under the
   * payment's row lock, so a reversal runs once. A resolved case stays resolved (case-status.ts).
   */
  async reverse(principal: Principal, paymentId: string, reason: string): Promise<PaymentView> {
    if (!isUuid(paymentId)) throw PaymentErrors.notFound();
    return this.dataSource.transaction(async (manager) => {
      const payment = await manager.getRepository(Payment).createQueryBuilder('p').where('p.id = :id AND p.orgId = :orgId', { id: paymentId, orgId: principal.orgId }).setLock(ROW_LOCK).getOne();
      if (!payment) throw PaymentErrors.notFound();
      if (payment.status === 'reversed') throw PaymentErrors.alreadyReversed(payment.id);
      const after = await this.cases.applyPayment(manager, principal.orgId, payment.caseId, { fees: payment.feesPaid, interest: payment.interestPaid, principal: payment.principalPaid }, 'restore', { actor: principal });
      const reversal = payment.ledgerTransactionId ? await this.ledger.reverse(manager, payment.ledgerTransactionId, { idempotencyKey: reversalPostingKey(payment.id), memo: `payment reversed: ${reason}` }) : null;
      const now = this.clock.now();
      payment.status = 'reversed';
      payment.reversedAt = now;
      payment.reversalReason = reason;
      payment.reversalLedgerTransactionId = reversal?.transaction.id ?? null;
      payment.updatedAt = now;
      await manager.getRepository(Payment).update({ id: payment.id }, { status: 'reversed', reversedAt: now, reversalReason: reason, reversalLedgerTransactionId: payment.reversalLedgerTransactionId, updatedAt: now });
      await this.outbox.record(manager, {
        type: 'payment.reversed' as const,
        aggregateType: 'payment',
        aggregateId: payment.id,
        orgIds: [principal.orgId, ...(payment.partnerOrgId ? [payment.partnerOrgId] : [])],
        payload: {
          payment_id: payment.id,
          case_id: payment.caseId,
          amount: money(payment.amount, payment.currency),
          job_id: payment.jobId,
          partner_org_id: payment.partnerOrgId,
          commission: money(payment.commission, payment.currency),
          reason,
        },
      });
      return presentPayment(payment, { status: after.status, totalDue: after.totalDue });
    });
  }
}
