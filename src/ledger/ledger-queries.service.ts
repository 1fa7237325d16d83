import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PassThrough, Readable } from 'node:stream';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { csvWriter } from '../common/csv/csv-writer';
import { Page, paginate } from '../common/pagination/pagination';
import { Principal } from '../common/tenancy/principal';
import { TransactionFilterQuery, TransactionListQuery, BalancesQuery } from './dto/ledger-query.dto';
import { LedgerAccount } from './ledger-account.entity';
import { LedgerTransaction } from './ledger-transaction.entity';
import { LedgerErrors } from './ledger.errors';
import { EntryRow, presentBalance, presentTransaction } from './ledger.presenter';

const CSV_COLUMNS = ['transaction_id', 'posted_at', 'reason', 'reason_id', 'reverses_id', 'line', 'account_id', 'org_id', 'purpose', 'side', 'amount', 'currency', 'memo'];
const CSV_PAGE = 500;

/** Calendar dates are read as midnight UTC (DESIGN §2: times in UTC). */
const instant = (value: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);

/**
 * Reading the ledger (DESIGN §8, §11): an org sees its own accounts and the entries on them;
 * platform staff see every account and entry. Tenancy is in the query (DESIGN §2): another
 * org's account id answers 404.
 */
@Injectable()
export class LedgerQueriesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private seesAll(principal: Principal): boolean {
    return principal.orgKind === 'platform';
  }

  async balances(principal: Principal, query: BalancesQuery): Promise<Page<ReturnType<typeof presentBalance>>> {
    const qb = this.dataSource.getRepository(LedgerAccount).createQueryBuilder('a');
    if (!this.seesAll(principal)) qb.where('a.orgId = :orgId', { orgId: principal.orgId });
    if (query.purpose) qb.andWhere('a.purpose = :purpose', { purpose: query.purpose });
    if (query.currency) qb.andWhere('a.currency = :currency', { currency: query.currency });
    const { items, nextCursor } = await paginate(qb, query);
    const sums = await this.sums(items.map((a) => a.id));
    return { data: items.map((a) => presentBalance(a, sums.get(a.id) ?? { debits: 0, credits: 0 })), next_cursor: nextCursor };
  }

  private async sums(accountIds: readonly string[]): Promise<Map<string, { debits: number; credits: number }>> {
    if (accountIds.length === 0) return new Map();
    const rows: { account_id: string; debits: string; credits: string }[] = await this.dataSource.query(
      `SELECT account_id, sum(CASE side WHEN 'debit' THEN amount ELSE 0 END)::text AS debits, sum(CASE side WHEN 'credit' THEN amount ELSE 0 END)::text AS credits
         FROM ledger_entries WHERE account_id = ANY($1) GROUP BY account_id`,
      [accountIds],
    );
    return new Map(rows.map((r) => [r.account_id, { debits: Number(r.debits), credits: Number(r.credits) }]));
  }

  async transactions(principal: Principal, query: TransactionListQuery): Promise<Page<ReturnType<typeof presentTransaction>>> {
    const qb = await this.filtered(principal, query);
    const { items, nextCursor } = await paginate(qb, query);
    const entries = await this.entriesOf(principal, items.map((t) => t.id));
    return { data: items.map((t) => presentTransaction(t, entries.get(t.id) ?? [])), next_cursor: nextCursor };
  }

  /** `GET /v1/ledger/transactions/export.csv`: one line per visible entry, newest transaction first, streamed. */
  async exportCsv(principal: Principal, query: TransactionFilterQuery): Promise<Readable> {
    await this.filtered(principal, query);
    const out = csvWriter(CSV_COLUMNS);
    const stream = new PassThrough();
    out.pipe(stream);
    void (async () => {
      let cursor: string | undefined;
      do {
        const page = await this.transactions(principal, { ...query, limit: CSV_PAGE, ...(cursor ? { cursor } : {}) });
        for (const t of page.data) {
          for (const e of t.entries) {
            const line = [t.id, t.posted_at, t.reason, t.reason_id, t.reverses_id ?? '', e.line, e.account_id, e.org_id ?? '', e.purpose, e.side, e.amount.amount, e.amount.currency, e.memo ?? ''];
            if (!out.write(line)) await new Promise((resolve) => out.once('drain', resolve));
          }
        }
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      out.end();
    })().catch((err: Error) => stream.destroy(err));
    return stream;
  }

  private async filtered(principal: Principal, query: TransactionFilterQuery): Promise<SelectQueryBuilder<LedgerTransaction>> {
    const qb = this.dataSource.getRepository(LedgerTransaction).createQueryBuilder('t');
    if (query.account) {
      const account = await this.dataSource.getRepository(LedgerAccount).findOneBy({ id: query.account });
      if (!account || (!this.seesAll(principal) && account.orgId !== principal.orgId)) throw LedgerErrors.accountNotFound();
      qb.andWhere('EXISTS (SELECT 1 FROM ledger_entries e WHERE e.transaction_id = t.id AND e.account_id = :account)', { account: query.account });
    }
    if (!this.seesAll(principal)) {
      qb.andWhere('EXISTS (SELECT 1 FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE e.transaction_id = t.id AND a.org_id = :orgId)', { orgId: principal.orgId });
    }
    if (query.reason) qb.andWhere('t.reason = :reason', { reason: query.reason });
    if (query.reason_id) qb.andWhere('t.reasonId = :reasonId', { reasonId: query.reason_id });
    if (query.from) qb.andWhere('t.createdAt >= :from', { from: instant(query.from) });
    if (query.to) qb.andWhere('t.createdAt < :to', { to: instant(query.to) });
    return qb;
  }

  private async entriesOf(principal: Principal, transactionIds: readonly string[]): Promise<Map<string, EntryRow[]>> {
    if (transactionIds.length === 0) return new Map();
    const rows: EntryRow[] = await this.dataSource.query(
      `SELECT e.transaction_id, e.account_id, a.org_id, a.purpose, e.line, e.side, e.amount::text AS amount, e.currency, e.memo
         FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
        WHERE e.transaction_id = ANY($1) AND ($2::uuid IS NULL OR a.org_id = $2)
        ORDER BY e.transaction_id, e.line`,
      [transactionIds, this.seesAll(principal) ? null : principal.orgId],
    );
    const byTransaction = new Map<string, EntryRow[]>();
    for (const r of rows) byTransaction.set(r.transaction_id, [...(byTransaction.get(r.transaction_id) ?? []), r]);
    return byTransaction;
  }
}
