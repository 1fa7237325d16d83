import { defineDeadline } from '../common/queue/deadline';

export interface ExplanationRequestDuePayload {
  readonly requestId: string;
}

/**
 * UCC §9-616(b)(1)(B): a borrower's request is answered within 14 days after receipt. One timer
 * per request (`explanation-request-due-<id>`); the minute sweep catches timers Redis lost.
 */
export const EXPLANATION_REQUEST_DUE = defineDeadline<ExplanationRequestDuePayload>({
  queue: 'settlement',
  name: 'settlement.explanation-request-due',
  idOf: (p) => `explanation-request-due-${p.requestId}`,
  options: { attempts: 10, backoff: { type: 'exponential', delay: 1000 } },
});
