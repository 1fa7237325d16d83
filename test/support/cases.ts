import { OrgSession } from './factories';
import { TestApp } from './test-app';

let seq = 0;

/**
 * The one case-row builder: a complete, valid placement row (`POST /v1/cases`, a JSON bulk item)
 * of a delinquent US-TX auto loan (M4+ as of any date after mid-2024). Override any field;
 * `borrower` and `borrower.address` merge field by field, like a PATCH.
 */
export function aCaseRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  const borrower = {
    name: 'Jane Doe',
    phone: '+14155550123',
    email: 'jane.doe@example.com',
    address: { line1: '100 Main St', city: 'Austin', postal_code: '78701' },
    national_id: '123-45-6789',
    timezone: 'America/Chicago',
    region: 'US-TX',
    preferred_language: 'en',
  };
  const { borrower: b, ...rest } = overrides;
  const given = (b ?? {}) as Record<string, unknown>;
  return {
    external_ref: `CASE-${process.pid}-${Date.now()}-${seq}`,
    product: 'auto_loan',
    currency: 'USD',
    principal: 1_000_000,
    interest: 0,
    fees: 0,
    origination_date: '2021-03-15',
    first_missed_due_date: '2024-01-01',
    borrower: { ...borrower, ...given, ...(typeof given.address === 'object' && given.address !== null ? { address: { ...borrower.address, ...given.address } } : {}) },
    ...rest,
  };
}

/** Places a case built by `aCaseRow` as the lender and returns its id. */
export async function placeCase(t: TestApp, lender: OrgSession, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await t.http.post('/v1/cases').set(lender.auth).send(aCaseRow(overrides));
  if (res.status !== 201) throw new Error(`case failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}
