import type { JobOutcome } from '../../jobs/domain/job-lifecycle';
import type { CONTACT_OUTCOMES } from '../../jobs/domain/progress-events';

export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/**
 * The partner scorecard's definitions (DESIGN §10, issue 17), each a rate with the numerator and
 * denominator it came from, so a lender can check it. A rate with nothing to count is null, never
 * 0 or 1: "no history" is not "perfect" or "failed".
 */
export interface Ratio {
  readonly numerator: number;
  readonly denominator: number;
  readonly rate: number | null;
}

/** Rates are shown to 4 decimals, the precision of the award score's breakdown (DESIGN §5). */
const RATE_UNIT = 10_000;

export function ratio(numerator: number, denominator: number): Ratio {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || numerator < 0 || denominator < 0) {
    throw new RangeError(`a ratio needs non-negative integers, got ${numerator}/${denominator}`);
  }
  return { numerator, denominator, rate: denominator === 0 ? null : Math.round((numerator / denominator) * RATE_UNIT) / RATE_UNIT };
}

/**
 * A right-party contact is a conversation with the borrower themself: the outcomes where the
 * debtor was reached and answered (a promise or a dispute can only come from them). Third parties,
 * messages left and delivered letters are attempts, not right-party contacts.
 */
const RIGHT_PARTY_OUTCOMES: ReadonlySet<ContactOutcome> = new Set(['right_party_contact', 'promise_made', 'disputed']);

export function isRightPartyContact(outcome: ContactOutcome): boolean {
  return RIGHT_PARTY_OUTCOMES.has(outcome);
}

/**
 * Job outcomes that are a recovery for the lender: money (in full, settled, a plan), the vehicle
 * back (recovered, redeemed, delivered). A skip trace finds, it does not recover.
 */
const RECOVERY_OUTCOMES: ReadonlySet<JobOutcome> = new Set(['paid_in_full', 'settled', 'payment_plan', 'vehicle_recovered', 'redeemed', 'delivered']);

export function isRecoveryOutcome(outcome: JobOutcome | null): boolean {
  return outcome !== null && RECOVERY_OUTCOMES.has(outcome);
}

/**
 * Days after the promised date a payment still keeps the promise (DESIGN §6 "date plus grace"):
 * banks take a few days to clear a transfer the borrower made on the day.
 */
export const PROMISE_GRACE_DAYS = 3;

export type PromiseStatus = 'kept' | 'broken' | 'pending';

export interface PromiseToPay {
  /** Minor units promised; null for a promise without an amount, which any payment keeps. */
  readonly amount: number | null;
  /** The promised day, YYYY-MM-DD. */
  readonly date: string;
  /** Minor units confirmed on the case from the promise until the date plus grace. */
  readonly paidInTime: number;
}

const DAY_MS = 86_400_000;

function dayStart(day: string): number {
  const t = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(t)) throw new RangeError(`"${day}" is not a date`);
  return t;
}

/** The last day a payment counts toward a promise. */
export function promiseDeadline(date: string): string {
  return new Date(dayStart(date) + PROMISE_GRACE_DAYS * DAY_MS).toISOString().slice(0, 10);
}

/** Kept once paid in full by the date plus grace; broken once that day is over without it; pending until then. */
export function promiseStatus(promise: PromiseToPay, today: string): PromiseStatus {
  if (promise.paidInTime > 0 && promise.paidInTime >= (promise.amount ?? 0)) return 'kept';
  return today > promiseDeadline(promise.date) ? 'broken' : 'pending';
}

/**
 * What an SLA clock that stopped says about the partner (DESIGN §6): `sla_met` of `job.started` (first
 * action) and `job.completed` (completion) is true when met in time and false when met after its due
 * time before the timer ran (the clock's own breach then never comes); null when the clock was no
 * longer running — it already breached, and `job.sla_breached` counted it.
 */
export function slaClockCounts(slaMet: boolean | null): { milestones_on_time?: number; milestones_breached?: number } {
  if (slaMet === null) return {};
  return slaMet ? { milestones_on_time: 1 } : { milestones_breached: 1 };
}

/** Hold escalation starts at 15 minutes and reaches the lender at 1 hour (issue 12): an acknowledgment within the hour is on time. */
export const HOLD_ACKNOWLEDGE_WITHIN_MS = 60 * 60 * 1000;

export function holdAcknowledgedOnTime(heldAt: Date, acknowledgedAt: Date): boolean {
  return acknowledgedAt.getTime() - heldAt.getTime() <= HOLD_ACKNOWLEDGE_WITHIN_MS;
}

/** Days between two instants, to 2 decimals (a median of "0.5 days" says more than "0"). */
export function daysBetween(from: Date, to: Date): number {
  return Math.round(((to.getTime() - from.getTime()) / DAY_MS) * 100) / 100;
}

/** Median with the mean of the two middle values for an even count; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(value * 100) / 100;
}

/** Per currency, in minor units. */
export interface MoneyTotals {
  readonly currency: string;
  readonly assigned: number;
  readonly recovered: number;
  readonly repossession_cost: number;
}

/** The counts a scorecard is built from: the aggregates summed over the months and regions asked for. */
export interface ScorecardCounts {
  readonly jobs_assigned: number;
  /** Work units: a job's cases, or the job itself for work on a vehicle alone. */
  readonly cases_assigned: number;
  readonly cases_recovered: number;
  readonly contact_attempts: number;
  readonly right_party_contacts: number;
  readonly promises_kept: number;
  readonly promises_broken: number;
  /** SLA clocks met in time. */
  readonly milestones_on_time: number;
  /** SLA clocks run out (`job.sla_breached`: first action, silence, completion) or met late. */
  readonly milestones_breached: number;
  readonly duties_started: number;
  readonly duties_breached: number;
  readonly complaints_upheld: number;
  readonly compliance_refusals: number;
  readonly holds: number;
  readonly holds_acknowledged_on_time: number;
  readonly recoveries_voluntary: number;
  readonly recoveries_involuntary: number;
  readonly money: readonly MoneyTotals[];
  readonly days_to_first_action: readonly number[];
  readonly days_to_completion: readonly number[];
}

export interface MoneyMetrics {
  readonly currency: string;
  readonly amount_assigned: number;
  readonly amount_recovered: number;
  readonly recovery_rate_by_amount: Ratio;
  readonly repossession_cost: number;
  /** Repossession fees ÷ repossessions (involuntary and voluntary), minor units, rounded half up. */
  readonly cost_per_repossession: { readonly numerator: number; readonly denominator: number; readonly amount: number | null };
}

export interface ScorecardMetrics {
  readonly jobs_assigned: number;
  readonly cases_assigned: number;
  readonly cases_recovered: number;
  /** Cases recovered ÷ cases assigned (DESIGN §5 performance counts the same units). */
  readonly recovery_rate_by_count: Ratio;
  readonly right_party_contact_rate: Ratio;
  readonly promises_kept_rate: Ratio;
  readonly median_days_to_first_action: { readonly jobs: number; readonly days: number | null };
  readonly median_days_to_completion: { readonly jobs: number; readonly days: number | null };
  readonly sla_breach_rate: Ratio;
  /** Repossession duties (police notification, notice of seizure) breached ÷ started. */
  readonly duty_breach_rate: Ratio;
  /** Upheld complaints per assigned job (DESIGN §5 quality = 1 − this). */
  readonly complaint_rate: Ratio;
  readonly compliance_refusals: Ratio;
  readonly holds_acknowledged_on_time: Ratio;
  readonly voluntary_recovery_share: Ratio;
  readonly recoveries: { readonly voluntary: number; readonly involuntary: number };
  readonly money: readonly MoneyMetrics[];
}

/**
 * Every figure of the scorecard from its counts. Denominators: recovery per case assigned,
 * complaints per job assigned; right-party contacts per contact attempt; promises kept per promise decided (kept or
 * broken, pending ones wait); SLA breaches per SLA clock decided (met or breached); duty
 * breaches per duty started; compliance refusals per attempt
 * tried (accepted + refused); on-time acknowledgments per hold; voluntary share per recovery.
 */
export function scorecardMetrics(c: ScorecardCounts): ScorecardMetrics {
  const repossessions = c.recoveries_voluntary + c.recoveries_involuntary;
  return {
    jobs_assigned: c.jobs_assigned,
    cases_assigned: c.cases_assigned,
    cases_recovered: c.cases_recovered,
    recovery_rate_by_count: ratio(c.cases_recovered, c.cases_assigned),
    right_party_contact_rate: ratio(c.right_party_contacts, c.contact_attempts),
    promises_kept_rate: ratio(c.promises_kept, c.promises_kept + c.promises_broken),
    median_days_to_first_action: { jobs: c.days_to_first_action.length, days: median(c.days_to_first_action) },
    median_days_to_completion: { jobs: c.days_to_completion.length, days: median(c.days_to_completion) },
    sla_breach_rate: ratio(c.milestones_breached, c.milestones_on_time + c.milestones_breached),
    duty_breach_rate: ratio(c.duties_breached, c.duties_started),
    complaint_rate: ratio(c.complaints_upheld, c.jobs_assigned),
    compliance_refusals: ratio(c.compliance_refusals, c.contact_attempts + c.compliance_refusals),
    holds_acknowledged_on_time: ratio(c.holds_acknowledged_on_time, c.holds),
    voluntary_recovery_share: ratio(c.recoveries_voluntary, repossessions),
    recoveries: { voluntary: c.recoveries_voluntary, involuntary: c.recoveries_involuntary },
    money: [...c.money]
      .sort((a, b) => (a.currency < b.currency ? -1 : 1))
      .map((m) => ({
        currency: m.currency,
        amount_assigned: m.assigned,
        amount_recovered: m.recovered,
        recovery_rate_by_amount: ratio(Math.max(0, m.recovered), m.assigned),
        repossession_cost: m.repossession_cost,
        cost_per_repossession: { numerator: m.repossession_cost, denominator: repossessions, amount: repossessions === 0 ? null : Math.round(m.repossession_cost / repossessions) },
      })),
  };
}
