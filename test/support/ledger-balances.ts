import { TestApp } from './test-app';

/** The balance of a USD ledger account on its credit side (revenue and escrow; negative for clearing). */
export async function creditBalance(t: TestApp, purpose: string, orgId: string | null): Promise<number> {
  const [row] = await t.db.query(
    `SELECT COALESCE(SUM(CASE WHEN e.side = 'credit' THEN e.amount ELSE -e.amount END), 0)::int AS credit
       FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
      WHERE a.purpose = $1 AND a.org_id IS NOT DISTINCT FROM $2 AND a.currency = 'USD'`,
    [purpose, orgId],
  );
  return row.credit as number;
}
