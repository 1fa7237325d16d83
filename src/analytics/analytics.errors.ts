import { notFound, unprocessable } from '../common/problem/problem';

/** The refusals of analytics (issue 17), with their stable codes. */
export const AnalyticsErrors = {
  /** Not a partner, or one the caller may not read (a lender reads approved partners only): 404, not 403, so nothing leaks. */
  partnerNotFound: () => notFound('partner'),
  badPeriod: () => unprocessable('analytics.bad_period', 'from must not be after to.', {}, [{ field: 'from', code: 'analytics.bad_period', message: 'from must not be after to' }]),
  /** A lender naming another lender: 404, as for anything else of another org (DESIGN §2). */
  lenderNotFound: () => notFound('lender'),
};
