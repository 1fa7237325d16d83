import { money } from '../../common/money';
import { FeeSchedule } from '../../marketplace/domain/fee-schedule';
import { commissionFor, platformFeeFor } from './commission';

const usd = (n: number) => money(n, 'USD');
const schedule = (extra: Partial<FeeSchedule> = {}): FeeSchedule => ({ schema_version: 1, currency: 'USD', contingency_bps: 1500, ...extra });

describe('commissionFor: the fee engine on what the job recovered, less what it earned', () => {
  it.each([
    // 15 % of 333 = 49.95 → 50, rounded half-up once
    ['a first payment, half-up once', schedule(), 0, 0, 333, 50],
    ['a second payment earns its increment', schedule(), 10_000, 1_500, 10_000, 1_500],
    // running total 10 333 × 15 % = 1549.95 → 1550; 1550 − 1500 earned = 50
    ['rounding on the running total, not per payment', schedule(), 10_000, 1_500, 333, 50],
    ['a minimum fee is charged once', schedule({ min_fee: usd(5_000) }), 0, 0, 1_000, 5_000],
    ['then nothing until the contingency passes the minimum', schedule({ min_fee: usd(5_000) }), 1_000, 5_000, 1_000, 0],
    ['a cap binds over the whole job', schedule({ cap: usd(2_000) }), 10_000, 1_500, 10_000, 500],
    ['after the cap, nothing', schedule({ cap: usd(2_000) }), 20_000, 2_000, 10_000, 0],
    ['by bucket', schedule({ contingency_bps: { M1: 1000, M2: 1500, 'M3': 2000, 'M4+': 3000 } }), 0, 0, 10_000, 3_000],
  ])('%s', (_, s, recoveredBefore, earnedBefore, payment, expected) => {
    const c = commissionFor({ schedule: s, recoveredBefore: usd(recoveredBefore), earnedBefore: usd(earnedBefore), payment: usd(payment), bucket: 'M4+' });
    expect(c.amount).toEqual(usd(expected));
    // The lines add up to what this payment earns.
    expect(c.lines.reduce((sum, l) => sum + l.amount.amount, 0)).toBe(expected);
  });

  it('itemises the basis so the arithmetic can be redone', () => {
    const c = commissionFor({ schedule: schedule(), recoveredBefore: usd(10_000), earnedBefore: usd(1_500), payment: usd(333), bucket: 'M2' });
    expect(c.lines).toEqual([
      expect.objectContaining({ code: 'contingency', basis: '1500 bps × 10333', amount: usd(1_550) }),
      expect.objectContaining({ code: 'earned_before', amount: usd(-1_500) }),
    ]);
  });
});

describe('platformFeeFor: the take rate on the amount recovered', () => {
  it.each([
    ['10 % of 333, half-up', 1000, 333, 50, 33],
    ['zero rate', 0, 10_000, 1_500, 0],
    ['capped at the commission', 2000, 10_000, 1_500, 1_500],
    ['no commission, no fee', 500, 10_000, 0, 0],
  ])('%s', (_, bps, payment, commission, expected) => {
    expect(platformFeeFor({ recoveredBps: bps, payment: usd(payment), commission: usd(commission) }).amount).toEqual(usd(expected));
  });
});
