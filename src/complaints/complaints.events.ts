import { defineEvent, P } from '../common/outbox/event-definition';
import { WORK_KINDS } from '../jobs/domain/work-kind';
import { COMPLAINT_CATEGORIES } from './domain/complaint-status';

const complaint = {
  complaint_id: P.id(),
  partner_org_id: P.id(),
  job_id: P.nullable(P.id()),
  work_kind: P.nullable(P.oneOf(WORK_KINDS)),
  lender_org_id: P.nullable(P.id()),
  category: P.oneOf(COMPLAINT_CATEGORIES),
};

export const ComplaintFiled = defineEvent('complaint.filed', {
  aggregate: 'complaint',
  description: 'A complaint was filed against a partner (DESIGN §6); the partner and platform staff are told.',
  payload: { ...complaint, on_behalf_of_borrower: P.bool() },
});

export const ComplaintUpheld = defineEvent('complaint.upheld', {
  aggregate: 'complaint',
  description: 'A complaint was upheld after investigation; it lowers the partner’s quality score.',
  payload: { ...complaint, reason: P.text() },
});

export const ComplaintDismissed = defineEvent('complaint.dismissed', {
  aggregate: 'complaint',
  description: 'A complaint was dismissed.',
  payload: { ...complaint, reason: P.text() },
});

export const SuspensionReviewOpened = defineEvent('partner.suspension_review_opened', {
  aggregate: 'partner',
  description: 'A partner reached the upheld-complaint threshold (e.g. 3 in 90 days); platform staff review a suspension.',
  payload: { review_id: P.id(), partner_org_id: P.id(), upheld_count: P.int(), window_days: P.int(), complaint_ids: P.ids() },
});

export const COMPLAINT_EVENTS = [ComplaintFiled, ComplaintUpheld, ComplaintDismissed, SuspensionReviewOpened] as const;
