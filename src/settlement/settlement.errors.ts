import { FieldError, conflict, notFound, unprocessable } from '../common/problem/problem';

/** The refusals of sale settlement (issue 16), with their stable codes. */
export const SettlementErrors = {
  notFound: () => notFound('settlement'),
  vehicleNotFound: () => notFound('vehicle'),
  lienNotFound: () => notFound('subordinate_lien'),
  inputsClosed: (settlementId: string) =>
    conflict('settlement.inputs_closed', `The vehicle's sale was settled (${settlementId}): what it was settled on is no longer changed; a correction is a reversing entry.`, { settlement_id: settlementId }),
  vehicleWithoutCase: (id: string) => unprocessable('settlement.vehicle_without_case', `Vehicle ${id} secures no case: there is no obligation to settle against.`, { vehicle_id: id }),
  inputRefused: (errors: readonly FieldError[]) => unprocessable(errors[0]?.code ?? 'settlement.invalid_input', 'The settlement input cannot be recorded as given.', {}, errors),
  invalidInput: (errors: readonly FieldError[]) => unprocessable('settlement.invalid_input', 'The sale cannot be settled as given.', {}, errors),
  explanationRefused: (errors: readonly FieldError[]) => unprocessable(errors[0]?.code ?? 'settlement.invalid_input', 'The §9-616 explanation could not be given as asked.', {}, errors),
  noSurplus: (id: string) => unprocessable('settlement.no_surplus', `Settlement ${id} left no surplus to pay.`, { settlement_id: id }),
  surplusAlreadyPaid: (id: string, paidAt: Date) => conflict('settlement.surplus_already_paid', `The surplus of settlement ${id} was already marked paid.`, { settlement_id: id, paid_at: paidAt.toISOString() }),
  noDeficiency: (id: string) => unprocessable('settlement.no_deficiency', `Settlement ${id} left no deficiency to collect.`, { settlement_id: id }),
  deficiencyAlreadyPlaced: (id: string, placedAt: Date) => conflict('settlement.deficiency_already_placed', `The deficiency of settlement ${id} was already placed for collection.`, { settlement_id: id, placed_at: placedAt.toISOString() }),
  requestNotFound: () => notFound('explanation_request'),
  requestInFuture: () => unprocessable('settlement.request_in_future', 'received_at is in the future; record a request once it was received.', {}, [{ field: 'received_at', code: 'settlement.request_in_future', message: 'must not be in the future' }]),
  requestBeforeSale: () =>
    unprocessable('settlement.request_before_sale', 'A request for an explanation is sent after the sale (UCC §9-616(a)(2)(C)).', {}, [{ field: 'received_at', code: 'settlement.request_before_sale', message: 'must be after the sale' }]),
  requestAlreadyAnswered: (id: string, answeredAt: Date) => conflict('settlement.request_already_answered', `Request ${id} was already answered.`, { request_id: id, answered_at: answeredAt.toISOString() }),
  currencyMismatch: (given: string, currency: string) =>
    unprocessable('settlement.currency_mismatch', `The case is in ${currency}; the sale is in ${given}.`, {}, [{ field: 'hammer_price.currency', code: 'settlement.currency_mismatch', message: `must be ${currency}, the case's currency` }]),
};
