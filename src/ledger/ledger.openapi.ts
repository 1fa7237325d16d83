import { arrayOf, dateTime, defineSchema, enumOf, integer, MoneySchema, nullable, objectOf, text, uuid } from '../common/openapi/schema';
import { ACCOUNT_PURPOSES, ENTRY_SIDES, POSTING_REASONS } from './domain/account-purpose';

/** The shapes of `ledger.presenter.ts` (DESIGN §8). */
export const LedgerBalanceSchema = defineSchema(
  'LedgerBalance',
  objectOf({
    account_id: uuid,
    org_id: nullable(uuid),
    purpose: enumOf(ACCOUNT_PURPOSES),
    normal_side: enumOf(ENTRY_SIDES, 'the side that increases the account; balance is positive on it'),
    balance: MoneySchema,
    debits: MoneySchema,
    credits: MoneySchema,
    opened_at: dateTime,
  }),
);

export const LedgerEntrySchema = defineSchema(
  'LedgerEntry',
  objectOf({ account_id: uuid, org_id: nullable(uuid), purpose: enumOf(ACCOUNT_PURPOSES), line: integer, side: enumOf(ENTRY_SIDES), amount: MoneySchema, memo: nullable(text) }),
);

export const LedgerTransactionSchema = defineSchema(
  'LedgerTransaction',
  objectOf({
    id: uuid,
    idempotency_key: text,
    reason: enumOf(POSTING_REASONS),
    reason_id: text,
    memo: nullable(text),
    reverses_id: nullable(uuid),
    posted_at: dateTime,
    entries: arrayOf(LedgerEntrySchema, "the entries on the caller's accounts (platform staff: all)"),
  }),
);
