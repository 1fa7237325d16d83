import { useQuery } from '@tanstack/react-query';
import { api, must, type Schemas } from '../api/client';
import { barWidths, linePath } from '../charts/scale';
import { formatMoney, useEnum, useI18n } from '../i18n/i18n';
import { useFilters } from '../ui/filters';
import { PeriodFilter, type Period } from '../ui/period-filter';
import { Loaded } from '../ui/status';
import { Table } from '../ui/table';
import { ProtectedImage } from '../ui/protected-image';

type Report = Schemas['LenderPortfolio'];
const CHART_WIDTH = 320;
const CHART_HEIGHT = 160;
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)} %`);

/** The lender's portfolio report (GET /v1/analytics/portfolio): placements, the recovery curve, roll rates and settled sales. */
export function Portfolio() {
  const { t } = useI18n();
  const { draft, change, filters, apply } = useFilters<Period>({});
  const report = useQuery({ queryKey: ['portfolio', filters], queryFn: () => must(api.GET('/v1/analytics/portfolio', { params: { query: { ...filters, format: 'json' } } })) });
  return (
    <>
      <h1>{t('portfolio.title')}</h1>
      <PeriodFilter draft={draft} change={change} apply={apply} />
      <Loaded query={report}>
        {(r) =>
          typeof r === 'string' ? null : (
            <div className="grid">
              <Placements report={r} />
              <RecoveryCurve report={r} />
              <RollRates report={r} period={filters} />
              <SettledSales report={r} />
            </div>
          )
        }
      </Loaded>
    </>
  );
}

function Placements({ report }: { report: Report }) {
  const { t } = useI18n();
  const label = useEnum();
  const widths = barWidths(
    report.placements.map((p) => p.cases),
    CHART_WIDTH - 120,
  );
  return (
    <section className="card" aria-labelledby="placements-chart">
      <h2 id="placements-chart">{t('portfolio.placements')}</h2>
      {report.placements.length === 0 ? (
        <p>{t('app.none')}</p>
      ) : (
        <svg role="img" aria-labelledby="placements-chart" viewBox={`0 0 ${CHART_WIDTH} ${report.placements.length * 24}`} width="100%" data-testid="placements-chart">
          {report.placements.map((p, i) => (
            <g key={`${p.bucket}-${p.stage}-${p.currency}`} transform={`translate(0 ${i * 24})`}>
              <text x="0" y="16" fontSize="12">
                {label('bucket', p.bucket)} · {label('stage', p.stage)}
              </text>
              <rect x="110" y="4" width={widths[i]} height="16" fill="#0b5cad" />
              <text x={114 + widths[i]!} y="16" fontSize="12">
                {p.cases}
              </text>
            </g>
          ))}
        </svg>
      )}
    </section>
  );
}

function RecoveryCurve({ report }: { report: Report }) {
  const { t, language } = useI18n();
  return (
    <section className="card" aria-labelledby="recovery-chart">
      <h2 id="recovery-chart">{t('portfolio.recovery')}</h2>
      {report.recovery_curve.length === 0 && <p>{t('app.none')}</p>}
      {report.recovery_curve.map((curve) => {
        const points = curve.points.filter((p) => p.rate !== null).map((p) => ({ x: p.days, y: p.rate! }));
        return (
          <figure key={curve.currency}>
            <svg role="img" aria-label={t('portfolio.recoveryOf', { currency: curve.currency })} viewBox={`-2 -2 ${CHART_WIDTH + 4} ${CHART_HEIGHT + 4}`} width="100%" data-testid="recovery-chart">
              <rect x="0" y="0" width={CHART_WIDTH} height={CHART_HEIGHT} fill="none" stroke="#c9ced6" />
              <path d={linePath(points, CHART_WIDTH, CHART_HEIGHT)} fill="none" stroke="#0b5cad" strokeWidth="2" />
            </svg>
            <figcaption>
              <Table
                headers={[t('portfolio.days'), t('portfolio.recovered')]}
                items={curve.points}
                row={(p) => (
                  <tr key={p.days}>
                    <td>{p.days}</td>
                    <td>
                      {t('portfolio.recoveredOf', { rate: percent(p.rate), recovered: formatMoney(language, { amount: p.numerator, currency: curve.currency }), placed: formatMoney(language, { amount: p.denominator, currency: curve.currency }) })}
                    </td>
                  </tr>
                )}
              />
            </figcaption>
          </figure>
        );
      })}
    </section>
  );
}

/** The API's roll-rate heat map (`format=svg&chart=roll_rates`, the same period), with its figures as a table for reading aloud. */
function RollRates({ report, period }: { report: Report; period: Period }) {
  const { t } = useI18n();
  const label = useEnum();
  const query = new URLSearchParams({ ...period, format: 'svg', chart: 'roll_rates' });
  return (
    <section className="card" aria-labelledby="roll-rates">
      <h2 id="roll-rates">{t('portfolio.rollRates')}</h2>
      {report.roll_rates.length === 0 ? (
        <p>{t('app.none')}</p>
      ) : (
        <figure>
          <ProtectedImage path={`/v1/analytics/portfolio?${query.toString()}`} alt={t('portfolio.rollRatesAlt')} className="chart" testId="roll-rates-chart" />
          <figcaption>
            <Table
              headers={[t('portfolio.month'), t('portfolio.rollFrom'), t('portfolio.rollTo'), t('portfolio.share')]}
              items={report.roll_rates}
              row={(r) => (
                <tr key={`${r.month}-${r.from}-${r.to}`}>
                  <td>{r.month}</td>
                  <td>{label('bucket', r.from)}</td>
                  <td>{label('bucket', r.to)}</td>
                  <td>
                    {percent(r.rate)} ({r.numerator}/{r.denominator})
                  </td>
                </tr>
              )}
            />
          </figcaption>
        </figure>
      )}
    </section>
  );
}

function SettledSales({ report }: { report: Report }) {
  const { t, language } = useI18n();
  return (
    <section className="card" aria-labelledby="portfolio-settlements">
      <h2 id="portfolio-settlements">{t('settlements.title')}</h2>
      <Table
        headers={[t('settlements.count'), t('settlements.proceeds'), t('settlements.surplus'), t('settlements.deficiency')]}
        items={report.settlements}
        row={(s) => (
          <tr key={s.currency}>
            <td>{s.settlements}</td>
            <td>{formatMoney(language, { amount: s.proceeds, currency: s.currency })}</td>
            <td>
              {formatMoney(language, { amount: s.surplus.amount, currency: s.currency })} ({s.surplus.count})
            </td>
            <td>
              {formatMoney(language, { amount: s.deficiency.amount, currency: s.currency })} ({s.deficiency.count})
            </td>
          </tr>
        )}
      />
    </section>
  );
}
