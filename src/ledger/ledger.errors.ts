import { FieldError } from '../common/problem/problem';
import { conflict, DomainError, notFound, unprocessable } from '../common/problem/problem';

/** The refusals of the ledger (DESIGN §8), with their stable codes. */
export const LedgerErrors = {
  accountNotFound: () => notFound('ledger_account'),
  transactionNotFound: () => notFound('ledger_transaction'),
  invalidPosting: (errors: readonly FieldError[]): DomainError =>
    unprocessable(errors.some((e) => e.code === 'ledger.unbalanced') ? 'ledger.unbalanced' : 'ledger.invalid_posting', 'The transaction may not be posted.', {}, errors),
  idempotencyConflict: (key: string, existingId: string) =>
    conflict('ledger.idempotency_conflict', `A different transaction was already posted under the idempotency key "${key}".`, { transaction_id: existingId }),
  alreadyReversed: (id: string, reversalId: string) => conflict('ledger.already_reversed', `Transaction ${id} was already reversed.`, { transaction_id: id, reversal_id: reversalId }),
  reversalOfReversal: (id: string) => conflict('ledger.reversal_of_reversal', `Transaction ${id} is itself a reversal; post a new transaction instead.`, { transaction_id: id }),
};
