import { Money } from '../../common/money';
import { quote } from '../../marketplace/domain/fee-engine';
import { FeeSchedule } from '../../marketplace/domain/fee-schedule';
import { SaleExpense } from './waterfall';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A vehicle's time in one yard: from `vehicle_stored` to its move, sale or release. */
export interface StorageStay {
  readonly storedAt: Date;
  readonly endedAt: Date;
  readonly yard?: string;
}

/**
 * Days a stay actually lasted: every started 24-hour period counts as a day, as yards bill it
 * (stored 10:00, collected 09:00 two days later: 2 days). A stay that ended before it began is 0.
 */
export function daysStored(stay: StorageStay): number {
  const ms = stay.endedAt.getTime() - stay.storedAt.getTime();
  return ms <= 0 ? 0 : Math.ceil(ms / DAY_MS);
}

/** The storage terms frozen into the storage (or repossession) job at award. */
export type StorageTerms = Pick<FeeSchedule, 'currency' | 'storage_per_day' | 'free_storage_days'>;

/**
 * The storage expense of a sale (UCC §9-615(a)(1) "holding"): the days actually stored over all
 * stays, less the free days once, × the frozen daily rate — priced by the fee engine, the one
 * place fees are computed (DESIGN §5). Null when nothing is chargeable.
 */
export function storageExpense(terms: StorageTerms, stays: readonly StorageStay[], payeeOrgId: string | null, sourceRef?: string): SaleExpense | null {
  const days = stays.reduce((t, s) => t + daysStored(s), 0);
  const schedule: FeeSchedule = { schema_version: 1, currency: terms.currency, ...(terms.storage_per_day ? { storage_per_day: terms.storage_per_day } : {}), ...(terms.free_storage_days !== undefined ? { free_storage_days: terms.free_storage_days } : {}) };
  const line = quote(schedule, { storage_days: days }).lines.find((l) => l.code === 'storage');
  if (!line) return null;
  return { type: 'storage', amount: line.amount, basis: line.basis, payeeOrgId, ...(sourceRef ? { sourceRef } : {}) };
}

/** A personal-property release a yard recorded, with any fee it asked for. */
export interface PersonalPropertyRelease {
  readonly releasedAt: Date;
  readonly feeAsked: Money | null;
}

/**
 * What personal-property releases add to the expenses of a sale: nothing, ever (DESIGN §6; the
 * CFPB has found release fees unfair). A fee a yard asked for is reported, never charged.
 */
export function personalPropertyReleaseCharges(releases: readonly PersonalPropertyRelease[]): { readonly expenses: readonly SaleExpense[]; readonly refused: readonly { readonly amount: Money; readonly reason: string }[] } {
  const refused = releases.flatMap((r) => (r.feeAsked && r.feeAsked.amount !== 0 ? [{ amount: r.feeAsked, reason: 'personal effects are released to the borrower without a release fee (DESIGN §6)' }] : []));
  return { expenses: [], refused };
}
