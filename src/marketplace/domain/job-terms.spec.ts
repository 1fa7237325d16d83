import { FeeSchedule } from './fee-schedule';
import { effectiveFee, effectiveSchedule, termsWithoutBid } from './job-terms';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const schedule: FeeSchedule = {
  schema_version: 1,
  currency: 'USD',
  contingency_bps: { M1: 1500, M2: 2000, M3: 2500, 'M4+': 3500 },
  flat_fees: { close_fee: usd(7_500) },
  min_fee: usd(1_000),
};

describe('job terms', () => {
  it.each([
    ['a contingency bid replaces every bucket rate', { contingency_bps: 1800, sla: { first_action_hours: 24, completion_days: 30 } }, 'collection', { ...schedule, contingency_bps: 1800 }],
    [
      'a flat-fee bid prices the repossession event and keeps the others',
      { flat_fee: usd(30_000), sla: { first_action_hours: 12, completion_days: 10 } },
      'repossession',
      { ...schedule, flat_fees: { close_fee: usd(7_500), repossession: usd(30_000) } },
    ],
    ['a skip-trace flat fee prices `skip`', { flat_fee: usd(5_000), sla: { first_action_hours: 4, completion_days: 3 } }, 'skip_trace', { ...schedule, flat_fees: { close_fee: usd(7_500), skip: usd(5_000) } }],
    ['SLA-only terms leave the schedule as published', { sla: { first_action_hours: 24, completion_days: 30 } }, 'collection', schedule],
  ] as const)('%s', (_name, terms, kind, expected) => {
    expect(effectiveSchedule(schedule, terms, kind)).toEqual(expected);
  });

  it('never mutates the published schedule', () => {
    const copy = structuredClone(schedule);
    effectiveSchedule(schedule, { contingency_bps: 1, flat_fee: usd(1), sla: { first_action_hours: 1, completion_days: 1 } }, 'repossession');
    expect(schedule).toEqual(copy);
  });

  it.each([
    ['maximum terms and the §6 default SLA', { max_contingency_bps: 2500 }, 'collection', { contingency_bps: 2500, sla: { first_action_hours: 24, completion_days: 30 } }],
    ['repossession completes in 14 days by default', { max_flat_fee: usd(40_000) }, 'repossession', { flat_fee: usd(40_000), sla: { first_action_hours: 24, completion_days: 14 } }],
    [
      'the default SLA is kept inside the bounds',
      { sla: { first_action_hours: { max: 8 }, completion_days: { min: 45 } } },
      'collection',
      { sla: { first_action_hours: 8, completion_days: 45 } },
    ],
  ] as const)('terms without a bid: %s', (_name, bounds, kind, expected) => {
    expect(termsWithoutBid(bounds, kind)).toEqual(expected);
  });

  it.each([
    ['contingency when the listing bounds one', { max_contingency_bps: 3000, max_flat_fee: usd(9) }, { contingency_bps: 2000, flat_fee: usd(5) }, 2000],
    ['the flat fee otherwise', { max_flat_fee: usd(40_000) }, { flat_fee: usd(35_000) }, 35_000],
    ['zero when bids compete on SLA only', {}, {}, 0],
  ] as const)('effective fee: %s', (_name, bounds, terms, expected) => {
    expect(effectiveFee(bounds, terms)).toBe(expected);
  });
});
