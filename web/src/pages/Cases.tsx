import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, must, type paths, type Schemas } from '../api/client';
import { formatDateTime, formatMoney, useEnum, useI18n } from '../i18n/i18n';
import { Link } from '../router';
import { EnumSelect } from '../ui/enum-select';
import { useFilters } from '../ui/filters';
import { TextField } from '../ui/form';
import { Table } from '../ui/table';
import { CasePayments } from './Money';
import { Loaded } from '../ui/status';

type CaseQuery = NonNullable<paths['/v1/cases']['get']['parameters']['query']>;
const STATUSES = ['new', 'listed', 'assigned', 'in_progress', 'payment_plan', 'resolved', 'recalled', 'returned', 'written_off'] as const;
const BUCKETS = ['current', 'M1', 'M2', 'M3', 'M4+'] as const;

/** The case list with the API's own filters (GET /v1/cases); the filters are the query, nothing is filtered here. */
export function Cases() {
  const { t, language } = useI18n();
  const label = useEnum();
  const { draft, change, filters, apply } = useFilters<CaseQuery>({});
  const cases = useQuery({ queryKey: ['cases', filters], queryFn: () => must(api.GET('/v1/cases', { params: { query: { ...filters, limit: 50 } } })) });
  return (
    <>
      <h1>{t('cases.title')}</h1>
      <form onSubmit={apply} className="filters" aria-label={t('cases.filters')}>
        <EnumSelect label={t('cases.status')} family="status" values={STATUSES} value={draft.status} onChange={(status) => change({ status })} />
        <EnumSelect label={t('cases.bucket')} family="bucket" values={BUCKETS} value={draft.bucket} onChange={(bucket) => change({ bucket })} />
        <TextField label={t('cases.region')} value={draft.region ?? ''} placeholder="US-TX" onChange={(e) => change({ region: e.target.value || undefined })} />
        <TextField label={t('cases.dpdMin')} type="number" min={0} inputMode="numeric" value={draft.dpd_min ?? ''} onChange={(e) => change({ dpd_min: e.target.value === '' ? undefined : Number(e.target.value) })} />
        <button type="submit">{t('cases.apply')}</button>
      </form>
      <Loaded query={cases}>
        {(page) => (
          <Table
            headers={[t('cases.ref'), t('cases.status'), t('cases.bucket'), t('cases.dpd'), t('cases.totalDue'), t('cases.region')]}
            items={page.data}
            row={(c) => (
              <tr key={c.id}>
                <td>
                  <Link href={`/cases/${c.id}`}>{c.external_ref}</Link>
                </td>
                <td>{label('status', c.status)}</td>
                <td>{label('bucket', c.delinquency.bucket)}</td>
                <td>{c.delinquency.days_past_due}</td>
                <td>{formatMoney(language, c.balances.total_due)}</td>
                <td>{c.borrower.region}</td>
              </tr>
            )}
          />
        )}
      </Loaded>
    </>
  );
}

/** One case as the API shows it (borrower masked by the API; the console never unmasks). */
export function CasePage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const label = useEnum();
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
            <dd>{label('status', c.status)}</dd>
            <dt>{t('cases.product')}</dt>
            <dd>{label('product', c.product)}</dd>
            <dt>{t('cases.bucket')}</dt>
            <dd>
              {label('bucket', c.delinquency.bucket)} ({c.delinquency.days_past_due})
            </dd>
            <dt>{t('cases.totalDue')}</dt>
            <dd>{formatMoney(language, c.balances.total_due)}</dd>
            <dt>{t('cases.borrower')}</dt>
            <dd>
              {c.borrower.name} · {c.borrower.phone ?? '—'} · {c.borrower.region}
            </dd>
            <dt>{t('cases.flags')}</dt>
            <dd>{c.flags.length ? c.flags.map((f) => label('flag', f)).join(', ') : '—'}</dd>
          </dl>
          <CasePayments caseId={c.id} currency={c.balances.total_due.currency} />
          <Timeline caseId={c.id} />
        </>
      )}
    </Loaded>
  );
}

type TimelineEntry = Schemas['CaseTimelineEntry'];

/** What an entry's payload says worth a line: a status move, a flag, a report's outcome or channel. */
function entryDetail(entry: TimelineEntry, label: ReturnType<typeof useEnum>): string {
  const data = entry.data as Record<string, unknown>;
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null);
  const parts: string[] = [];
  const from = text('from') ?? text('from_status');
  const to = text('to') ?? text('to_status');
  if (from && to) parts.push(`${label('status', from)} → ${label('status', to)}`);
  const flag = text('flag');
  if (flag) parts.push(label('flag', flag));
  const channel = text('channel');
  if (channel) parts.push(label('channel', channel));
  const outcome = text('outcome');
  if (outcome) parts.push(label('outcome', outcome));
  return parts.join(' · ');
}

/** The case's history merged with its jobs' events and reports (GET /v1/cases/{id}/timeline), newest first, page by page. */
function Timeline({ caseId }: { caseId: string }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const timeline = useInfiniteQuery({
    queryKey: ['cases', caseId, 'timeline'],
    queryFn: ({ pageParam }) => must(api.GET('/v1/cases/{id}/timeline', { params: { path: { id: caseId }, query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline">{t('cases.timeline')}</h2>
      <Loaded query={timeline}>
        {(pages) => {
          const entries = pages.pages.flatMap((p) => p.data);
          return (
            <>
              <ol className="timeline" data-testid="case-timeline">
                {entries.length === 0 && <li>{t('app.none')}</li>}
                {entries.map((entry) => {
                  const detail = entryDetail(entry, label);
                  return (
                    <li key={entry.id}>
                      <time dateTime={entry.at}>{formatDateTime(language, entry.at)}</time> · <span className="meta">{label('source', entry.source)}</span> ·{' '}
                      <strong>{entry.source === 'progress' ? label('type', entry.type) : label('event', entry.type)}</strong>
                      {detail && <> · {detail}</>}
                      {entry.job_id && (
                        <>
                          {' '}
                          · <Link href={`/jobs/${entry.job_id}`}>{t('cases.timelineJob')}</Link>
                        </>
                      )}
                    </li>
                  );
                })}
              </ol>
              {timeline.hasNextPage && (
                <button type="button" className="secondary" onClick={() => void timeline.fetchNextPage()} disabled={timeline.isFetchingNextPage}>
                  {t('app.more')}
                </button>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
