import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, authorisedFetch, must, session, type paths, type Schemas } from '../api/client';
import { followEventStream } from '../api/sse';
import { formatDateTime, formatMoney, useEnum, useI18n } from '../i18n/i18n';
import { toMinorUnits } from '../money/money';
import { Link } from '../router';
import { EnumSelect } from '../ui/enum-select';
import { useFilters } from '../ui/filters';
import { FormProblems, TextField } from '../ui/form';
import { Table } from '../ui/table';
import { Loaded, useSubmit } from '../ui/status';
import { ProtectedImage } from '../ui/protected-image';
import { applyStreamEvent, countdown, lotDeadline, type LotStreamData } from './lot';
import { LotTable, vehicleName } from './Vehicles';

type Lot = Schemas['AuctionLot'];
type LotQuery = NonNullable<paths['/v1/auctions']['get']['parameters']['query']>;
const CATALOGUE_STATUSES = ['scheduled', 'live', 'closed', 'sold', 'no_sale'] as const;

/** A lender's own lots (drafts too), newest first. */
export function LenderAuctions() {
  const { t } = useI18n();
  const lots = useQuery({ queryKey: ['auctions', 'mine'], queryFn: () => must(api.GET('/v1/auctions', { params: { query: { limit: 200 } } })) });
  return (
    <>
      <h1>{t('buyer.title')}</h1>
      <Loaded query={lots}>{(page) => <LotTable lots={page.data} />}</Loaded>
    </>
  );
}

/** The buyer's catalogue (GET /v1/auctions) with the API's filters; every filter is the query, nothing is filtered here. */
export function Catalogue() {
  const { t } = useI18n();
  const { draft, change, filters, apply } = useFilters<LotQuery>({ status: 'live' });
  const lots = useQuery({ queryKey: ['auctions', 'catalogue', filters], queryFn: () => must(api.GET('/v1/auctions', { params: { query: { ...filters, limit: 60 } } })) });
  const year = (value: string) => (value === '' ? undefined : Number(value));
  return (
    <>
      <h1>{t('buyer.title')}</h1>
      <form onSubmit={apply} className="filters" aria-label={t('cases.filters')}>
        <EnumSelect label={t('cases.status')} family="status" values={CATALOGUE_STATUSES} value={draft.status} onChange={(status) => change({ status })} />
        <TextField label={t('catalogue.make')} value={draft.make ?? ''} onChange={(e) => change({ make: e.target.value || undefined })} />
        <TextField label={t('catalogue.model')} value={draft.model ?? ''} onChange={(e) => change({ model: e.target.value || undefined })} />
        <TextField label={t('catalogue.yearMin')} type="number" inputMode="numeric" value={draft.year_min ?? ''} onChange={(e) => change({ year_min: year(e.target.value) })} />
        <TextField label={t('catalogue.yearMax')} type="number" inputMode="numeric" value={draft.year_max ?? ''} onChange={(e) => change({ year_max: year(e.target.value) })} />
        <TextField label={t('cases.region')} value={draft.region ?? ''} placeholder="US-CA" onChange={(e) => change({ region: e.target.value || undefined })} />
        <button type="submit">{t('cases.apply')}</button>
      </form>
      <Loaded query={lots}>
        {(page) => (
          <ul className="cards catalogue">
            {page.data.length === 0 && <li>{t('app.none')}</li>}
            {page.data.map((lot) => (
              <LotCard key={lot.id} lot={lot} />
            ))}
          </ul>
        )}
      </Loaded>
    </>
  );
}

function LotCard({ lot }: { lot: Lot }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const cover = lot.photos[0];
  return (
    <li className="card lot-card">
      {cover && <ProtectedImage path={cover.url} alt={t('lot.photoAlt', { n: 1, count: lot.photos.length, vehicle: vehicleName(lot.vehicle) })} className="thumbnail" testId="lot-thumbnail" />}
      <h2>
        <Link href={`/auctions/${lot.id}`}>{vehicleName(lot.vehicle)}</Link>
      </h2>
      <p className="meta">
        {label('status', lot.status)} · {lot.region} · {lot.vehicle.odometer !== null ? t('catalogue.odometer', { miles: lot.vehicle.odometer }) : '—'} · {lot.vehicle.title_status ? label('title_status', lot.vehicle.title_status) : '—'}
      </p>
      <p>
        {t('lot.price')}: <strong>{formatMoney(language, lot.current_price ?? lot.start_price)}</strong> · {t('lot.bidCount', { count: lot.bid_count })} · {t('lot.endsAt', { at: formatDateTime(language, lot.ends_at) })}
        {lot.my_standing?.leading && <> · {t('lot.leading')}</>}
      </p>
    </li>
  );
}

/** Time left to the lot's end, ticking each second; the end itself is the server's (it moves with anti-sniping). */
function Countdown({ lot, receivedAt }: { lot: Lot; receivedAt: number }) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1_000);
    return () => window.clearInterval(timer);
  }, []);
  const deadline = lotDeadline(lot, receivedAt);
  return deadline === null ? null : <p data-testid="lot-countdown">{t('lot.timeLeft', { left: countdown(deadline - now) })}</p>;
}

/**
 * Follows a live lot's stream (GET /v1/auctions/{id}/stream) with the bearer: each event updates
 * the page at once, then the lot is read again for what the stream does not carry (the minimum
 * next bid, the caller's own maximum, the time left by the server's clock). True while events come.
 */
function useLotStream(id: string, live: boolean): boolean {
  const queries = useQueryClient();
  const [streaming, setStreaming] = useState(false);
  useEffect(() => {
    if (!live) return;
    const stop = new AbortController();
    void followEventStream(`/v1/auctions/${encodeURIComponent(id)}/stream`, {
      fetch: authorisedFetch(session),
      signal: stop.signal,
      onEvent: (event) => {
        setStreaming(true);
        const data = JSON.parse(event.data) as LotStreamData;
        queries.setQueryData<Lot>(['auctions', id], (old) => old && applyStreamEvent(old, data));
        if (event.type !== 'snapshot') void queries.invalidateQueries({ queryKey: ['auctions', id] });
      },
    }).finally(() => setStreaming(false));
    return () => stop.abort();
  }, [id, live, queries]);
  return streaming;
}

/**
 * A lot: its vehicle, price, bids, reserve state and countdown; for a buyer its standing, the least
 * maximum it may bid and the proxy bid form. A live lot follows its event stream; while the stream
 * is not delivering (not reachable, reconnecting) the lot is read every 2 s instead, so another
 * buyer's bid shows without reloading either way.
 */
export function LotPage({ id, buyer }: { id: string; buyer: boolean }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const [live, setLive] = useState(false);
  const streaming = useLotStream(id, live);
  const lot = useQuery({
    queryKey: ['auctions', id],
    queryFn: () => must(api.GET('/v1/auctions/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (query.state.data?.status === 'live' && !streaming ? 2_000 : false),
  });
  useEffect(() => setLive(lot.data?.status === 'live'), [lot.data?.status]);
  return (
    <Loaded query={lot}>
      {(l) => (
        <>
          <h1>{vehicleName(l.vehicle)}</h1>
          <div className="lot-live" aria-live="polite" data-updates={streaming ? 'stream' : 'polling'}>
            <p className="price">
              {t('lot.price')}: <strong data-testid="lot-price">{formatMoney(language, l.current_price ?? l.start_price)}</strong>
            </p>
            <p>
              <span data-testid="lot-status">{label('status', l.status)}</span> · {t('lot.bidCount', { count: l.bid_count })} · {l.has_reserve ? (l.reserve_met ? t('lot.reserveMet') : t('lot.reserveNotMet')) : t('lot.noReserve')}
            </p>
            <Countdown lot={l} receivedAt={lot.dataUpdatedAt} />
            {/* A buyer who has not bid has a standing only for what covers its bids: neither leading nor outbid. */}
            {buyer && l.my_standing && (l.my_standing.leading || l.my_standing.your_max) && (
              <p data-testid="lot-standing" className={l.my_standing.leading ? 'allowed' : 'refused'}>
                {l.my_standing.leading ? t('lot.leading') : t('lot.outbid')}
                {l.my_standing.your_max && <> · {t('lot.yourMax', { max: formatMoney(language, l.my_standing.your_max) })}</>}
              </p>
            )}
            {buyer && l.my_standing?.cover && (
              <p data-testid="lot-cover">{t('lot.coveredUpTo', { max: formatMoney(language, l.my_standing.cover.up_to), sources: l.my_standing.cover.sources.map((source) => label('sources', source)).join(', ') })}</p>
            )}
          </div>
          <dl className="facts">
            <dt>{t('vehicles.vin')}</dt>
            <dd>{l.vehicle.vin}</dd>
            <dt>{t('catalogue.odometerLabel')}</dt>
            <dd>{l.vehicle.odometer ?? '—'}</dd>
            <dt>{t('vehicles.titleStatus')}</dt>
            <dd>{l.vehicle.title_status ? label('title_status', l.vehicle.title_status) : '—'}</dd>
            <dt>{t('lot.startPrice')}</dt>
            <dd>{formatMoney(language, l.start_price)}</dd>
            {l.reserve_price && (
              <>
                <dt>{t('lot.reserve')}</dt>
                <dd>{formatMoney(language, l.reserve_price)}</dd>
              </>
            )}
            {l.buy_now_price && (
              <>
                <dt>{t('lot.buyNowPrice')}</dt>
                <dd>{formatMoney(language, l.buy_now_price)}</dd>
              </>
            )}
            <dt>{t('lot.deposit')}</dt>
            <dd>
              {formatMoney(language, l.deposit_required)}
              {buyer && l.deposit_required.amount > 0 && (l.status === 'live' || l.status === 'scheduled') && (
                <>
                  {' '}
                  · <Link href={`/deposits?lot=${l.id}`}>{t('lot.placeDeposit')}</Link>
                </>
              )}
            </dd>
            <dt>{t('lot.premium')}</dt>
            <dd>{t('lot.premiumTerms', { percent: l.buyer_premium.bps / 100, min: formatMoney(language, l.buyer_premium.min), max: l.buyer_premium.max ? formatMoney(language, l.buyer_premium.max) : '—' })}</dd>
            <dt>{t('lot.window')}</dt>
            <dd>{formatDateTime(language, l.starts_at)} – {formatDateTime(language, l.ends_at)}</dd>
            <dt>{t('lot.pickup')}</dt>
            <dd>
              {l.pickup_location.name}, {l.pickup_location.address}
            </dd>
            {l.hammer_price && (
              <>
                <dt>{t('lot.hammer')}</dt>
                <dd>
                  {formatMoney(language, l.hammer_price)}
                  {l.sold_by && <> · {label('sold_by', l.sold_by)}</>}
                </dd>
              </>
            )}
          </dl>
          <ConditionReport lot={l} />
          <PhotoGallery lot={l} />
          {buyer && l.status === 'live' && <BidForm lot={l} />}
        </>
      )}
    </Loaded>
  );
}

/** The tow operator's condition report from the recovery and the lender's note (GET /v1/auctions/{id} `condition_report`). */
export function ConditionReport({ lot }: { lot: Pick<Lot, 'condition_report'> }) {
  const { t, language } = useI18n();
  const report = lot.condition_report;
  return (
    <section className="card" aria-labelledby="condition-report">
      <h2 id="condition-report">{t('lot.condition')}</h2>
      {report === null ? (
        <p>{t('lot.noCondition')}</p>
      ) : (
        <dl className="facts" data-testid="condition-report">
          {report.recovered_at && (
            <>
              <dt>{t('lot.recoveredAt')}</dt>
              <dd>{formatDateTime(language, report.recovered_at)}</dd>
            </>
          )}
          {report.odometer !== null && (
            <>
              <dt>{t('lot.odometerAtRecovery')}</dt>
              <dd>{t('catalogue.odometer', { miles: report.odometer })}</dd>
            </>
          )}
          {report.keys_recovered !== null && (
            <>
              <dt>{t('lot.keys')}</dt>
              <dd>{report.keys_recovered ? t('lot.keysYes') : t('lot.keysNo')}</dd>
            </>
          )}
          <dt>{t('lot.conditionNotes')}</dt>
          <dd data-testid="condition-notes">{report.notes ?? '—'}</dd>
          {report.lender_note && (
            <>
              <dt>{t('lot.lenderNote')}</dt>
              <dd data-testid="condition-lender-note">{report.lender_note}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}

/** The recovery report's photos of the vehicle: one shown large, the others as buttons to show instead. */
function PhotoGallery({ lot }: { lot: Lot }) {
  const { t, language } = useI18n();
  const [shown, setShown] = useState(0);
  const alt = (i: number) => t('lot.photoAlt', { n: i + 1, count: lot.photos.length, vehicle: vehicleName(lot.vehicle) });
  const current = lot.photos[Math.min(shown, lot.photos.length - 1)];
  return (
    <section className="card" aria-labelledby="lot-photos">
      <h2 id="lot-photos">{t('lot.photos')}</h2>
      {!current ? (
        <p>{t('lot.noPhotos')}</p>
      ) : (
        <figure className="gallery">
          <ProtectedImage key={current.id} path={current.url} alt={alt(lot.photos.indexOf(current))} className="photo" testId="lot-photo" />
          <figcaption>{t('lot.photoTaken', { at: formatDateTime(language, current.taken_at) })}</figcaption>
          {lot.photos.length > 1 && (
            <ul className="thumbnails" aria-label={t('lot.photoChoice')}>
              {lot.photos.map((photo, i) => (
                <li key={photo.id}>
                  <button type="button" className="secondary" aria-pressed={photo === current} onClick={() => setShown(i)}>
                    {t('lot.photoShow', { n: i + 1 })}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </figure>
      )}
    </section>
  );
}

function BidForm({ lot }: { lot: Lot }) {
  const { t, language } = useI18n();
  const queries = useQueryClient();
  const [max, setMax] = useState('');
  const [answer, setAnswer] = useState<Schemas['AuctionBidAnswer'] | null>(null);
  const { errors, busy, run } = useSubmit(['max_amount', 'max_amount.amount']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const minor = toMinorUnits(max, lot.currency);
      if (minor === null) throw { status: 400, code: 'validation.failed', title: '', errors: [{ field: 'max_amount', message: t('money.amountInvalid') }] };
      setAnswer(null);
      setAnswer(await must(api.POST('/v1/auctions/{id}/bids', { params: { path: { id: lot.id } }, body: { max_amount: { amount: minor, currency: lot.currency } } })));
      await queries.invalidateQueries({ queryKey: ['auctions', lot.id] });
    });
  };
  const buyNow = () =>
    void run(async () => {
      await must(api.POST('/v1/auctions/{id}/buy-now', { params: { path: { id: lot.id } } }));
      await queries.invalidateQueries({ queryKey: ['auctions', lot.id] });
    });
  return (
    <section className="card" aria-labelledby="bid">
      <h2 id="bid">{t('lot.bidTitle')}</h2>
      {lot.minimum_bid && <p data-testid="lot-minimum">{t('lot.minimum', { amount: formatMoney(language, lot.minimum_bid) })}</p>}
      <form onSubmit={submit} noValidate>
        <FormProblems errors={errors} />
        <TextField label={t('lot.maxAmount', { currency: lot.currency })} hint={t('lot.maxHint')} inputMode="decimal" value={max} onChange={(e) => setMax(e.target.value)} error={errors.fields.max_amount ?? errors.fields['max_amount.amount']} required />
        <button type="submit" disabled={busy}>
          {t('lot.placeBid')}
        </button>
      </form>
      {answer && <p role="status">{answer.leading ? t('lot.bidLeading', { price: formatMoney(language, answer.current_price) }) : t('lot.bidOutbid', { price: formatMoney(language, answer.current_price) })}</p>}
      {lot.buy_now_available && lot.buy_now_price && (
        <button type="button" className="secondary" onClick={buyNow} disabled={busy}>
          {t('lot.buyNow', { price: formatMoney(language, lot.buy_now_price) })}
        </button>
      )}
    </section>
  );
}

/** The buyer's deposit holds (GET /v1/me/deposits) and a new hold on a lot (POST /v1/deposits). */
export function Deposits() {
  const { t, language } = useI18n();
  const label = useEnum();
  const queries = useQueryClient();
  const deposits = useQuery({ queryKey: ['deposits'], queryFn: () => must(api.GET('/v1/me/deposits', { params: { query: { limit: 100 } } })) });
  // The lot page links here with `?lot=` when its lot asks for a deposit.
  const [lotId, setLotId] = useState(() => new URLSearchParams(window.location.search).get('lot') ?? '');
  const [method, setMethod] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('USD');
  // One hold per click: the key is kept until the API accepted the hold, so a repeated submit replays it.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const { errors, busy, run } = useSubmit(['lot_id', 'payment_method', 'amount', 'amount.amount']);
  // A standing deposit is released by the buyer once nothing it covers is open (409 otherwise, shown above the table).
  const releasing = useSubmit([]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const minor = amount.trim() === '' ? undefined : toMinorUnits(amount, currency);
      if (minor === null) throw { status: 400, code: 'validation.failed', title: '', errors: [{ field: 'amount', message: t('money.amountInvalid') }] };
      await must(api.POST('/v1/deposits', { headers: { 'Idempotency-Key': key }, body: { ...(lotId.trim() === '' ? {} : { lot_id: lotId.trim() }), payment_method: method.trim(), ...(minor === undefined ? {} : { amount: { amount: minor, currency } }) } }));
      setKey(crypto.randomUUID());
      setAmount('');
      await queries.invalidateQueries({ queryKey: ['deposits'] });
    });
  };
  return (
    <>
      <h1>{t('deposits.title')}</h1>
      <FormProblems errors={releasing.errors} />
      <Loaded query={deposits}>
        {(page) => (
          <Table
            headers={[t('deposits.lot'), t('deposits.amount'), t('deposits.covers'), t('cases.status'), t('deposits.placed'), '']}
            items={page.data}
            row={(d) => (
              <tr key={d.id}>
                <td>
                  {d.lot_id ? <Link href={`/auctions/${d.lot_id}`}>{t('deposits.openLot')}</Link> : <span data-testid="deposit-kind">{label('kind', d.kind)}</span>}
                  {d.expires_at && <div className="hint">{t('deposits.expires', { when: formatDateTime(language, d.expires_at) })}</div>}
                </td>
                <td>{formatMoney(language, d.amount)}</td>
                <td>{formatMoney(language, d.covers_up_to)}</td>
                <td data-testid="deposit-status">{label('status', d.status)}</td>
                <td>{formatDateTime(language, d.created_at)}</td>
                <td>
                  {!d.lot_id && d.status === 'authorised' && (
                    <button type="button" disabled={releasing.busy} onClick={() => void releasing.run(async () => { await must(api.POST('/v1/deposits/{id}/release', { params: { path: { id: d.id } } })); await queries.invalidateQueries({ queryKey: ['deposits'] }); })}>
                      {t('deposits.release')}
                    </button>
                  )}
                </td>
              </tr>
            )}
          />
        )}
      </Loaded>
      <h2>{t('deposits.new')}</h2>
      <form onSubmit={submit} noValidate>
        <FormProblems errors={errors} />
        <TextField label={t('deposits.lotId')} hint={t('deposits.lotHint')} value={lotId} onChange={(e) => setLotId(e.target.value)} error={errors.fields.lot_id} />
        <TextField label={t('deposits.method')} hint={t('deposits.methodHint')} value={method} onChange={(e) => setMethod(e.target.value)} error={errors.fields.payment_method} required />
        <TextField label={t('deposits.currency')} value={currency} maxLength={3} onChange={(e) => setCurrency(e.target.value.toUpperCase())} />
        <TextField label={t('deposits.amountField')} hint={t('deposits.amountHint')} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} error={errors.fields.amount ?? errors.fields['amount.amount']} />
        <button type="submit" disabled={busy}>
          {t('deposits.place')}
        </button>
      </form>
    </>
  );
}

/**
 * The buyer's auction invoices (GET /v1/invoices) with what each asks of it next: an open one the
 * balance to transfer, a paid one the release code and where to collect the vehicle (its release
 * order, GET /v1/releases, the buyer's own with their codes).
 */
export function Invoices() {
  const { t } = useI18n();
  const invoices = useQuery({ queryKey: ['invoices'], queryFn: () => must(api.GET('/v1/invoices', { params: { query: { limit: 100 } } })) });
  const releases = useQuery({ queryKey: ['releases'], queryFn: () => must(api.GET('/v1/releases', { params: { query: { limit: 100 } } })) });
  return (
    <>
      <h1>{t('invoices.title')}</h1>
      <Loaded query={invoices}>
        {(page) => (
          <Loaded query={releases}>
            {(orders) => (
              <ul className="cards">
                {page.data.length === 0 && <li>{t('app.none')}</li>}
                {page.data.map((invoice) => (
                  <InvoiceCard key={invoice.id} invoice={invoice} release={orders.data.find((r) => r.invoice_id === invoice.id) ?? null} buyer />
                ))}
              </ul>
            )}
          </Loaded>
        )}
      </Loaded>
    </>
  );
}

/** One invoice (GET /v1/invoices/{id}, the link of the e-mails): the buyer's, or a lender's of its lot, with its release order. */
export function InvoicePage({ id, buyer }: { id: string; buyer: boolean }) {
  const { t } = useI18n();
  const invoice = useQuery({ queryKey: ['invoices', id], queryFn: () => must(api.GET('/v1/invoices/{id}', { params: { path: { id } } })) });
  return (
    <>
      <h1>{t('invoices.one')}</h1>
      <Loaded query={invoice}>
        {(i) => (
          <ul className="cards">
            <InvoiceCard invoice={i} release={i.release} buyer={buyer} />
          </ul>
        )}
      </Loaded>
    </>
  );
}

/**
 * One invoice: its amounts, then for its buyer how to pay it (open), what to show at the yard
 * (paid), or that it lapsed; a lender sees the amounts, the status and where the vehicle is.
 */
export function InvoiceCard({ invoice, release, buyer }: { invoice: Schemas['AuctionInvoice']; release: Schemas['AuctionRelease'] | null; buyer: boolean }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const step = buyer ? invoiceStep(invoice, release) : null;
  return (
    <li className="card" data-testid="invoice">
      <h2>
        <Link href={`/auctions/${invoice.lot_id}`}>{release ? vehicleName(release.vehicle) : t('invoices.lot')}</Link>
      </h2>
      <dl className="facts">
        <dt>{t('lot.hammer')}</dt>
        <dd>{formatMoney(language, invoice.hammer_price)}</dd>
        <dt>{t('lot.premium')}</dt>
        <dd>{formatMoney(language, invoice.buyer_premium)}</dd>
        <dt>{t('invoices.fees')}</dt>
        <dd>{formatMoney(language, invoiceFees(invoice))}</dd>
        <dt>{t('invoices.total')}</dt>
        <dd>{formatMoney(language, invoice.total)}</dd>
        <dt>{t('invoices.depositApplied')}</dt>
        <dd>{formatMoney(language, invoice.deposit_applied)}</dd>
        <dt>{t('invoices.balanceDue')}</dt>
        <dd data-testid="invoice-balance">{formatMoney(language, invoice.balance_due)}</dd>
        <dt>{t('invoices.dueOn')}</dt>
        <dd>{invoice.due_on}</dd>
        <dt>{t('cases.status')}</dt>
        <dd data-testid="invoice-status">{label('status', invoice.status)}</dd>
      </dl>
      {step === 'pay' && (
        <section aria-label={t('invoices.howToPay')}>
          <h3>{t('invoices.howToPay')}</h3>
          <p data-testid="transfer-instructions">{t('invoices.transfer', { amount: formatMoney(language, invoice.balance_due), reference: invoice.id, due: invoice.due_on })}</p>
        </section>
      )}
      {!buyer && release && (
        <p data-testid="pickup-location">
          {label('status', release.status)} · {release.pickup_location.name}, {release.pickup_location.address}
        </p>
      )}
      {(step === 'collect' || step === 'collected') && release && (
        <section aria-label={t('invoices.pickUp')}>
          <h3>{t('invoices.pickUp')}</h3>
          {step === 'collect' ? (
            <p>
              {t('invoices.releaseCode')}: <strong className="release-code" data-testid="release-code">{release.release_code}</strong>
            </p>
          ) : (
            <p data-testid="release-picked-up">{t('invoices.pickedUp', { at: release.picked_up_at ? formatDateTime(language, release.picked_up_at) : '—' })}</p>
          )}
          <p data-testid="pickup-location">
            {release.pickup_location.name}, {release.pickup_location.address}
          </p>
          {release.storage && <p>{t('invoices.storedSince', { at: formatDateTime(language, release.storage.stored_at), days: release.storage.days })}</p>}
        </section>
      )}
      {step === 'paid' && <p>{t('invoices.releasePending')}</p>}
      {step === 'defaulted' && <p className="refused">{t('invoices.defaulted')}</p>}
    </li>
  );
}

/** What an invoice asks of its buyer now. */
export function invoiceStep(invoice: Pick<Schemas['AuctionInvoice'], 'status'>, release: Pick<Schemas['AuctionRelease'], 'status'> | null): 'pay' | 'paid' | 'collect' | 'collected' | 'defaulted' {
  if (invoice.status === 'open') return 'pay';
  if (invoice.status === 'defaulted') return 'defaulted';
  if (!release) return 'paid';
  return release.status === 'picked_up' ? 'collected' : 'collect';
}

/** What the invoice charges beyond the hammer and the premium (the API itemises only those two today). */
export function invoiceFees(invoice: Pick<Schemas['AuctionInvoice'], 'total' | 'hammer_price' | 'buyer_premium'>): Schemas['Money'] {
  return { amount: invoice.total.amount - invoice.hammer_price.amount - invoice.buyer_premium.amount, currency: invoice.total.currency };
}

/** The buyer's second-chance offers (GET /v1/second-chance-offers): the lot at its own maximum, to accept or decline before it lapses. */
export function SecondChanceOffers() {
  const { t } = useI18n();
  const offers = useQuery({ queryKey: ['second-chance-offers'], queryFn: () => must(api.GET('/v1/second-chance-offers', { params: { query: { limit: 100 } } })) });
  return (
    <>
      <h1>{t('offers.title')}</h1>
      <p>{t('offers.intro')}</p>
      <Loaded query={offers}>
        {(page) => (
          <ul className="cards">
            {page.data.length === 0 && <li>{t('app.none')}</li>}
            {page.data.map((offer) => (
              <OfferCard key={offer.id} offer={offer} />
            ))}
          </ul>
        )}
      </Loaded>
    </>
  );
}

function OfferCard({ offer }: { offer: Schemas['SecondChanceOffer'] }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const queries = useQueryClient();
  const [method, setMethod] = useState('');
  const { errors, busy, run } = useSubmit(['payment_method']);
  const needsDeposit = offer.deposit_required.amount > 0;
  const done = async () => {
    await queries.invalidateQueries({ queryKey: ['second-chance-offers'] });
    await queries.invalidateQueries({ queryKey: ['invoices'] });
  };
  const accept = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await must(api.POST('/v1/second-chance-offers/{id}/accept', { params: { path: { id: offer.id } }, body: needsDeposit && method.trim() ? { payment_method: method.trim() } : {} }));
      await done();
    });
  };
  const decline = () =>
    void run(async () => {
      await must(api.POST('/v1/second-chance-offers/{id}/decline', { params: { path: { id: offer.id } } }));
      await done();
    });
  return (
    <li className="card" data-testid="offer">
      <h2>
        <Link href={`/auctions/${offer.lot_id}`}>{t('offers.lot')}</Link>
      </h2>
      <dl className="facts">
        <dt>{t('offers.price')}</dt>
        <dd data-testid="offer-price">{formatMoney(language, offer.price)}</dd>
        <dt>{t('lot.deposit')}</dt>
        <dd>{formatMoney(language, offer.deposit_required)}</dd>
        <dt>{t('offers.expires')}</dt>
        <dd data-testid="offer-expires">{formatDateTime(language, offer.expires_at)}</dd>
        <dt>{t('cases.status')}</dt>
        <dd data-testid="offer-status">{label('status', offer.status)}</dd>
      </dl>
      {offer.status === 'open' && (
        <form onSubmit={accept} noValidate aria-label={t('offers.answer')}>
          <FormProblems errors={errors} />
          {needsDeposit && <TextField label={t('deposits.method')} hint={t('offers.methodHint')} value={method} onChange={(e) => setMethod(e.target.value)} error={errors.fields.payment_method} />}
          <button type="submit" disabled={busy}>
            {t('offers.accept', { price: formatMoney(language, offer.price) })}
          </button>{' '}
          <button type="button" className="secondary" onClick={decline} disabled={busy}>
            {t('offers.decline')}
          </button>
        </form>
      )}
      {offer.invoice_id && (
        <p>
          <Link href="/invoices">{t('offers.toInvoice')}</Link>
        </p>
      )}
    </li>
  );
}
