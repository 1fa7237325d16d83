import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, blobUrl, must, type Schemas } from '../api/client';
import { formatDateTime, formatMoney, useEnum, useI18n } from '../i18n/i18n';
import { Link } from '../router';
import { useFilters } from '../ui/filters';
import { PeriodFilter, type Period } from '../ui/period-filter';
import { FormProblems } from '../ui/form';
import { Table } from '../ui/table';
import { Loaded, useSubmit } from '../ui/status';

type Settlement = Schemas['Settlement'];
type Explanation = Schemas['SettlementExplanation'];

/** Settled sales (GET /v1/settlements) by sale day, with the API's totals per currency over the whole filter. */
export function Settlements() {
  const { t, language } = useI18n();
  const label = useEnum();
  const { draft, change, filters, apply } = useFilters<Period>({});
  const list = useQuery({ queryKey: ['settlements', filters], queryFn: () => must(api.GET('/v1/settlements', { params: { query: { ...filters, limit: 100 } } })) });
  return (
    <>
      <h1>{t('settlements.title')}</h1>
      <PeriodFilter draft={draft} change={change} apply={apply} />
      <Loaded query={list}>
        {(page) => (
          <>
            <section aria-labelledby="settlement-totals">
              <h2 id="settlement-totals">{t('settlements.totals')}</h2>
              <Table
                headers={[t('settlements.currency'), t('settlements.count'), t('settlements.proceeds'), t('settlements.surplus'), t('settlements.surplusUnpaid'), t('settlements.deficiency')]}
                items={page.totals}
                row={(total) => (
                  <tr key={total.currency} data-testid="settlement-total">
                    <td>{total.currency}</td>
                    <td>{total.count}</td>
                    <td>{formatMoney(language, total.proceeds)}</td>
                    <td>{formatMoney(language, total.surplus)}</td>
                    <td>{formatMoney(language, total.surplus_unpaid)}</td>
                    <td>{formatMoney(language, total.deficiency)}</td>
                  </tr>
                )}
              />
            </section>
            <section aria-labelledby="settlement-list">
              <h2 id="settlement-list">{t('settlements.sales')}</h2>
              <Table
                headers={[t('settlements.saleAt'), t('settlements.outcome'), t('settlements.proceeds'), t('settlements.result')]}
                items={page.data}
                row={(s) => (
                  <tr key={s.id}>
                    <td>
                      <Link href={`/settlements/${s.id}`}>{formatDateTime(language, s.sale_at)}</Link>
                    </td>
                    <td>{s.figures ? label('outcome', s.figures.outcome) : '—'}</td>
                    <td>{s.figures ? formatMoney(language, s.figures.proceeds_applied) : '—'}</td>
                    <td>{s.figures ? formatMoney(language, s.figures.outcome === 'deficiency' ? s.figures.deficiency : s.figures.surplus) : '—'}</td>
                  </tr>
                )}
              />
            </section>
          </>
        )}
      </Loaded>
    </>
  );
}

/** One settlement: its figures, every line in §9-615(a) order with its basis, and the §9-616 explanation to print. */
export function SettlementPage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const one = useQuery({ queryKey: ['settlements', id], queryFn: () => must(api.GET('/v1/settlements/{id}', { params: { path: { id } } })) });
  return (
    <Loaded query={one}>
      {(s) => (
        <>
          <div className="no-print">
            <h1>{t('settlements.one', { at: formatDateTime(language, s.sale_at) })}</h1>
            <p>
              <Link href={`/cases/${s.case_id}`}>{t('vehicles.openCase')}</Link> · <Link href={`/vehicles/${s.vehicle_id}`}>{t('settlements.vehicle')}</Link>
              {s.lot_id && (
                <>
                  {' '}
                  · <Link href={`/auctions/${s.lot_id}`}>{t('settlements.lot')}</Link>
                </>
              )}
            </p>
            {s.figures && <Figures figures={s.figures} />}
            <SurplusPaid settlement={s} />
            <section aria-labelledby="settlement-lines">
              <h2 id="settlement-lines">{t('settlements.lines')}</h2>
              <Table
                headers={['#', t('settlements.step'), t('settlements.kind'), t('settlements.claimed'), t('settlements.applied'), t('settlements.payee'), t('settlements.basis')]}
                items={s.lines}
                row={(line) => (
                  <tr key={line.line} data-testid="settlement-line">
                    <td>{line.line}</td>
                    <td>
                      {label('step', line.step)}
                      <br />
                      <small className="meta">{line.statute}</small>
                    </td>
                    <td>{label('type', line.kind)}</td>
                    <td>{formatMoney(language, line.claimed)}</td>
                    <td>{formatMoney(language, line.applied)}</td>
                    <td>{line.payee ? label('payee', line.payee) : '—'}</td>
                    <td>{line.basis}</td>
                  </tr>
                )}
              />
            </section>
          </div>
          {s.figures && <ExplanationSection id={s.id} />}
        </>
      )}
    </Loaded>
  );
}

function Figures({ figures }: { figures: NonNullable<Settlement['figures']> }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const rows: [string, string][] = [
    [t('settlements.outcome'), label('outcome', figures.outcome)],
    [t('settlements.hammer'), formatMoney(language, figures.hammer_price)],
    [t('settlements.proceeds'), formatMoney(language, figures.proceeds_applied)],
    [t('settlements.obligation'), formatMoney(language, figures.obligation)],
    [t('settlements.credits'), formatMoney(language, figures.credits)],
    [t('settlements.expenses'), formatMoney(language, figures.expenses_total)],
    [t('settlements.surplus'), formatMoney(language, figures.surplus)],
    [t('settlements.deficiency'), formatMoney(language, figures.deficiency)],
  ];
  return (
    <dl className="facts" data-testid="settlement-figures">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      {figures.related_party_sale && (
        <div>
          <dt>{t('settlements.relatedParty')}</dt>
          <dd>{figures.related_party_below_market ? t('settlements.belowMarket') : t('settlements.atMarket')}</dd>
        </div>
      )}
    </dl>
  );
}

function SurplusPaid({ settlement }: { settlement: Settlement }) {
  const { t, language } = useI18n();
  const label = useEnum();
  if (!settlement.surplus_payment) return null;
  const paid = settlement.surplus_payment;
  return <p>{t('settlements.surplusPaid', { at: formatDateTime(language, paid.paid_at), via: label('via', paid.via), reference: paid.reference })}</p>;
}

/**
 * The §9-616(c) explanation (GET /v1/settlements/{id}/explanation), laid out in the statute's order
 * so the page prints as the letter the debtor is owed; the API's own printable HTML opens in the
 * console's language too (the route is protected, so it is fetched with the token).
 */
function ExplanationSection({ id }: { id: string }) {
  const { t, language } = useI18n();
  const explanation = useQuery({
    queryKey: ['settlements', id, 'explanation'],
    queryFn: async (): Promise<Explanation> => {
      // The route answers HTML or JSON (its type is the union); format=json is asked for, so text is a broken answer.
      const answer = await must(api.GET('/v1/settlements/{id}/explanation', { params: { path: { id }, query: { format: 'json' } } }));
      if (typeof answer === 'string') throw { status: 502, title: t('app.error') };
      return answer;
    },
  });
  const [printable, setPrintable] = useState<string | null>(null);
  const { errors, busy, run } = useSubmit([]);
  const open = () => void run(async () => setPrintable(await blobUrl(`/v1/settlements/${id}/explanation?format=html&lang=${encodeURIComponent(language)}`)));
  return (
    <section aria-labelledby="explanation" className="explanation">
      <div className="no-print actions">
        <FormProblems errors={errors} />
        <button type="button" onClick={() => window.print()}>
          {t('settlements.print')}
        </button>
        <button type="button" className="secondary" onClick={open} disabled={busy}>
          {t('settlements.printable')}
        </button>
        {printable && (
          <a href={printable} target="_blank" rel="noreferrer">
            {t('settlements.openPrintable')}
          </a>
        )}
      </div>
      <Loaded query={explanation}>{(e) => <ExplanationText explanation={e} />}</Loaded>
    </section>
  );
}

function ExplanationText({ explanation: e }: { explanation: Explanation }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const money = (m: Schemas['Money']) => formatMoney(language, m);
  return (
    <article data-testid="explanation">
      <h2 id="explanation">{t('explanation.title')}</h2>
      <p className="meta">{t('explanation.statute', { statute: e.statute })}</p>
      <ol className="explanation-steps">
        <li>{t('explanation.obligation', { amount: money(e.aggregate_obligation.amount), date: e.aggregate_obligation.as_of })}</li>
        <li>
          {t('explanation.proceeds', { amount: money(e.proceeds.amount) })}
          {e.proceeds.related_party_below_market && <> {t('explanation.belowMarket', { hammer: money(e.proceeds.hammer_price) })}</>}
        </li>
        <li>{t('explanation.less', { amount: money(e.obligation_less_proceeds) })}</li>
        <li>
          {t('explanation.expenses', { amount: money(e.expenses.total) })}
          {e.expenses.by_type.length > 0 && (
            <ul>
              {e.expenses.by_type.map((x) => (
                <li key={x.type}>
                  {label('type', x.type)}: {money(x.amount)}
                </li>
              ))}
            </ul>
          )}
        </li>
        <li>
          {t('explanation.credits', { amount: money(e.credits.total) })}
          {e.credits.by_type.length > 0 && (
            <ul>
              {e.credits.by_type.map((x) => (
                <li key={x.type}>
                  {label('type', x.type)}: {money(x.amount)}
                </li>
              ))}
            </ul>
          )}
        </li>
        <li data-testid="explanation-result">{e.result.kind === 'none' ? t('explanation.none') : t(e.result.kind === 'surplus' ? 'explanation.surplus' : 'explanation.deficiency', { amount: money(e.result.amount) })}</li>
      </ol>
      {e.lienholder_payments.length > 0 && (
        <>
          <h3>{t('explanation.lienholders')}</h3>
          <ul>
            {e.lienholder_payments.map((p) => (
              <li key={p.holder}>
                {p.holder}: {money(p.amount)}
              </li>
            ))}
          </ul>
        </>
      )}
      {e.future_changes_statement && <p>{t('explanation.futureChanges')}</p>}
      <p>{t('explanation.contact', { phone: e.contact.phone ?? '—', address: e.contact.address ?? '—' })}</p>
    </article>
  );
}
