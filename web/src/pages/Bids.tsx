import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../api/client';
import { formatMoney, useI18n, type Translate, useEnum } from '../i18n/i18n';
import { FormProblems, TextArea, TextField } from '../ui/form';
import { Loaded, useSubmit } from '../ui/status';
import { PartnerName } from './Partners';

type Listing = Schemas['Listing'];
type AnyBid = Schemas['BidList']['data'][number];
type ScoredBid = Extract<AnyBid, { breakdown: unknown }>;
const scored = (bid: AnyBid): bid is ScoredBid => 'breakdown' in bid;

function terms(bid: AnyBid, t: Translate, language: Parameters<typeof formatMoney>[0]) {
  const fee = bid.contingency_bps !== null ? `${bid.contingency_bps / 100} %` : bid.flat_fee ? formatMoney(language, bid.flat_fee) : '—';
  return { fee, sla: t('bids.slaValue', { hours: bid.sla.first_action_hours ?? '—', days: bid.sla.completion_days ?? '—' }) };
}

/** A score component as the API gives it ({value, weight, contribution}): "1.00 × 0.30 = 0.300". */
export function component(part: unknown): string {
  if (typeof part === 'number') return part.toFixed(3);
  const { value, weight, contribution } = (part ?? {}) as { value?: unknown; weight?: unknown; contribution?: unknown };
  if (typeof value === 'number' && typeof weight === 'number' && typeof contribution === 'number') return `${value.toFixed(2)} × ${weight.toFixed(2)} = ${contribution.toFixed(3)}`;
  return JSON.stringify(part);
}

/** The bids on a listing: the lender compares them by score and awards; a partner places its own. */
export function Bids({ listing, lender }: { listing: Listing; lender: boolean }) {
  const { t } = useI18n();
  const bids = useQuery({ queryKey: ['bids', listing.id], queryFn: () => must(api.GET('/v1/listings/{id}/bids', { params: { path: { id: listing.id } } })) });
  return (
    <section aria-labelledby="bids">
      <h2 id="bids">{lender ? t('bids.title') : t('bids.mine')}</h2>
      <Loaded query={bids}>{(list) => (lender ? <LenderBids listing={listing} bids={list.data} awarded={list.award_id ?? null} /> : <PartnerBids listing={listing} bids={list.data} />)}</Loaded>
    </section>
  );
}

function LenderBids({ listing, bids, awarded }: { listing: Listing; bids: readonly AnyBid[]; awarded: string | null }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const queries = useQueryClient();
  const [offered, setOffered] = useState<number | null>(null);
  const { errors, busy, run } = useSubmit([]);
  const award = (bidId: string) =>
    void run(async () => {
      const decided = await must(api.POST('/v1/listings/{id}/award', { params: { path: { id: listing.id } }, body: { selections: [{ bid_id: bidId }] } }));
      setOffered(decided.jobs.length);
      await queries.invalidateQueries({ queryKey: ['listings', listing.id] });
      await queries.invalidateQueries({ queryKey: ['bids', listing.id] });
    });
  if (bids.length === 0) return <p>{t('app.none')}</p>;
  return (
    <>
      <FormProblems errors={errors} />
      {offered !== null && <p role="status">{t('bids.awarded', { count: offered })}</p>}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('bids.rank')}</th>
              <th scope="col">{t('bids.partner')}</th>
              <th scope="col">{t('bids.terms')}</th>
              <th scope="col">{t('bids.sla')}</th>
              <th scope="col">{t('bids.score')}</th>
              <th scope="col">{t('bids.breakdown')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('bids.award')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {bids.filter(scored).map((bid) => {
              const shown = terms(bid, t, language);
              return (
                <tr key={bid.id}>
                  <td>{bid.rank ?? '—'}</td>
                  <td>
                    <PartnerName orgId={bid.partner_org_id} />
                  </td>
                  <td>{shown.fee}</td>
                  <td>{shown.sla}</td>
                  <td>{bid.score === null ? '—' : bid.score.toFixed(3)}</td>
                  <td>
                    {bid.eligible ? (
                      <dl className="breakdown">
                        {Object.entries(bid.breakdown ?? {}).map(([part, value]) => (
                          <div key={part}>
                            <dt>{part}</dt>
                            <dd>{component(value)}</dd>
                          </div>
                        ))}
                      </dl>
                    ) : (
                      <span>
                        {t('bids.ineligible')}: {bid.reasons.map((r) => String((r as { message?: string; code?: string }).message ?? (r as { code?: string }).code)).join('; ')}
                      </span>
                    )}
                  </td>
                  <td>
                    {listing.status === 'open' && !awarded && bid.eligible && bid.status === 'live' && (
                      <button type="button" disabled={busy} onClick={() => award(bid.id)}>
                        {t('bids.award')}
                      </button>
                    )}
                    {bid.status === 'won' && <strong>{label('status', bid.status)}</strong>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

const BID_FIELDS = ['contingency_bps', 'sla.first_action_hours', 'sla.completion_days', 'note', 'sla'] as const;

function PartnerBids({ listing, bids }: { listing: Listing; bids: readonly AnyBid[] }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const queries = useQueryClient();
  const [form, setForm] = useState({ contingency: '', firstAction: '24', completion: '30', note: '' });
  const [placed, setPlaced] = useState<string | null>(null);
  const { errors, busy, run } = useSubmit(BID_FIELDS);
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const bid = await must(
        api.POST('/v1/listings/{id}/bids', {
          params: { path: { id: listing.id } },
          body: {
            contingency_bps: form.contingency === '' ? undefined : Number(form.contingency),
            sla: { first_action_hours: Number(form.firstAction), completion_days: Number(form.completion) },
            note: form.note || undefined,
          },
        }),
      );
      setPlaced(bid.status);
      await queries.invalidateQueries({ queryKey: ['bids', listing.id] });
    });
  };
  return (
    <>
      <ul className="cards">
        {bids.map((bid) => {
          const shown = terms(bid, t, language);
          return (
            <li key={bid.id} className="card">
              {shown.fee} · {shown.sla} · <strong>{label('status', bid.status)}</strong>
            </li>
          );
        })}
      </ul>
      {listing.status === 'open' && (
        <form onSubmit={submit} noValidate aria-labelledby="place-bid">
          <h3 id="place-bid">{t('bids.place')}</h3>
          <FormProblems errors={errors} />
          {placed && <p role="status">{t('bids.placed', { status: label('status', placed) })}</p>}
          <TextField label={t('bids.contingency')} type="number" inputMode="numeric" min={0} max={10000} value={form.contingency} onChange={(e) => set({ contingency: e.target.value })} error={errors.fields.contingency_bps} />
          <TextField label={t('bids.firstAction')} type="number" inputMode="numeric" min={1} value={form.firstAction} onChange={(e) => set({ firstAction: e.target.value })} error={errors.fields['sla.first_action_hours'] ?? errors.fields.sla} />
          <TextField label={t('bids.completion')} type="number" inputMode="numeric" min={1} value={form.completion} onChange={(e) => set({ completion: e.target.value })} error={errors.fields['sla.completion_days']} />
          <TextArea label={t('bids.note')} value={form.note} onChange={(e) => set({ note: e.target.value })} error={errors.fields.note} />
          <button type="submit" disabled={busy}>
            {t('bids.submit')}
          </button>
        </form>
      )}
    </>
  );
}
