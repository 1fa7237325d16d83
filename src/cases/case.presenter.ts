import { Money } from '../common/money';
import type { VehicleSummary } from '../vehicles/vehicles.service';
import { Case } from './case.entity';
import { balanceOf } from './domain/balance';
import { CASE_FLAGS, isOnHold, listingBlockers } from './domain/case-status';
import { assessDelinquency } from './domain/delinquency';
import { PlacementBorrower } from './domain/placement-row';

/** The JSON shape of a case: snake_case, money as `{ amount, currency }`, delinquency as of `asOf`. */
export function presentCase(row: Case, options: { asOf: string; borrower: PlacementBorrower; revealed: boolean; vehicle: Omit<VehicleSummary, 'caseId'> | null }) {
  const m = (amount: number): Money => ({ amount, currency: row.currency });
  const flags = CASE_FLAGS.filter((f) => row.flags.includes(f));
  return {
    id: row.id,
    external_ref: row.externalRef,
    product: row.product,
    status: row.status,
    balances: { principal: m(row.principal), interest: m(row.interest), fees: m(row.fees), total_due: balanceOf(row) },
    origination_date: row.originationDate,
    first_missed_due_date: row.firstMissedDueDate,
    last_payment_date: row.lastPaymentDate,
    delinquency: { as_of: options.asOf, ...assessDelinquency(row.firstMissedDueDate, options.asOf) },
    borrower: options.borrower,
    pii: options.revealed ? 'revealed' : 'masked',
    flags,
    on_hold: isOnHold(flags),
    listing_blockers: listingBlockers(flags).map((b) => ({ flag: b.flag, reason: b.reason })),
    assigned_org_id: row.assignedOrgId,
    vehicle: options.vehicle
      ? { id: options.vehicle.id, vin: options.vehicle.vin, status: options.vehicle.status, make: options.vehicle.make, model: options.vehicle.model, year: options.vehicle.year }
      : null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export type CaseView = ReturnType<typeof presentCase>;
