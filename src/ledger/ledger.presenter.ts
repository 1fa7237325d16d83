import { money } from '../common/money';
import { AccountPurpose, EntrySide, NORMAL_SIDE } from './domain/account-purpose';
import { LedgerAccount } from './ledger-account.entity';
import { LedgerTransaction } from './ledger-transaction.entity';

export interface EntryRow {
  readonly transaction_id: string;
  readonly account_id: string;
  readonly org_id: string | null;
  readonly purpose: AccountPurpose;
  readonly line: number;
  readonly side: EntrySide;
  readonly amount: string;
  readonly currency: string;
  readonly memo: string | null;
}

/** A balance positive on the account's normal side (a receivable due, a payable owed). */
export function presentBalance(account: LedgerAccount, net: { debits: number; credits: number }) {
  const debitNormal = NORMAL_SIDE[account.purpose] === 'debit';
  return {
    account_id: account.id,
    org_id: account.orgId,
    purpose: account.purpose,
    normal_side: NORMAL_SIDE[account.purpose],
    balance: money(debitNormal ? net.debits - net.credits : net.credits - net.debits, account.currency),
    debits: money(net.debits, account.currency),
    credits: money(net.credits, account.currency),
    opened_at: account.createdAt.toISOString(),
  };
}

export function presentEntry(e: EntryRow) {
  return { account_id: e.account_id, org_id: e.org_id, purpose: e.purpose, line: e.line, side: e.side, amount: money(Number(e.amount), e.currency), memo: e.memo };
}

export function presentTransaction(t: LedgerTransaction, entries: readonly EntryRow[]) {
  return {
    id: t.id,
    idempotency_key: t.idempotencyKey,
    reason: t.reason,
    reason_id: t.reasonId,
    memo: t.memo,
    reverses_id: t.reversesId,
    posted_at: t.createdAt.toISOString(),
    entries: entries.map(presentEntry),
  };
}
