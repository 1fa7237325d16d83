import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must, type paths } from '../api/client';
import { formatMoney, useI18n } from '../i18n/i18n';
import { Link } from '../router';
import { SelectField, TextField } from '../ui/form';
import { CasePayments } from './Money';
import { Loaded } from '../ui/status';

type CaseQuery = NonNullable<paths['/v1/cases']['get']['parameters']['query']>;
const STATUSES = ['new', 'listed', 'assigned', 'in_progress', 'payment_plan', 'resolved', 'recalled', 'returned', 'written_off'] as const;
const BUCKETS = ['current', 'M1', 'M2', 'M3', 'M4+'] as const;

/** The case list with the API's own filters (GET /v1/cases); the filters are the query, nothing is filtered here. */
export function Cases() {
  const { t, language } = useI18n();
  const [draft, setDraft] = useState<CaseQuery>({});
  const [filters, setFilters] = useState<CaseQuery>({});
  const cases = useQuery({ queryKey: ['cases', filters], queryFn: () => must(api.GET('/v1/cases', { params: { query: { ...filters, limit: 50 } } })) });
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };
  return (
    <>
      <h1>{t('cases.title')}</h1>
      <form onSubmit={apply} className="filters" aria-label={t('cases.filters')}>
        <SelectField label={t('cases.status')} value={draft.status ?? ''} onChange={(e) => setDraft({ ...draft, status: (e.target.value || undefined) as CaseQuery['status'] })}>
          <option value="">{t('cases.any')}</option>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </SelectField>
        <SelectField label={t('cases.bucket')} value={draft.bucket ?? ''} onChange={(e) => setDraft({ ...draft, bucket: (e.target.value || undefined) as CaseQuery['bucket'] })}>
          <option value="">{t('cases.any')}</option>
          {BUCKETS.map((b) => (
            <option key={b}>{b}</option>
          ))}
        </SelectField>
        <TextField label={t('cases.region')} value={draft.region ?? ''} placeholder="US-TX" onChange={(e) => setDraft({ ...draft, region: e.target.value || undefined })} />
        <TextField label={t('cases.dpdMin')} type="number" min={0} inputMode="numeric" value={draft.dpd_min ?? ''} onChange={(e) => setDraft({ ...draft, dpd_min: e.target.value === '' ? undefined : Number(e.target.value) })} />
        <button type="submit">{t('cases.apply')}</button>
      </form>
      <Loaded query={cases}>
        {(page) =>
          page.data.length === 0 ? (
            <p>{t('app.none')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('cases.ref')}</th>
                    <th scope="col">{t('cases.status')}</th>
                    <th scope="col">{t('cases.bucket')}</th>
                    <th scope="col">{t('cases.dpd')}</th>
                    <th scope="col">{t('cases.totalDue')}</th>
                    <th scope="col">{t('cases.region')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <Link href={`/cases/${c.id}`}>{c.external_ref}</Link>
                      </td>
                      <td>{c.status}</td>
                      <td>{c.delinquency.bucket}</td>
                      <td>{c.delinquency.days_past_due}</td>
                      <td>{formatMoney(language, c.balances.total_due)}</td>
                      <td>{c.borrower.region}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </>
  );
}

/** One case as the API shows it (borrower masked by the API; the console never unmasks). */
export function CasePage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const one = useQuery({ queryKey: ['cases', id], queryFn: () => must(api.GET('/v1/cases/{id}', { params: { path: { id } } })) });
  return (
    <Loaded query={one}>
      {(c) => (
        <>
          <h1>
            {t('cases.ref')} {c.external_ref}
          </h1>
          <dl className="facts">
            <dt>{t('cases.status')}</dt>
            <dd>{c.status}</dd>
            <dt>{t('cases.product')}</dt>
            <dd>{c.product}</dd>
            <dt>{t('cases.bucket')}</dt>
            <dd>
              {c.delinquency.bucket} ({c.delinquency.days_past_due})
            </dd>
            <dt>{t('cases.totalDue')}</dt>
            <dd>{formatMoney(language, c.balances.total_due)}</dd>
            <dt>{t('cases.borrower')}</dt>
            <dd>
              {c.borrower.name} · {c.borrower.phone ?? '—'} · {c.borrower.region}
            </dd>
            <dt>{t('cases.flags')}</dt>
            <dd>{c.flags.length ? c.flags.join(', ') : '—'}</dd>
          </dl>
          <CasePayments caseId={c.id} currency={c.balances.total_due.currency} />
          <section aria-labelledby="timeline">
            <h2 id="timeline">{t('cases.timeline')}</h2>
            <p>{t('cases.timelineLater')}</p>
          </section>
        </>
      )}
    </Loaded>
  );
}
