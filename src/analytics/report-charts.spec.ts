import type { Portfolio } from './portfolio-queries.service';
import { recoveryCurveSvg, rollRatesSvg, scorecardTrendSvg } from './report-charts';

const r = (numerator: number, denominator: number, rate: number | null) => ({ numerator, denominator, rate });
const portfolio: Pick<Portfolio, 'product' | 'region' | 'from' | 'to' | 'recovery_curve' | 'roll_rates'> = {
  product: 'personal_loan',
  region: null,
  from: '2026-06-01',
  to: '2026-09-30',
  recovery_curve: [{ currency: 'USD', points: [{ days: 30, ...r(5_000, 150_000, 0.0333) }, { days: 60, ...r(9_000, 150_000, 0.06) }] }],
  roll_rates: [
    { month: '2026-07-01', from: 'M1', to: 'M2', ...r(1, 1, 1) },
    { month: '2026-08-01', from: 'M2', to: 'M4+', ...r(3, 4, 0.75) },
    { month: '2026-08-01', from: 'M2', to: 'closed', ...r(1, 4, 0.25) },
  ],
};

describe('report charts', () => {
  it('the recovery curve: one point per day mark with its figures, described in words', () => {
    const svg = recoveryCurveSvg(portfolio);
    expect(svg).toContain('<title>USD: 30 days: 3.33 % (5000 of 150000)</title>');
    expect(svg).toContain('<title>USD: 60 days: 6 % (9000 of 150000)</title>');
    expect(svg).toContain("(personal_loan, all regions, 2026-06 to 2026-09). USD: 30 days 3.33 % (5000 of 150000), 60 days 6 % (9000 of 150000)</desc>");
  });

  it('the roll-rate heat map shows the last month of the period', () => {
    const svg = rollRatesSvg(portfolio);
    expect(svg).toContain('<title id="chart-title">Roll rates, 2026-08</title>');
    expect(svg).toContain('<title>M2 → M4+: 75 % (3 of 4)</title>');
    expect(svg).toContain('<title>M2 → closed: 25 % (1 of 4)</title>');
    expect(svg).toContain('<title>M2 → M1: none</title>');
    expect(svg).not.toContain('M1 → M2: 100 %');
  });

  it('scorecard trends: three lines by month, a month without jobs leaves a gap', () => {
    const svg = scorecardTrendSvg({
      partner_org_id: 'p',
      kind: 'collection',
      region: null,
      months: [
        { month: '2026-07-01', recovery_rate_by_count: r(1, 2, 0.5), sla_breach_rate: r(0, 2, 0), complaint_rate: r(1, 2, 0.5) },
        { month: '2026-08-01', recovery_rate_by_count: r(0, 0, null), sla_breach_rate: r(0, 0, null), complaint_rate: r(0, 0, null) },
      ],
    });
    expect(svg).toContain('<title>recovery rate: 2026-07: 50 % (1 of 2)</title>');
    expect(svg).toContain('<title>SLA breach rate: 2026-07: 0 % (0 of 2)</title>');
    expect(svg).toContain('2026-08: recovery rate nothing to count');
    expect(svg.match(/<circle /g)).toHaveLength(3);
  });
});
