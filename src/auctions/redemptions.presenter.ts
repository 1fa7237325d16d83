import { Redemption } from './redemption.entity';

export function presentRedemption(r: Redemption) {
  const money = (amount: number) => ({ amount, currency: r.currency });
  return {
    id: r.id,
    vehicle_id: r.vehicleId,
    case_id: r.caseId,
    lot_id: r.lotId,
    obligation: money(r.obligation),
    expenses: r.expenses.map((e) => ({ label: e.label, amount: money(e.amount) })),
    required: money(r.required),
    amount_paid: money(r.amountPaid),
    paid_on: r.paidOn,
    reference: r.reference,
    vehicle_status: 'redeemed' as const,
    created_at: r.createdAt.toISOString(),
  };
}
