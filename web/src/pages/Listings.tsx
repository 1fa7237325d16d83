import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../api/client';
import { formatDateTime, formatMoney, useI18n, useEnum } from '../i18n/i18n';
import { Link, navigate } from '../router';
import { FormProblems, SelectField, TextArea, TextField } from '../ui/form';
import { Loaded, useSubmit } from '../ui/status';
import { Bids } from './Bids';

type Listing = Schemas['Listing'];

export function Listings({ lender }: { lender: boolean }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const listings = useQuery({ queryKey: ['listings'], queryFn: () => must(api.GET('/v1/listings', { params: { query: { limit: 50 } } })) });
  return (
    <>
      <h1>{t('listings.title')}</h1>
      {lender && (
        <p>
          <Link href="/listings/new" className="button">
            {t('listings.new')}
          </Link>
        </p>
      )}
      <Loaded query={listings}>
        {(page) => (
          <ul className="cards">
            {page.data.length === 0 && <li>{t('app.none')}</li>}
            {page.data.map((l) => (
              <li key={l.id} className="card">
                <h2>
                  <Link href={`/listings/${l.id}`}>{l.title}</Link>
                </h2>
                <p className="meta">
                  {label('work', l.kind)} · {label('status', l.status)} · {label('bidding_mode', l.bidding_mode)} · {l.regions.join(', ')}
                  {l.deadline && ` · ${formatDateTime(language, l.deadline)}`}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </>
  );
}

const FIELDS = ['kind', 'title', 'description', 'case_ids', 'bidding_mode', 'deadline', 'fee_schedule_id', 'bounds.max_contingency_bps'] as const;

/** A listing saved as a draft (publish: false): the lender previews it before publishing. */
export function NewListing() {
  const { t } = useI18n();
  const label = useEnum();
  const queries = useQueryClient();
  const cases = useQuery({ queryKey: ['cases', { status: 'new' }], queryFn: () => must(api.GET('/v1/cases', { params: { query: { status: 'new', limit: 100 } } })) });
  const schedules = useQuery({ queryKey: ['fee-schedules'], queryFn: () => must(api.GET('/v1/fee-schedules', { params: { query: { limit: 100 } } })) });
  const [form, setForm] = useState({ kind: 'collection', title: '', description: '', caseIds: [] as string[], mode: 'sealed', deadline: '', feeScheduleId: '', maxContingency: '' });
  const { errors, busy, run } = useSubmit(FIELDS);
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const created = await must(
        api.POST('/v1/listings', {
          body: {
            kind: form.kind as Listing['kind'],
            title: form.title || undefined,
            description: form.description || undefined,
            case_ids: form.caseIds,
            bidding_mode: form.mode as Listing['bidding_mode'],
            deadline: form.deadline ? new Date(form.deadline).toISOString() : undefined,
            fee_schedule_id: form.feeScheduleId || (schedules.data?.data[0]?.id ?? ''),
            bounds: form.maxContingency ? { max_contingency_bps: Number(form.maxContingency) } : undefined,
            publish: false,
          },
        }),
      );
      await queries.invalidateQueries({ queryKey: ['listings'] });
      navigate(`/listings/${created.id}`);
    });
  };
  return (
    <>
      <h1>{t('listings.new')}</h1>
      <form onSubmit={submit} noValidate>
        <FormProblems errors={errors} />
        <SelectField label={t('listings.kind')} value={form.kind} onChange={(e) => set({ kind: e.target.value })} error={errors.fields.kind}>
          {['collection', 'repossession', 'transport', 'skip_trace'].map((k) => (
            <option key={k} value={k}>
              {label('work', k)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('listings.titleField')} value={form.title} onChange={(e) => set({ title: e.target.value })} error={errors.fields.title} />
        <TextArea label={t('listings.description')} value={form.description} onChange={(e) => set({ description: e.target.value })} error={errors.fields.description} />
        <SelectField
          label={t('listings.cases')}
          multiple
          size={6}
          value={form.caseIds}
          onChange={(e) => set({ caseIds: [...e.target.selectedOptions].map((o) => o.value) })}
          error={errors.fields.case_ids}
        >
          {(cases.data?.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.external_ref} · {label('bucket', c.delinquency.bucket)} · {c.borrower.region}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('listings.mode')} value={form.mode} onChange={(e) => set({ mode: e.target.value })} error={errors.fields.bidding_mode}>
          {['sealed', 'open'].map((m) => (
            <option key={m} value={m}>
              {label('bidding_mode', m)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('listings.deadline')} type="datetime-local" value={form.deadline} onChange={(e) => set({ deadline: e.target.value })} error={errors.fields.deadline} />
        <SelectField label={t('listings.feeSchedule')} value={form.feeScheduleId} onChange={(e) => set({ feeScheduleId: e.target.value })} error={errors.fields.fee_schedule_id} hint={schedules.data?.data.length === 0 ? t('listings.noFeeSchedule') : undefined}>
          {(schedules.data?.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} v{s.version}
            </option>
          ))}
        </SelectField>
        <TextField label={t('listings.maxContingency')} type="number" inputMode="numeric" min={0} max={10000} value={form.maxContingency} onChange={(e) => set({ maxContingency: e.target.value })} error={errors.fields['bounds.max_contingency_bps']} />
        <button type="submit" disabled={busy}>
          {t('listings.saveDraft')}
        </button>
      </form>
    </>
  );
}

/** A listing: what partners see (the lender previews a draft here), publish, and the bids. */
export function ListingPage({ id, lender }: { id: string; lender: boolean }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const queries = useQueryClient();
  const listing = useQuery({ queryKey: ['listings', id], queryFn: () => must(api.GET('/v1/listings/{id}', { params: { path: { id } } })) });
  const publish = useMutation({
    mutationFn: () => must(api.POST('/v1/listings/{id}/publish', { params: { path: { id } } })),
    onSuccess: (published) => queries.setQueryData(['listings', id], published),
  });
  return (
    <Loaded query={listing}>
      {(l) => (
        <>
          <h1>{l.title}</h1>
          <p className="meta">
            {t('listings.status')}: <strong data-testid="listing-status">{label('status', l.status)}</strong>
          </p>
          <section aria-labelledby="preview" className="card">
            <h2 id="preview">{t('listings.preview')}</h2>
            <p>{l.description}</p>
            <dl className="facts">
              <dt>{t('listings.kind')}</dt>
              <dd>{label('work', l.kind)}</dd>
              <dt>{t('listings.mode')}</dt>
              <dd>{label('bidding_mode', l.bidding_mode)}</dd>
              <dt>{t('cases.region')}</dt>
              <dd>{l.regions.join(', ')}</dd>
              {l.deadline && (
                <>
                  <dt>{t('listings.deadline')}</dt>
                  <dd>{formatDateTime(language, l.deadline)}</dd>
                </>
              )}
              <dt>{t('listings.lots')}</dt>
              <dd>
                <ul>
                  {l.lots.map((lot) => (
                    <li key={lot.key}>{t('listings.lot', { key: lot.key, count: lot.case_count, balance: formatMoney(language, lot.total_balance) })}</li>
                  ))}
                </ul>
              </dd>
            </dl>
          </section>
          {lender && l.status === 'draft' && (
            <p>
              <button type="button" onClick={() => publish.mutate()} disabled={publish.isPending}>
                {t('listings.publish')}
              </button>
            </p>
          )}
          {publish.isError && <p role="alert">{(publish.error as { detail?: string }).detail ?? t('app.error')}</p>}
          {l.status !== 'draft' && <Bids listing={l} lender={lender} />}
        </>
      )}
    </Loaded>
  );
}
