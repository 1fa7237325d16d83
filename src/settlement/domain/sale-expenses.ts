import { money } from '../../common/money';
import { FeeLine, quote } from '../../marketplace/domain/fee-engine';
import { FeeSchedule, FlatFeeEvent } from '../../marketplace/domain/fee-schedule';
import type { VehicleWork, VehicleWorkEvent } from '../../jobs/job-sale-records.service';
import type { YardRate } from '../../partners/storage-yard-rates.service';
import { daysStored, StorageStay } from './holding-charges';
import { EXPENSE_TYPES, ExpenseType, SaleExpense } from './waterfall';

/**
 * The expenses of retaking, holding and moving a vehicle (UCC §9-615(a)(1)) from what was
 * recorded — the jobs' frozen terms and their recovery, storage and transport events — never
 * from an estimate (DESIGN §8; the CFPB found "estimated" repossession fees charged where far
 * less was incurred). Pure: the settlement service gathers the records and calls it.
 */

/** A repossession or transport job on the vehicle as the jobs module records it, and a yard's posted rate. */
export type WorkRecord = VehicleWork;
export type WorkRecordEvent = VehicleWorkEvent;
export type YardDailyRate = Pick<YardRate, 'orgId' | 'name' | 'dailyRate'>;

export interface SaleRecordInput {
  readonly currency: string;
  /** The hammer time: storage runs up to it, and nothing reported after it is a cost of this sale. */
  readonly saleAt: Date;
  readonly works: readonly WorkRecord[];
  readonly yards: ReadonlyMap<string, YardDailyRate>;
}

export interface SaleRecordExpenses {
  /** In §9-615(a)(1) order: retaking, moving, holding. */
  readonly expenses: readonly SaleExpense[];
  /** When the lender took possession: the first recovery reported (UCC §9-616(c)(1)(A) dates from it). */
  readonly possessionAt: Date | null;
  /** Each stay in a yard, with the job that held the vehicle. */
  readonly stays: readonly (StorageStay & { readonly jobId: string })[];
}

/** Ended without the vehicle and after work began: the schedule's close fee (DESIGN §5). */
const CLOSED_EARLY = ['recalled', 'cancelled'];

const TYPE_OF_LINE: Record<string, ExpenseType> = {
  'flat_fee.repossession': 'repossession',
  'flat_fee.voluntary_surrender': 'repossession',
  'flat_fee.close_fee': 'repossession',
  'flat_fee.skip': 'repossession',
  'flat_fee.transport': 'transport',
  distance: 'transport',
  storage: 'storage',
};

/**
 * Each job is priced once by the fee engine on what it recorded, so its minimum and cap bound
 * everything it earned, storage included (fee-engine.ts). A recovery earns the `repossession`
 * (or, when the borrower surrendered, the `voluntary_surrender`) flat fee; each transport its
 * flat fee and its distance; the stays it held the vehicle for, the days actually stored after
 * the free days × the frozen daily rate — or, when the frozen terms price no storage, the
 * yard's posted daily rate with no free days (DESIGN §3). A stay ends at the next storage or
 * transport reported, or at the sale.
 */
export function saleRecordExpenses(input: SaleRecordInput): SaleRecordExpenses {
  const upToSale = (at: Date) => at.getTime() <= input.saleAt.getTime();
  const works = input.works.map((w) => ({ ...w, events: w.events.filter((e) => upToSale(e.at)) }));
  const all = works.flatMap((w) => w.events.map((e) => ({ e, jobId: w.id }))).sort((a, b) => a.e.at.getTime() - b.e.at.getTime());

  const stays = all.flatMap(({ e, jobId }, i) => {
    if (e.type !== 'vehicle_stored') return [];
    const next = all.slice(i + 1).find((x) => x.e.type !== 'vehicle_recovered' && x.e.at.getTime() > e.at.getTime());
    return [{ storedAt: e.at, endedAt: next?.e.at ?? input.saleAt, ...(e.yardId ? { yard: e.yardId } : {}), jobId }];
  });
  const recoveries = all.filter((x) => x.e.type === 'vehicle_recovered');
  const possessionAt = recoveries[0]?.e.at ?? null;

  const expenses: SaleExpense[] = [];
  for (const w of works) {
    const events: FlatFeeEvent[] = [];
    let distanceM = 0;
    for (const e of w.events) {
      if (e.type === 'vehicle_recovered') events.push(e.mode === 'voluntary' ? 'voluntary_surrender' : 'repossession');
      if (e.type === 'vehicle_transported') {
        events.push('transport');
        distanceM += e.distanceM;
      }
    }
    if (CLOSED_EARLY.includes(w.status) && w.startedAt !== null && !w.events.some((e) => e.type === 'vehicle_recovered')) events.push('close_fee');
    const own = stays.filter((s) => s.jobId === w.id);
    const storageDays = own.reduce((t, s) => t + daysStored(s), 0);
    const schedule = withStorageRate(w.schedule, own, input.yards, w.partnerOrgId);
    const priced = quote(schedule, { events, ...(storageDays > 0 ? { storage_days: storageDays } : {}), ...(distanceM > 0 ? { distance_m: distanceM } : {}) });
    const ownType: ExpenseType = w.kind === 'transport' ? 'transport' : 'repossession';
    const fees = priced.lines.filter((l) => TYPE_OF_LINE[l.code] !== undefined && l.amount.amount > 0);
    const job = fees.map((line) => ({ type: TYPE_OF_LINE[line.code]!, amount: line.amount.amount, basis: basisOf(line, w, own, input.yards, schedule !== w.schedule) }));
    // The minimum tops the job up; the cap takes the excess off its last lines (storage first), so
    // every line stays what was charged for it and the job's total is what its terms allow.
    for (const adj of priced.lines.filter((l) => l.code === 'min_fee' || l.code === 'cap')) {
      if (adj.amount.amount > 0) job.push({ type: ownType, amount: adj.amount.amount, basis: `${adj.description.toLowerCase()} ${adj.basis} (${w.title}, frozen terms)` });
      let excess = -adj.amount.amount;
      for (let i = job.length - 1; i >= 0 && excess > 0; i--) {
        const cut = Math.min(excess, job[i]!.amount);
        job[i] = { ...job[i]!, amount: job[i]!.amount - cut, basis: `${job[i]!.basis}; less ${cut} to the ${adj.basis}` };
        excess -= cut;
      }
    }
    for (const e of job) if (e.amount > 0) expenses.push({ type: e.type, amount: money(e.amount, schedule.currency), basis: e.basis, payeeOrgId: w.partnerOrgId, sourceRef: w.id });
  }
  const order = (e: SaleExpense) => EXPENSE_TYPES.indexOf(e.type);
  return { expenses: expenses.map((e, i) => ({ e, i })).sort((a, b) => order(a.e) - order(b.e) || a.i - b.i).map((x) => x.e), possessionAt, stays };
}

/** The frozen schedule, or — when it prices no storage — the rate of the partner's own yard it reported storing in. */
function withStorageRate(schedule: FeeSchedule, stays: readonly StorageStay[], yards: ReadonlyMap<string, YardDailyRate>, partnerOrgId: string): FeeSchedule {
  if (schedule.storage_per_day !== undefined || stays.length === 0) return schedule;
  const yard = stays.map((s) => (s.yard ? yards.get(s.yard) : undefined)).find((y) => y !== undefined && y.orgId === partnerOrgId && y.dailyRate.currency === schedule.currency);
  if (!yard) return schedule;
  const { free_storage_days: _free, ...rest } = schedule;
  return { ...rest, storage_per_day: yard.dailyRate };
}

function basisOf(line: FeeLine, w: WorkRecord, stays: readonly StorageStay[], yards: ReadonlyMap<string, YardDailyRate>, yardRate: boolean): string {
  const terms = `${line.description.toLowerCase()} ${line.basis}`;
  if (line.code !== 'storage') return `${terms} (${w.title}, frozen terms)`;
  const spans = stays.map((s) => `${s.storedAt.toISOString()} → ${s.endedAt.toISOString()}${s.yard && yards.get(s.yard) ? ` at ${yards.get(s.yard)!.name}` : ''}`).join('; ');
  return `${terms}, stored ${spans} (${w.title}, ${yardRate ? "yard's daily rate" : 'frozen terms'})`;
}
