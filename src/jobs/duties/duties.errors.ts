import { notFound } from '../../common/problem/problem';

/** The refusals of repossession duties (DESIGN §6). */
export const DutyErrors = {
  partnerNotFound: () => notFound('partner'),
};
