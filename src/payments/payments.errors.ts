import { conflict, notFound, unprocessable } from '../common/problem/problem';

/** The refusals of payments, platform fees and statements (DESIGN §8), with their stable codes. */
export const PaymentErrors = {
  notFound: () => notFound('payment'),
  statementNotFound: () => notFound('statement'),
  caseNotFound: () => notFound('case'),
  jobNotFound: () => notFound('job'),
  exceedsTotalDue: (amount: number, totalDue: number, currency: string) =>
    unprocessable('payment.exceeds_total_due', `The payment of ${amount} ${currency} is more than the ${totalDue} ${currency} due on the case; confirm at most what is due and refund the rest to the borrower.`, {
      amount: { amount, currency },
      total_due: { amount: totalDue, currency },
    }),
  currencyMismatch: (given: string, currency: string) =>
    unprocessable('payment.currency_mismatch', `The case is in ${currency}; the payment is in ${given}.`, {}, [{ field: 'amount.currency', code: 'payment.currency_mismatch', message: `must be ${currency}, the case's currency` }]),
  receivedInFuture: (receivedOn: string, today: string) =>
    unprocessable('payment.received_in_future', `received_on ${receivedOn} is after today (${today}); confirm a payment once it was received.`, {}, [{ field: 'received_on', code: 'payment.received_in_future', message: 'must not be after today' }]),
  reportedEventNotFound: () =>
    unprocessable('payment.reported_event_not_found', "reported_event_id is not a payment_reported event of this case's job.", {}, [
      { field: 'reported_event_id', code: 'payment.reported_event_not_found', message: "must be a payment_reported event of this case's job" },
    ]),
  reportAlreadyConfirmed: (paymentId: string | null) => conflict('payment.report_already_confirmed', 'That reported payment was already confirmed.', paymentId ? { payment_id: paymentId } : {}),
  alreadyReversed: (paymentId: string) => conflict('payment.already_reversed', 'The payment was already reversed.', { payment_id: paymentId, current: 'reversed' }),
  partnerRequired: () =>
    unprocessable('statement.partner_required', 'Platform staff name the partner: partner_org_id is required.', {}, [{ field: 'partner_org_id', code: 'statement.partner_required', message: 'required for platform staff' }]),
  nothingToState: (currency: string) => unprocessable('statement.nothing_to_state', `There is nothing in ${currency} to state since the previous statement.`),
  nothingPayable: (statementId: string, net: { amount: number; currency: string }) =>
    unprocessable('statement.nothing_payable', `Statement ${statementId} has a net payable of ${net.amount} ${net.currency}; there is nothing to pay out (a negative net is carried to the next statement).`, { net_payable: net }),
  unpricable: (detail: string) => unprocessable('payment.commission_not_priced', `The job's frozen terms could not price this payment: ${detail}`),
};
