import { addDays, CalendarDate, toEpochDay } from '../../common/calendar/calendar-date';
import { BuyerPremium, buyerPremiumOf } from './buyer-premium';

/** DESIGN §7: the winner pays within 2 business days of the close. */
export const INVOICE_DUE_BUSINESS_DAYS = 2;

export interface InvoiceAmounts {
  readonly hammer: number;
  readonly buyerPremium: number;
  readonly total: number;
  readonly depositApplied: number;
  readonly balanceDue: number;
  readonly dueOn: CalendarDate;
}

/** Monday–Friday; public holidays are not modelled yet. */
export function addBusinessDays(day: CalendarDate, count: number): CalendarDate {
  let current = day;
  let left = count;
  while (left > 0) {
    current = addDays(current, 1);
    // 1970-01-01 (epoch day 0) was a Thursday: +4 makes Sunday 0.
    const weekday = (((toEpochDay(current)! + 4) % 7) + 7) % 7;
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return current;
}

/**
 * The winner's invoice: hammer + buyer premium (platform revenue, not proceeds, DESIGN §8); the
 * deposit held for it is applied, never beyond the total.
 */
export function invoiceFor(hammer: number, premium: BuyerPremium, deposit: number, closedOn: CalendarDate): InvoiceAmounts {
  const buyerPremium = buyerPremiumOf(premium, hammer);
  const total = hammer + buyerPremium;
  const depositApplied = Math.min(deposit, total);
  return { hammer, buyerPremium, total, depositApplied, balanceDue: total - depositApplied, dueOn: addBusinessDays(closedOn, INVOICE_DUE_BUSINESS_DAYS) };
}
