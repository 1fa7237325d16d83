import { conflict, notFound } from '../../common/problem/problem';
import type { JobStatus } from '../domain/job-status';

/** The refusals of letters of authorisation (issue 12). */
export const AuthorisationErrors = {
  notFound: () => notFound('authorisation'),
  jobNotActive: (status: JobStatus) =>
    conflict('authorisation.job_not_active', `A letter of authorisation is issued only while the job is accepted or in progress; it is ${status}.`, { current: status, allowed: ['accepted', 'in_progress'] }),
};
