import { useQuery } from '@tanstack/react-query';
import { api, must } from '../api/client';
import { useI18n, useEnum } from '../i18n/i18n';
import { slaState } from '../field/field';
import { Link } from '../router';
import { Loaded } from '../ui/status';

const BUCKETS = ['current', 'M1', 'M2', 'M3', 'M4+'] as const;

/** The lender's dashboard: cases by bucket (first page), open listings, jobs by status, and jobs held without the partner's acknowledgment or past their SLA. */
export function Dashboard() {
  const { t } = useI18n();
  const label = useEnum();
  const cases = useQuery({ queryKey: ['cases', 'dashboard'], queryFn: () => must(api.GET('/v1/cases', { params: { query: { limit: 100 } } })) });
  const listings = useQuery({ queryKey: ['listings', 'open'], queryFn: () => must(api.GET('/v1/listings', { params: { query: { status: 'open', limit: 20 } } })) });
  const jobs = useQuery({ queryKey: ['jobs'], queryFn: async () => (await must(api.GET('/v1/jobs', { params: { query: { limit: 50 } } }))).data });
  return (
    <>
      <h1>{t('dashboard.title')}</h1>
      <div className="grid">
        <section className="card" aria-labelledby="by-bucket">
          <h2 id="by-bucket">{t('dashboard.cases')}</h2>
          <Loaded query={cases}>
            {(page) => (
              <dl className="facts">
                {BUCKETS.map((bucket) => (
                  <div key={bucket}>
                    <dt>{label('bucket', bucket)}</dt>
                    <dd>{page.data.filter((c) => c.delinquency.bucket === bucket).length}</dd>
                  </div>
                ))}
              </dl>
            )}
          </Loaded>
        </section>
        <section className="card" aria-labelledby="open-listings">
          <h2 id="open-listings">{t('dashboard.listings')}</h2>
          <Loaded query={listings}>
            {(page) => (
              <ul>
                {page.data.length === 0 && <li>{t('app.none')}</li>}
                {page.data.map((l) => (
                  <li key={l.id}>
                    <Link href={`/listings/${l.id}`}>{l.title}</Link>
                  </li>
                ))}
              </ul>
            )}
          </Loaded>
        </section>
        <section className="card" aria-labelledby="jobs-by-status">
          <h2 id="jobs-by-status">{t('dashboard.jobs')}</h2>
          <Loaded query={jobs}>
            {(list) => (
              <dl className="facts">
                {[...new Set(list.map((j) => j.status))].map((status) => (
                  <div key={status}>
                    <dt>{label('status', status)}</dt>
                    <dd>{list.filter((j) => j.status === status).length}</dd>
                  </div>
                ))}
              </dl>
            )}
          </Loaded>
        </section>
        <section className="card" aria-labelledby="jobs-attention">
          <h2 id="jobs-attention">{t('dashboard.attention')}</h2>
          <Loaded query={jobs}>
            {(list) => {
              const now = new Date();
              const flagged = list.filter((j) => (j.status === 'on_hold' && !j.hold?.acknowledged_at) || slaState(j, now)?.late);
              return (
                <ul>
                  {flagged.length === 0 && <li>{t('app.none')}</li>}
                  {flagged.map((j) => (
                    <li key={j.id}>
                      <Link href={`/jobs/${j.id}`}>{j.title}</Link> · {j.status === 'on_hold' && !j.hold?.acknowledged_at ? t('job.holdAwaiting') : t('dashboard.slaLate')}
                    </li>
                  ))}
                </ul>
              );
            }}
          </Loaded>
        </section>
      </div>
    </>
  );
}

/** A partner's own vetting state (the e-mails about vetting link here). */
export function Profile() {
  const { t } = useI18n();
  const label = useEnum();
  const profile = useQuery({ queryKey: ['partner-profile'], queryFn: () => must(api.GET('/v1/partner-profile')) });
  return (
    <>
      <h1>{t('profile.title')}</h1>
      <Loaded query={profile}>
        {(p) => (
          <>
            <p>{t('profile.status', { status: label('status', p.status) })}</p>
            <p>{p.legal_name}</p>
            <p>{p.capabilities.map((c) => label('capability', c)).join(', ')}</p>
          </>
        )}
      </Loaded>
    </>
  );
}
