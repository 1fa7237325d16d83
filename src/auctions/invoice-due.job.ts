import { DeadlineHandler, DeadlineProcessor } from '../common/queue/deadline';
import { INVOICE_DUE, InvoiceDuePayload } from './auction-default-timers';
import { InvoiceDefaultsService } from './invoice-defaults.service';

/** When an auction invoice's due day is over: unpaid, it defaults (re-checked under the lot's lock). */
@DeadlineHandler(INVOICE_DUE)
export class InvoiceDueJob implements DeadlineProcessor<InvoiceDuePayload> {
  constructor(private readonly defaults: InvoiceDefaultsService) {}

  findOverdue(dueBy: Date, limit: number): Promise<InvoiceDuePayload[]> {
    return this.defaults.overdue(dueBy, limit);
  }

  handle(data: InvoiceDuePayload) {
    return this.defaults.default(data.invoiceId);
  }
}
