import { createHash } from 'node:crypto';
import { Money } from '../../common/money';
import { FieldError } from '../../common/problem/problem';
import { AccountPurpose, EntrySide, PLATFORM_PURPOSES, POSTING_REASONS, PostingReason } from './account-purpose';

/** An account by what it is: its owner (null: the platform), its purpose; its currency is the entry's. */
export interface AccountRef {
  readonly orgId: string | null;
  readonly purpose: AccountPurpose;
}

export interface PostingEntry {
  readonly account: AccountRef;
  readonly side: EntrySide;
  /** Positive minor units; the side says which way it moves. */
  readonly amount: Money;
  readonly memo?: string;
}

export interface Posting {
  readonly idempotencyKey: string;
  readonly reason: PostingReason;
  readonly reasonId: string;
  readonly entries: readonly PostingEntry[];
  readonly memo?: string;
}

/**
 * Why a posting may not be written, empty when it may: two or more entries, positive integer
 * amounts, platform purposes without an org and the others with one, and debits equal to
 * credits in each currency (DESIGN §8; amounts in different currencies are never added, §2).
 * The database checks the balance again when the transaction commits.
 */
export function postingErrors(posting: Pick<Posting, 'reason' | 'reasonId' | 'entries' | 'idempotencyKey'>): FieldError[] {
  const errors: FieldError[] = [];
  if (!posting.idempotencyKey || posting.idempotencyKey.length > 255) errors.push({ field: 'idempotency_key', code: 'ledger.invalid_posting', message: 'an idempotency key of 1 to 255 characters is required' });
  if (!(POSTING_REASONS as readonly string[]).includes(posting.reason)) errors.push({ field: 'reason', code: 'ledger.invalid_posting', message: `reason must be one of ${POSTING_REASONS.join(', ')}` });
  if (!posting.reasonId) errors.push({ field: 'reason_id', code: 'ledger.invalid_posting', message: 'reason_id is required' });
  if (posting.entries.length < 2) errors.push({ field: 'entries', code: 'ledger.too_few_entries', message: 'a transaction has two or more entries' });
  posting.entries.forEach((e, i) => {
    if (!Number.isSafeInteger(e.amount.amount) || e.amount.amount <= 0) {
      errors.push({ field: `entries[${i}].amount`, code: 'ledger.invalid_amount', message: 'an entry moves a positive integer number of minor units' });
    }
    if (!/^[A-Z]{3}$/.test(e.amount.currency)) errors.push({ field: `entries[${i}].amount.currency`, code: 'ledger.invalid_amount', message: 'currency must be an ISO 4217 code' });
    const platform = PLATFORM_PURPOSES.includes(e.account.purpose);
    if (platform !== (e.account.orgId === null)) {
      errors.push({ field: `entries[${i}].account`, code: 'ledger.invalid_account', message: platform ? `${e.account.purpose} is the platform's own account` : `${e.account.purpose} belongs to an org` });
    }
  });
  for (const [currency, { debits, credits }] of totalsByCurrency(posting.entries)) {
    if (debits !== credits) {
      errors.push({ field: 'entries', code: 'ledger.unbalanced', message: `${currency}: debits ${debits} ≠ credits ${credits}` });
    }
  }
  return errors;
}

export function totalsByCurrency(entries: readonly PostingEntry[]): Map<string, { debits: number; credits: number }> {
  const totals = new Map<string, { debits: number; credits: number }>();
  for (const e of entries) {
    const t = totals.get(e.amount.currency) ?? { debits: 0, credits: 0 };
    if (e.side === 'debit') t.debits += e.amount.amount;
    else t.credits += e.amount.amount;
    totals.set(e.amount.currency, t);
  }
  return totals;
}

/**
 * What makes two postings under one idempotency key "the same": reason, reason id and the
 * entries as a multiset (order and memos do not matter).
 */
export function postingFingerprint(posting: Pick<Posting, 'reason' | 'reasonId' | 'entries'>): string {
  const entries = posting.entries.map((e) => [e.account.orgId ?? '', e.account.purpose, e.amount.currency, e.side, String(e.amount.amount)].join('|')).sort();
  return createHash('sha256').update(JSON.stringify([posting.reason, posting.reasonId, entries])).digest('hex');
}

/** The entries that undo these: same accounts and amounts, sides swapped (a correction, DESIGN §8). */
export function reversingEntries(entries: readonly PostingEntry[]): PostingEntry[] {
  return entries.map((e) => ({ ...e, side: e.side === 'debit' ? 'credit' : 'debit' }));
}
