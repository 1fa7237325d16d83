import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { csvWriter } from '../common/csv/csv-writer';
import { Money, money } from '../common/money';
import { OutboxService } from '../common/outbox/outbox.service';
import { Page, PageQuery, paginate } from '../common/pagination/pagination';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { payoutSent } from '../ledger/domain/posting-rules';
import { LedgerService, PostedTransaction } from '../ledger/ledger.service';
import { commissionLine, DraftLine, reversalLine, StatedPayment, statementTotals } from './domain/statement';
import { Payment } from './payment.entity';
import { PaymentErrors } from './payments.errors';
import { Statement, StatementKind, StatementLine } from './statement.entity';
import { presentStatement, presentStatementLine } from './statements.presenter';

/** What a payout needs of a statement (issue 14, for the payouts of the Stripe work). */
export interface PayableStatement {
  readonly id: string;
  readonly partnerOrgId: string;
  readonly netPayable: Money;
  readonly status: Statement['status'];
  readonly payoutLedgerTransactionId: string | null;
}

/** The ledger key of a statement's payout: a statement is paid once, however many times it is asked. */
/** One posting per payout attempt: an attempt whose transfer Stripe reversed leaves the next one free to post. */
export const payoutPostingKey = (statementId: string, attempt: number) => (attempt === 1 ? `payout:${statementId}` : `payout:${statementId}:${attempt}`);

const CSV_COLUMNS = ['line', 'kind', 'posted_at', 'payment_id', 'job_id', 'case_id', 'lender_org_id', 'recovered', 'commission', 'platform_fee', 'net', 'currency', 'basis'];

/**
 * Partner statements (DESIGN §8): what a partner earned in a currency since its previous
 * statement, issued closed. Lines are the commission postings and reversals not yet on any
 * statement, so a correction after issue lands on the next. Issued monthly (the first of the
 * month, `StatementsMonthlyJob`) and on demand; one issuance per partner and currency at a time.
 */
@Injectable()
export class StatementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /**
   * Issues the statement of everything unstated before `periodEnd`, in the caller's transaction;
   * null when there is nothing to state. A monthly statement for the
   * same period end is issued once (unique), so a repeated job run answers the existing one.
   */
  async issue(manager: EntityManager, partnerOrgId: string, currency: string, kind: StatementKind, periodEnd: Date): Promise<Statement | null> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`statements:${partnerOrgId}:${currency}`]);
    if (kind === 'monthly') {
      const existing = await manager.getRepository(Statement).findOneBy({ partnerOrgId, currency, kind, periodEnd });
      if (existing) return existing;
    }
    const previous = await manager.getRepository(Statement).findOne({ where: { partnerOrgId, currency }, order: { issuedAt: 'DESC', id: 'DESC' } });
    const lines = await this.unstated(manager, partnerOrgId, currency, periodEnd);
    const totals = statementTotals(lines, previous?.netPayable ?? null);
    // A carried negative waits for a statement with lines; a statement of nothing but a carry would carry itself forever.
    if (lines.length === 0) return null;
    const now = this.clock.now();
    const statement = manager.create(Statement, {
      id: randomUUID(),
      partnerOrgId,
      currency,
      kind,
      periodStart: previous?.periodEnd ?? null,
      periodEnd,
      ...totals,
      lineCount: lines.length,
      status: 'issued',
      paidAt: null,
      payoutVia: null,
      payoutReference: null,
      payoutLedgerTransactionId: null,
      issuedAt: now,
      createdAt: now,
    });
    await manager.getRepository(Statement).insert(statement);
    if (lines.length > 0) {
      await manager.getRepository(StatementLine).insert(lines.map((l, i) => ({ ...l, basis: [...l.basis], statementId: statement.id, line: i + 1 })));
    }
    await this.outbox.record(manager, {
      type: 'statement.issued' as const,
      aggregateType: 'statement',
      aggregateId: statement.id,
      orgIds: [partnerOrgId],
      payload: { statement_id: statement.id, partner_org_id: partnerOrgId, kind, period_end: periodEnd.toISOString(), net_payable: money(statement.netPayable, currency), line_count: lines.length },
    });
    return statement;
  }

  /** The commission postings and reversals of a partner in a currency, posted before `before`, on no statement yet. */
  private async unstated(manager: EntityManager, partnerOrgId: string, currency: string, before: Date): Promise<DraftLine[]> {
    const rows = await manager
      .getRepository(Payment)
      .createQueryBuilder('p')
      .where('p.partnerOrgId = :partnerOrgId AND p.currency = :currency', { partnerOrgId, currency })
      .andWhere(
        `((p.ledgerTransactionId IS NOT NULL AND p.createdAt < :before AND NOT EXISTS (SELECT 1 FROM statement_lines s WHERE s.ledger_transaction_id = p.ledger_transaction_id))
          OR (p.reversalLedgerTransactionId IS NOT NULL AND p.reversedAt < :before AND NOT EXISTS (SELECT 1 FROM statement_lines s WHERE s.ledger_transaction_id = p.reversal_ledger_transaction_id)))`,
        { before },
      )
      .orderBy('p.createdAt', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .getMany();
    const stated = new Set<string>(
      rows.length === 0
        ? []
        : (
            await manager.query(`SELECT ledger_transaction_id FROM statement_lines WHERE ledger_transaction_id = ANY($1)`, [
              rows.flatMap((p) => [p.ledgerTransactionId, p.reversalLedgerTransactionId].filter((id): id is string => id !== null)),
            ])
          ).map((r: { ledger_transaction_id: string }) => r.ledger_transaction_id),
    );
    const lines: DraftLine[] = [];
    for (const p of rows) {
      const s = statedPayment(p);
      if (p.ledgerTransactionId && p.createdAt < before && !stated.has(p.ledgerTransactionId)) lines.push(commissionLine(s, p.ledgerTransactionId, p.createdAt));
      if (p.reversalLedgerTransactionId && p.reversedAt && p.reversedAt < before && !stated.has(p.reversalLedgerTransactionId)) {
        lines.push(reversalLine(s, p.reversalLedgerTransactionId, p.reversedAt, p.reversalReason ?? ''));
      }
    }
    return lines;
  }

  /** Partner and currency pairs with something unstated before `before`: whom the monthly run issues for. */
  async partnersToState(before: Date): Promise<{ partnerOrgId: string; currency: string }[]> {
    const rows: { partner_org_id: string; currency: string }[] = await this.dataSource.query(
      `SELECT DISTINCT partner_org_id, currency FROM payments p
        WHERE partner_org_id IS NOT NULL AND (
          (ledger_transaction_id IS NOT NULL AND created_at < $1 AND NOT EXISTS (SELECT 1 FROM statement_lines s WHERE s.ledger_transaction_id = p.ledger_transaction_id))
          OR (reversal_ledger_transaction_id IS NOT NULL AND reversed_at < $1 AND NOT EXISTS (SELECT 1 FROM statement_lines s WHERE s.ledger_transaction_id = p.reversal_ledger_transaction_id)))
        ORDER BY partner_org_id, currency`,
      [before],
    );
    return rows.map((r) => ({ partnerOrgId: r.partner_org_id, currency: r.currency }));
  }

  /** `POST /v1/statements`: a partner's statement up to now, for the partner itself or platform staff. */
  async issueOnDemand(principal: Principal, dto: { partner_org_id?: string; currency: string }) {
    const partnerOrgId = principal.orgKind === 'platform' ? dto.partner_org_id : principal.orgId;
    if (!partnerOrgId) throw PaymentErrors.partnerRequired();
    const statement = await this.dataSource.transaction((m) => this.issue(m, partnerOrgId, dto.currency, 'on_demand', this.clock.now()));
    if (!statement) throw PaymentErrors.nothingToState(dto.currency);
    return this.get(principal, statement.id);
  }

  async list(principal: Principal, query: PageQuery & { currency?: string }): Promise<Page<ReturnType<typeof presentStatement>>> {
    const qb = this.dataSource.getRepository(Statement).createQueryBuilder('st');
    if (principal.orgKind !== 'platform') qb.where('st.partnerOrgId = :orgId', { orgId: principal.orgId });
    if (query.currency) qb.andWhere('st.currency = :currency', { currency: query.currency });
    const { items, nextCursor } = await paginate(qb, query);
    return { data: items.map((s) => presentStatement(s)), next_cursor: nextCursor };
  }

  async get(principal: Principal, id: string) {
    const statement = await this.visible(principal, id);
    const lines = await this.dataSource.getRepository(StatementLine).find({ where: { statementId: statement.id }, order: { line: 'ASC' } });
    return presentStatement(statement, lines);
  }

  async exportCsv(principal: Principal, id: string): Promise<Readable> {
    const statement = await this.visible(principal, id);
    const lines = await this.dataSource.getRepository(StatementLine).find({ where: { statementId: statement.id }, order: { line: 'ASC' } });
    const out = csvWriter(CSV_COLUMNS);
    const stream = new PassThrough();
    out.pipe(stream);
    for (const l of lines.map((x) => presentStatementLine(x, statement.currency))) {
      out.write([l.line, l.kind, l.posted_at, l.payment_id, l.job_id, l.case_id, l.lender_org_id, l.recovered.amount, l.commission.amount, l.platform_fee.amount, l.net.amount, statement.currency, l.basis.map((b) => `${b.code}: ${b.basis} = ${b.amount.amount}`).join('; ')]);
    }
    out.end();
    return stream;
  }

  private async visible(principal: Principal, id: string): Promise<Statement> {
    if (!isUuid(id)) throw PaymentErrors.statementNotFound();
    const statement = await this.dataSource.getRepository(Statement).findOneBy(principal.orgKind === 'platform' ? { id } : { id, partnerOrgId: principal.orgId });
    if (!statement) throw PaymentErrors.statementNotFound();
    return statement;
  }

  /** A closed statement's net payable under a row lock, for a payout in the caller's transaction. */
  async lockForPayout(manager: EntityManager, statementId: string): Promise<PayableStatement> {
    if (!isUuid(statementId)) throw PaymentErrors.statementNotFound();
    const s = await manager.getRepository(Statement).createQueryBuilder('st').where('st.id = :id', { id: statementId }).setLock('pessimistic_write').getOne();
    if (!s) throw PaymentErrors.statementNotFound();
    return { id: s.id, partnerOrgId: s.partnerOrgId, netPayable: money(s.netPayable, s.currency), status: s.status, payoutLedgerTransactionId: s.payoutLedgerTransactionId };
  }

  /**
   * Posts a statement's payout (partner payable down, Stripe clearing or cash credited) and marks
   * it paid, in the caller's transaction after `lockForPayout`. Once per payout attempt: the ledger
   * key is the statement id and the attempt, and a statement already paid answers its payout
   * posting unchanged. A statement with nothing payable is refused (422).
   */
  async postPayout(manager: EntityManager, statementId: string, payout: { via: 'stripe' | 'manual'; reference: string; attempt: number }): Promise<PostedTransaction> {
    const s = await this.lockForPayout(manager, statementId);
    if (s.status === 'paid') {
      const existing = s.payoutLedgerTransactionId ? await this.ledger.findById(manager, s.payoutLedgerTransactionId) : null;
      if (!existing) throw new Error(`statement ${s.id} is paid without a payout posting`);
      return { ...(await this.ledger.load(manager, existing)), replayed: true };
    }
    const key = payoutPostingKey(s.id, payout.attempt);
    if (s.netPayable.amount <= 0) throw PaymentErrors.nothingPayable(s.id, s.netPayable);
    const posted = await this.ledger.post(manager, { idempotencyKey: key, reason: 'payout', reasonId: s.id, entries: payoutSent({ partnerOrgId: s.partnerOrgId, amount: s.netPayable, via: payout.via }), memo: payout.reference });
    const now = this.clock.now();
    await manager.getRepository(Statement).update({ id: s.id }, { status: 'paid', paidAt: now, payoutVia: payout.via, payoutReference: payout.reference, payoutLedgerTransactionId: posted.transaction.id });
    return posted;
  }

  /**
   * Stripe reversed the transfer that paid the statement (the caller reversed its postings): the
   * statement is payable again, so the partner can be paid by a new attempt (DESIGN §8).
   */
  async reopenAfterReversal(manager: EntityManager, statementId: string): Promise<void> {
    await this.lockForPayout(manager, statementId);
    await manager.getRepository(Statement).update({ id: statementId, status: 'paid' }, { status: 'issued', paidAt: null, payoutVia: null, payoutReference: null, payoutLedgerTransactionId: null });
  }
}

function statedPayment(p: Payment): StatedPayment {
  return {
    paymentId: p.id,
    jobId: p.jobId as string,
    caseId: p.caseId,
    lenderOrgId: p.orgId,
    currency: p.currency,
    amount: p.amount,
    commission: p.commission,
    platformFee: p.platformFee,
    lines: p.commissionLines,
    reference: p.reference,
  };
}
