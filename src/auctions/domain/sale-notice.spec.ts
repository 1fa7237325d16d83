import { DEFICIENCY_WARNING, earliestSaleOn, noticePeriodFor, redemptionAmount, saleNoticeGate, saleNoticeText } from './sale-notice';

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('notice of plan to sell (UCC §9-611/§9-614, DESIGN §7)', () => {
  it.each([
    ['US-TX', 10],
    ['US-NY', 10],
    ['US-CA', 15],
    ['GB-ENG', 10],
  ])('%s waits %i days after the notice', (region, days) => {
    expect(noticePeriodFor(region).days).toBe(days);
  });

  it.each([
    ['2026-11-01', 'US-TX', '2026-11-11'],
    ['2026-11-01', 'US-CA', '2026-11-16'],
    ['2026-12-25', 'US-TX', '2027-01-04'],
    ['2028-02-20', 'US-CA', '2028-03-06'],
  ])('sent %s in %s: the earliest sale day is %s', (sentOn, region, earliest) => {
    expect(earliestSaleOn(sentOn, region)).toBe(earliest);
  });

  it.each<[string, string | null, string, string, boolean, string | null]>([
    ['no notice', null, 'US-TX', '2026-12-01T10:00:00Z', false, null],
    ['a day early', '2026-11-01', 'US-TX', '2026-11-10T23:59:59.999Z', false, '2026-11-11'],
    ['on the earliest day, at midnight UTC', '2026-11-01', 'US-TX', '2026-11-11T00:00:00Z', true, null],
    ['later', '2026-11-01', 'US-TX', '2026-11-20T08:00:00Z', true, null],
    ['California: 10 days is not enough', '2026-11-01', 'US-CA', '2026-11-11T09:00:00Z', false, '2026-11-16'],
    ['California: 15 days', '2026-11-01', 'US-CA', '2026-11-16T00:00:00Z', true, null],
  ])('%s', (_, sentOn, region, startsAt, open, earliestOn) => {
    const gate = saleNoticeGate(sentOn ? { sentOn, region } : null, new Date(startsAt));
    expect(gate.open).toBe(open);
    if (!gate.open) expect(gate.reason === 'period_not_passed' ? gate.earliestOn : null).toBe(earliestOn);
  });

  it.each([
    [usd(1_000_000), [], usd(1_000_000)],
    [usd(1_000_000), [{ label: 'repossession', amount: usd(45_000) }], usd(1_045_000)],
    [usd(850_050), [{ label: 'repossession', amount: usd(45_000) }, { label: 'storage 12 days', amount: usd(36_000) }, { label: 'transport', amount: usd(12_550) }], usd(943_600)],
  ])('redeems %j with expenses %j for %j', (obligation, expenses, total) => {
    expect(redemptionAmount(obligation, expenses)).toEqual(total);
  });

  it('refuses expenses in another currency', () => {
    expect(() => redemptionAmount(usd(100), [{ label: 'storage', amount: { amount: 5, currency: 'EUR' } }])).toThrow();
  });

  it('states the sale, the redemption amount with its parts, the deficiency and whom to call', () => {
    const text = saleNoticeText({
      vin: '1HGCM82633A004352',
      vehicle: '2018 Toyota Corolla',
      lender: 'First Bank',
      sentOn: '2026-11-01',
      method: 'certified_mail',
      obligation: usd(1_000_000),
      expenses: [{ label: 'repossession', amount: usd(45_000) }],
      contact: { name: 'Recovery desk', phone: '+1 415 555 0100', address: null },
      region: 'US-CA',
    });
    expect(text).toContain('sent 2026-11-01 by certified mail');
    expect(text).toContain('VIN 1HGCM82633A004352');
    expect(text).toContain('on or after 2026-11-16');
    expect(text).toContain('that amount is USD 10,450.00');
    expect(text).toContain('  - repossession: USD 450.00');
    expect(text).toContain(DEFICIENCY_WARNING);
    expect(text).toContain('call Recovery desk at +1 415 555 0100.');
  });
});
