import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, must, type Schemas } from '../api/client';
import { formatDateTime, useI18n, useEnum } from '../i18n/i18n';
import { Link } from '../router';
import { FormProblems, TextField } from '../ui/form';
import { Loaded, useSubmit } from '../ui/status';

type Job = Schemas['Job'];

/** Jobs: a partner accepts or declines an offer here (on a phone too) and opens one to work it; a lender follows them. */
export function Jobs({ partner }: { partner: boolean }) {
  const { t } = useI18n();
  const jobs = useQuery({ queryKey: ['jobs'], queryFn: async () => (await must(api.GET('/v1/jobs', { params: { query: { limit: 50 } } }))).data });
  return (
    <>
      <h1>{t('jobs.title')}</h1>
      <Loaded query={jobs}>
        {(list) => (
          <ul className="cards">
            {list.length === 0 && <li>{t('app.none')}</li>}
            {list.map((job) => (
              <JobCard key={job.id} job={job} partner={partner} />
            ))}
          </ul>
        )}
      </Loaded>
    </>
  );
}

export function JobCard({ job, partner }: { job: Job; partner: boolean }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const queries = useQueryClient();
  const [reason, setReason] = useState('');
  const { errors, busy, run } = useSubmit(['reason']);
  const settle = (updated: Job) => {
    queries.setQueryData(['jobs', job.id, 'one'], updated);
    return queries.invalidateQueries({ queryKey: ['jobs'] });
  };
  const accept = () => void run(async () => settle(await must(api.POST('/v1/jobs/{id}/accept', { params: { path: { id: job.id } } }))));
  const decline = () => void run(async () => settle(await must(api.POST('/v1/jobs/{id}/decline', { params: { path: { id: job.id } }, body: { reason: reason || undefined } }))));
  return (
    <li className="card" aria-labelledby={`job-${job.id}`}>
      <h2 id={`job-${job.id}`}>
        <Link href={`/jobs/${job.id}`}>{job.title}</Link>
      </h2>
      <p className="meta">
        {label('work', job.kind)} · {label('role', job.role)} · {t('jobs.cases', { count: job.case_ids.length })} · {t('jobs.status')}: <strong data-testid="job-status">{label('status', job.status)}</strong>
      </p>
      {job.status === 'offered' && job.accept_deadline && <p>{t('jobs.acceptBy', { when: formatDateTime(language, job.accept_deadline) })}</p>}
      {partner && job.status === 'offered' && (
        <div className="actions">
          <FormProblems errors={errors} />
          <button type="button" onClick={accept} disabled={busy}>
            {t('jobs.accept')}
          </button>
          <TextField label={t('jobs.declineReason')} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.fields.reason} />
          <button type="button" className="secondary" onClick={decline} disabled={busy}>
            {t('jobs.decline')}
          </button>
        </div>
      )}
    </li>
  );
}
