import { SaleNotice } from './sale-notice.entity';

export function presentSaleNotice(n: SaleNotice) {
  const money = (amount: number) => ({ amount, currency: n.currency });
  return {
    id: n.id,
    vehicle_id: n.vehicleId,
    case_id: n.caseId,
    region: n.region,
    sent_on: n.sentOn,
    method: n.method,
    obligation: money(n.obligation),
    expenses: n.expenses.map((e) => ({ label: e.label, amount: money(e.amount) })),
    expenses_total: money(n.expensesTotal),
    redemption_amount: money(n.redemptionAmount),
    contact: n.contact,
    notice_period_days: n.noticePeriodDays,
    earliest_sale_on: n.earliestSaleOn,
    deficiency_warning: n.deficiencyWarning,
    content: n.content,
    created_at: n.createdAt.toISOString(),
  };
}
