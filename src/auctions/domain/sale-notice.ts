import { addDays, calendarDateOf, CalendarDate } from '../../common/calendar/calendar-date';
import { add, Money, sum } from '../../common/money';
import { formatMoney } from '../../common/money/money-text';

/** How long after a notice of plan to sell the sale may happen, and where that comes from. */
export interface NoticePeriod {
  readonly region: string;
  readonly days: number;
  readonly source: string;
}

/**
 * DESIGN §7: 10 days by default — a notice sent 10 days or more before the earliest time of
 * disposition is sent within a reasonable time (UCC §9-612(b)) — and longer where the
 * jurisdiction says so (data, one row per region).
 */
export const DEFAULT_NOTICE_PERIOD: NoticePeriod = { region: '*', days: 10, source: 'UCC §9-612(b): 10 days before the earliest time of disposition' };
export const NOTICE_PERIODS: readonly NoticePeriod[] = [{ region: 'US-CA', days: 15, source: 'Cal. Civ. Code §2983.2(a): at least 15 days’ notice of intent to dispose' }];

export function noticePeriodFor(region: string): NoticePeriod {
  return NOTICE_PERIODS.find((p) => p.region === region) ?? DEFAULT_NOTICE_PERIOD;
}

/** The first day the vehicle may be sold: the notice's date plus the region's period, in calendar days. */
export function earliestSaleOn(sentOn: CalendarDate, region: string): CalendarDate {
  return addDays(sentOn, noticePeriodFor(region).days);
}

export type NoticeGate =
  | { readonly open: true }
  | { readonly open: false; readonly reason: 'no_notice' }
  | { readonly open: false; readonly reason: 'period_not_passed'; readonly earliestOn: CalendarDate };

/** Whether a lot may open at `startsAt` given the vehicle's latest notice (UTC days: the period has passed by 00:00 of the earliest day). */
export function saleNoticeGate(notice: { readonly sentOn: CalendarDate; readonly region: string } | null, startsAt: Date): NoticeGate {
  if (!notice) return { open: false, reason: 'no_notice' };
  const earliestOn = earliestSaleOn(notice.sentOn, notice.region);
  return calendarDateOf(startsAt) >= earliestOn ? { open: true } : { open: false, reason: 'period_not_passed', earliestOn };
}

export interface NoticeExpense {
  readonly label: string;
  readonly amount: Money;
}

/** UCC §9-623(b): to redeem, the borrower pays every obligation the vehicle secures plus the expenses of retaking, holding and preparing it so far. */
export function redemptionAmount(obligation: Money, expenses: readonly NoticeExpense[]): Money {
  return add(obligation, sum(expenses.map((e) => e.amount), obligation.currency));
}

/** The fields of expenses not in the case's currency (amounts in different currencies are never added, DESIGN §2). */
export function foreignExpenseFields(expenses: readonly NoticeExpense[], currency: string): string[] {
  return expenses.flatMap((e, i) => (e.amount.currency === currency ? [] : [`expenses[${i}].amount.currency`]));
}

/** UCC §9-614(1)(B): a consumer-goods notice describes the liability for a deficiency. */
export const DEFICIENCY_WARNING =
  'If the vehicle sells for less than you owe (including the expenses of taking, storing and selling it), you will still owe us the difference. If it sells for more, you will get the extra money, unless we must pay it to someone else.';

export interface SaleNoticeFacts {
  readonly vin: string;
  readonly vehicle: string;
  readonly lender: string;
  readonly sentOn: CalendarDate;
  readonly method: string;
  readonly obligation: Money;
  readonly expenses: readonly NoticeExpense[];
  readonly contact: { readonly name: string; readonly phone: string; readonly address: string | null };
  readonly region: string;
}

/**
 * The notice's text (UCC §9-613(1), §9-614(1) for consumer goods): who, the vehicle, that it will
 * be sold at a public online auction no earlier than the earliest date, the right to an
 * accounting, the deficiency liability, the amount to redeem and a telephone number to call.
 */
export function saleNoticeText(f: SaleNoticeFacts): string {
  const redeem = redemptionAmount(f.obligation, f.expenses);
  const expenseLines = f.expenses.map((e) => `  - ${e.label}: ${formatMoney(e.amount)}`);
  return [
    `NOTICE OF OUR PLAN TO SELL PROPERTY (sent ${f.sentOn} by ${f.method.replace(/_/g, ' ')})`,
    `From: ${f.lender}`,
    `We have your ${f.vehicle} (VIN ${f.vin}) because you broke promises in our agreement.`,
    `We will sell it at a public online auction on the Reclaim platform on or after ${earliestSaleOn(f.sentOn, f.region)}.`,
    `You can get the property back at any time before we sell it by paying us the full amount you owe (not just the past due payments), including our expenses. As of ${f.sentOn} that amount is ${formatMoney(redeem)}:`,
    `  - amount owed on the loan: ${formatMoney(f.obligation)}`,
    ...expenseLines,
    DEFICIENCY_WARNING,
    'You are entitled to an accounting of the unpaid debt; you may request it from us.',
    `To learn the exact amount you must pay, or for more information, call ${f.contact.name} at ${f.contact.phone}${f.contact.address ? ` or write to ${f.contact.address}` : ''}.`,
  ].join('\n');
}
