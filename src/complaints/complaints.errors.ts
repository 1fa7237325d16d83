import { notFound, validationFailed } from '../common/problem/problem';

/** The refusals of complaints (DESIGN §6), with their stable codes. */
export const ComplaintErrors = {
  notFound: () => notFound('complaint'),
  partnerNotFound: () => notFound('partner'),
  reviewNotFound: () => notFound('suspension_review'),
  target: () => validationFailed([{ field: 'job_id', message: 'name the job or the partner the complaint is against (job_id or partner_org_id)' }]),
  targetMismatch: () => validationFailed([{ field: 'partner_org_id', message: 'partner_org_id must be the partner of the job named by job_id' }]),
  onBehalfNotLender: () => validationFailed([{ field: 'on_behalf_of_borrower', message: 'only a lender files on behalf of its borrower' }]),
};
