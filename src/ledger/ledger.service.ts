import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { isUniqueViolation } from '../common/database/unique-violation';
import { Money, money } from '../common/money';
import { AccountPurpose, NORMAL_SIDE, PostingReason } from './domain/account-purpose';
import { AccountRef, Posting, PostingEntry, postingErrors, postingFingerprint, reversingEntries } from './domain/posting';
import { LedgerAccount } from './ledger-account.entity';
import { LedgerEntry } from './ledger-entry.entity';
import { LedgerTransaction } from './ledger-transaction.entity';
import { LedgerErrors } from './ledger.errors';

export type { AccountRef, Posting, PostingEntry } from './domain/posting';

/** A posted transaction with its entries; `replayed` when the key had already posted the same content. */
export interface PostedTransaction {
  readonly transaction: LedgerTransaction;
  readonly entries: readonly PostedEntry[];
  readonly replayed: boolean;
}

export interface PostedEntry extends PostingEntry {
  readonly accountId: string;
  readonly line: number;
}

const NIL_ORG = '00000000-0000-0000-0000-000000000000';

/**
 * The double-entry ledger (DESIGN §8), the one way money is written down. Other modules post in
 * their own transaction (`post(manager, …)`); the books balance per currency (checked here and by
 * the database at commit), a key posts once, and a correction is a reversing transaction.
 */
@Injectable()
export class LedgerService {
  constructor(private readonly clock: Clock) {}

  /** The account for (owner, purpose, currency), opened on first use. */
  async accountFor(manager: EntityManager, ref: AccountRef, currency: string): Promise<LedgerAccount> {
    const found = await this.findAccount(manager, ref, currency);
    if (found) return found;
    await manager.query(
      `INSERT INTO ledger_accounts (org_id, purpose, currency, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (COALESCE(org_id, '${NIL_ORG}'::uuid), purpose, currency) DO NOTHING`,
      [ref.orgId, ref.purpose, currency, this.clock.now()],
    );
    const created = await this.findAccount(manager, ref, currency);
    if (!created) throw new Error(`ledger account ${ref.purpose} ${currency} could not be opened`);
    return created;
  }

  async findAccount(manager: EntityManager, ref: AccountRef, currency: string): Promise<LedgerAccount | null> {
    const qb = manager.getRepository(LedgerAccount).createQueryBuilder('a').where('a.purpose = :purpose', { purpose: ref.purpose }).andWhere('a.currency = :currency', { currency });
    if (ref.orgId === null) qb.andWhere('a.orgId IS NULL');
    else qb.andWhere('a.orgId = :orgId', { orgId: ref.orgId });
    return qb.getOne();
  }

  /**
   * Posts a transaction in the caller's transaction. The same idempotency key with the same
   * content answers the transaction already posted (`replayed`); with other content, 409. An
   * invalid or unbalanced posting is 422 and writes nothing.
   */
  async post(manager: EntityManager, posting: Posting, reverses: string | null = null): Promise<PostedTransaction> {
    const errors = postingErrors(posting);
    if (errors.length > 0) throw LedgerErrors.invalidPosting(errors);
    const fingerprint = postingFingerprint(posting);
    const id = randomUUID();
    const now = this.clock.now();
    // The unique key decides a race: a concurrent duplicate waits here for the first to commit.
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO ledger_transactions (id, idempotency_key, fingerprint, reason, reason_id, memo, reverses_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [id, posting.idempotencyKey, fingerprint, posting.reason, posting.reasonId, posting.memo ?? null, reverses, now],
    );
    if (inserted.length === 0) {
      const existing = await manager.getRepository(LedgerTransaction).findOneByOrFail({ idempotencyKey: posting.idempotencyKey });
      if (existing.fingerprint !== fingerprint) throw LedgerErrors.idempotencyConflict(posting.idempotencyKey, existing.id);
      return { ...(await this.load(manager, existing)), replayed: true };
    }
    const entries: PostedEntry[] = [];
    for (const [i, e] of posting.entries.entries()) {
      const account = await this.accountFor(manager, e.account, e.amount.currency);
      entries.push({ ...e, accountId: account.id, line: i + 1 });
    }
    await manager.getRepository(LedgerEntry).insert(
      entries.map((e) => ({ transactionId: id, accountId: e.accountId, line: e.line, side: e.side, amount: e.amount.amount, currency: e.amount.currency, memo: e.memo ?? null, createdAt: now })),
    );
    const transaction = await manager.getRepository(LedgerTransaction).findOneByOrFail({ id });
    return { transaction, entries, replayed: false };
  }

  /**
   * Posts the transaction that undoes `transactionId` (DESIGN §8: a correction is a reversing
   * transaction), under the original's reason unless told otherwise. A transaction is reversed
   * at most once (unique `reverses_id`); reversing it again with the same key replays.
   */
  async reverse(manager: EntityManager, transactionId: string, options: { idempotencyKey: string; memo?: string; reason?: PostingReason; reasonId?: string }): Promise<PostedTransaction> {
    const original = await manager.getRepository(LedgerTransaction).findOneBy({ id: transactionId });
    if (!original) throw LedgerErrors.transactionNotFound();
    if (original.reversesId) throw LedgerErrors.reversalOfReversal(original.id);
    const { entries } = await this.load(manager, original);
    const posting: Posting = {
      idempotencyKey: options.idempotencyKey,
      reason: options.reason ?? original.reason,
      reasonId: options.reasonId ?? original.reasonId,
      entries: reversingEntries(entries.map(({ account, side, amount, memo }) => ({ account, side, amount, ...(memo ? { memo } : {}) }))),
      ...(options.memo ? { memo: options.memo } : {}),
    };
    const replay = await manager.getRepository(LedgerTransaction).findOneBy({ idempotencyKey: options.idempotencyKey });
    if (!replay) {
      const prior = await manager.getRepository(LedgerTransaction).findOneBy({ reversesId: original.id });
      if (prior) throw LedgerErrors.alreadyReversed(original.id, prior.id);
    }
    try {
      return await this.post(manager, posting, original.id);
    } catch (err) {
      // Two reversals under different keys at once: the unique `reverses_id` lets one through.
      if (isUniqueViolation(err, 'ledger_transactions_reversed_once')) throw LedgerErrors.alreadyReversed(original.id, 'concurrent');
      throw err;
    }
  }

  /** The transaction and its entries, with each entry's account as a reference. */
  async load(manager: EntityManager, transaction: LedgerTransaction): Promise<{ transaction: LedgerTransaction; entries: PostedEntry[] }> {
    const rows: { account_id: string; org_id: string | null; purpose: AccountPurpose; line: number; side: 'debit' | 'credit'; amount: string; currency: string; memo: string | null }[] = await manager.query(
      `SELECT e.account_id, a.org_id, a.purpose, e.line, e.side, e.amount, e.currency, e.memo
         FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE e.transaction_id = $1 ORDER BY e.line`,
      [transaction.id],
    );
    return {
      transaction,
      entries: rows.map((r) => ({
        accountId: r.account_id,
        line: r.line,
        account: { orgId: r.org_id, purpose: r.purpose },
        side: r.side,
        amount: money(Number(r.amount), r.currency),
        ...(r.memo ? { memo: r.memo } : {}),
      })),
    };
  }

  async findById(manager: EntityManager, id: string): Promise<LedgerTransaction | null> {
    return manager.getRepository(LedgerTransaction).findOneBy({ id });
  }

  async findByKey(manager: EntityManager, idempotencyKey: string): Promise<LedgerTransaction | null> {
    return manager.getRepository(LedgerTransaction).findOneBy({ idempotencyKey });
  }

  /** The reversal of a transaction, if it was reversed. */
  async reversalOf(manager: EntityManager, transactionId: string): Promise<LedgerTransaction | null> {
    return manager.getRepository(LedgerTransaction).findOneBy({ reversesId: transactionId });
  }

  /** An account's balance from its entries, positive on its normal side (a payable owed, a receivable due). */
  async balance(manager: EntityManager, ref: AccountRef, currency: string): Promise<Money> {
    const account = await this.findAccount(manager, ref, currency);
    if (!account) return money(0, currency);
    const [row] = await manager.query(
      `SELECT COALESCE(sum(CASE side WHEN 'debit' THEN amount ELSE -amount END), 0)::text AS net FROM ledger_entries WHERE account_id = $1`,
      [account.id],
    );
    const net = Number(row.net);
    return money(NORMAL_SIDE[ref.purpose] === 'debit' ? net : 0 - net, currency);
  }

  /** Σ debits − Σ credits per currency over the whole ledger: zero in every currency when the books balance. */
  async trialBalance(manager: EntityManager): Promise<Map<string, { debits: number; credits: number }>> {
    const rows: { currency: string; debits: string; credits: string }[] = await manager.query(
      `SELECT currency, sum(CASE side WHEN 'debit' THEN amount ELSE 0 END)::text AS debits, sum(CASE side WHEN 'credit' THEN amount ELSE 0 END)::text AS credits
         FROM ledger_entries GROUP BY currency ORDER BY currency`,
    );
    return new Map(rows.map((r) => [r.currency, { debits: Number(r.debits), credits: Number(r.credits) }]));
  }
}
