import { conflict, notFound } from '../common/problem/problem';

/** The refusals of jobs (DESIGN §6), with their stable codes. */
export const JobErrors = {
  notFound: () => notFound('job'),
  offerExpired: (deadline: Date) =>
    conflict('job.offer_expired', `The offer expired at ${deadline.toISOString()}; it can no longer be accepted or declined.`, {
      current: 'expired',
      accept_deadline: deadline.toISOString(),
    }),
};
