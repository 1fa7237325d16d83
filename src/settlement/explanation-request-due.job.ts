import { DeadlineHandler, DeadlineProcessor } from '../common/queue/deadline';
import { EXPLANATION_REQUEST_DUE, ExplanationRequestDuePayload } from './explanation-request-timers';
import { ExplanationRequestsService } from './explanation-requests.service';

/** At a request's 14th day: still unanswered, it is marked overdue and the lender told (once). */
@DeadlineHandler(EXPLANATION_REQUEST_DUE)
export class ExplanationRequestDueJob implements DeadlineProcessor<ExplanationRequestDuePayload> {
  constructor(private readonly requests: ExplanationRequestsService) {}

  findOverdue(dueBy: Date, limit: number): Promise<ExplanationRequestDuePayload[]> {
    return this.requests.overdue(dueBy, limit);
  }

  handle(data: ExplanationRequestDuePayload): Promise<{ overdue: boolean }> {
    return this.requests.markOverdueIfDue(data.requestId);
  }
}
