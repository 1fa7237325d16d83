import { money, Money } from '../../common/money';
import { FeeOutcome, FeeQuote, FeeQuoteError, quote } from './fee-engine';
import { FeeSchedule } from './fee-schedule';

const usd = (amount: number): Money => money(amount, 'USD');
const schedule = (components: Omit<FeeSchedule, 'schema_version' | 'currency'> = {}): FeeSchedule => ({
  schema_version: 1,
  currency: 'USD',
  ...components,
});

/** Every quote must add up: the itemised lines are what an invoice shows. */
function quoteThatAddsUp(s: FeeSchedule, outcome: FeeOutcome): FeeQuote {
  const result = quote(s, outcome);
  expect(result.total.currency).toBe(s.currency);
  expect(result.lines.reduce((acc, line) => acc + line.amount.amount, 0)).toBe(result.total.amount);
  return result;
}

const amounts = (q: FeeQuote): [string, number][] => q.lines.map((line) => [line.code, line.amount.amount]);

describe('quote: each component alone', () => {
  it.each<[string, FeeSchedule, FeeOutcome, [string, number][], number]>([
    ['flat contingency', schedule({ contingency_bps: 1500 }), { amount_recovered: usd(123_457) }, [['contingency', 18_519]], 18_519],
    ['contingency without a recovery', schedule({ contingency_bps: 1500 }), { amount_recovered: usd(0) }, [], 0],
    ['repossession flat fee', schedule({ flat_fees: { repossession: usd(35_000) } }), { events: ['repossession'] }, [['flat_fee.repossession', 35_000]], 35_000],
    ['voluntary surrender', schedule({ flat_fees: { voluntary_surrender: usd(20_000) } }), { events: ['voluntary_surrender'] }, [['flat_fee.voluntary_surrender', 20_000]], 20_000],
    ['skip', schedule({ flat_fees: { skip: usd(5_000) } }), { events: ['skip'] }, [['flat_fee.skip', 5_000]], 5_000],
    ['close fee', schedule({ flat_fees: { close_fee: usd(7_500) } }), { events: ['close_fee'] }, [['flat_fee.close_fee', 7_500]], 7_500],
    ['a repeated event is charged per occurrence', schedule({ flat_fees: { transport: usd(7_500) } }), { events: ['transport', 'transport'] }, [['flat_fee.transport', 15_000]], 15_000],
    ['an event the schedule does not price earns nothing', schedule({ flat_fees: { repossession: usd(35_000) } }), { events: ['skip'] }, [], 0],
    ['storage after free days', schedule({ storage_per_day: usd(2_500), free_storage_days: 5 }), { storage_days: 8 }, [['storage', 7_500]], 7_500],
    ['storage within free days', schedule({ storage_per_day: usd(2_500), free_storage_days: 5 }), { storage_days: 5 }, [], 0],
    ['storage without free days', schedule({ storage_per_day: usd(2_500) }), { storage_days: 2 }, [['storage', 5_000]], 5_000],
    ['distance in metres', schedule({ per_km: usd(150) }), { distance_m: 12_345 }, [['distance', 1_852]], 1_852],
    ['no distance', schedule({ per_km: usd(150) }), { distance_m: 0 }, [], 0],
  ])('%s', (_name, s, outcome, lines, total) => {
    const result = quoteThatAddsUp(s, outcome);
    expect(amounts(result)).toEqual(lines);
    expect(result.total).toEqual(usd(total));
  });

  it('itemises every component of a repossession in schedule order', () => {
    const s = schedule({
      contingency_bps: 1000,
      flat_fees: { repossession: usd(35_000), transport: usd(5_000) },
      storage_per_day: usd(2_000),
      free_storage_days: 2,
      per_km: usd(100),
    });
    const result = quoteThatAddsUp(s, {
      amount_recovered: usd(50_000),
      events: ['transport', 'repossession'],
      storage_days: 4,
      distance_m: 25_000,
    });
    expect(result.lines).toEqual([
      { code: 'contingency', description: 'Contingency fee on the amount recovered', basis: '1000 bps × 50000', amount: usd(5_000) },
      { code: 'flat_fee.repossession', description: 'Flat fee: repossession', basis: '1 × 35000', amount: usd(35_000) },
      { code: 'flat_fee.transport', description: 'Flat fee: transport', basis: '1 × 5000', amount: usd(5_000) },
      { code: 'storage', description: 'Storage', basis: '2 days × 2000 (4 stored, 2 free)', amount: usd(4_000) },
      { code: 'distance', description: 'Distance', basis: '25000 m × 100 per km', amount: usd(2_500) },
    ]);
    expect(result.total).toEqual(usd(51_500));
  });
});

describe('quote: contingency by bucket', () => {
  const byBucket = schedule({ contingency_bps: { M1: 1500, M2: 2000, M3: 2500, 'M4+': 3500 } });

  it.each([
    ['M1', 1500, 15_000],
    ['M2', 2000, 20_000],
    ['M3', 2500, 25_000],
    ['M4+', 3500, 35_000],
  ] as const)('bucket %s at %s bps', (bucket, bps, fee) => {
    const result = quoteThatAddsUp(byBucket, { amount_recovered: usd(100_000), bucket });
    expect(result.lines).toEqual([
      {
        code: 'contingency',
        description: `Contingency fee on the amount recovered, bucket ${bucket}`,
        basis: `${bps} bps × 100000 (${bucket})`,
        amount: usd(fee),
      },
    ]);
  });

  it('needs the bucket to pick a rate', () => {
    expect(() => quote(byBucket, { amount_recovered: usd(100_000) })).toThrow(
      expect.objectContaining({ code: 'fee_quote.invalid_outcome', errors: [expect.objectContaining({ field: 'bucket' })] }),
    );
  });
});

describe('quote: half-up rounding once per line (DESIGN §2)', () => {
  it.each<[string, FeeSchedule, FeeOutcome, number]>([
    ['0.5 rounds up', schedule({ contingency_bps: 1 }), { amount_recovered: usd(5_000) }, 1],
    ['0.45 rounds down', schedule({ contingency_bps: 1500 }), { amount_recovered: usd(3) }, 0],
    ['4.9995 rounds up', schedule({ contingency_bps: 3333 }), { amount_recovered: usd(15) }, 5],
    ['18518.55 rounds up', schedule({ contingency_bps: 1500 }), { amount_recovered: usd(123_457) }, 18_519],
    // Rounded once: 333 × 1.5 km = 499.5 → 500. Rounding the distance first would give 666.
    ['per km over part of a kilometre', schedule({ per_km: usd(333) }), { distance_m: 1_500 }, 500],
    ['1.5 minor units of distance', schedule({ per_km: usd(150) }), { distance_m: 10 }, 2],
    ['0.45 minor units of distance', schedule({ per_km: usd(150) }), { distance_m: 3 }, 0],
  ])('%s', (_name, s, outcome, total) => {
    expect(quoteThatAddsUp(s, outcome).total).toEqual(usd(total));
  });
});

describe('quote: minimum fee and cap', () => {
  it.each<[string, FeeSchedule, FeeOutcome, [string, number][], number]>([
    [
      'minimum lifts a small contingency',
      schedule({ contingency_bps: 1000, min_fee: usd(5_000) }),
      { amount_recovered: usd(20_000) },
      [['contingency', 2_000], ['min_fee', 3_000]],
      5_000,
    ],
    [
      'minimum does nothing above it',
      schedule({ contingency_bps: 1000, min_fee: usd(5_000) }),
      { amount_recovered: usd(80_000) },
      [['contingency', 8_000]],
      8_000,
    ],
    ['minimum is not owed when nothing billable happened', schedule({ contingency_bps: 1000, min_fee: usd(5_000) }), {}, [], 0],
    [
      'minimum is not owed for a recovery of zero',
      schedule({ contingency_bps: 1000, min_fee: usd(5_000) }),
      { amount_recovered: usd(0) },
      [],
      0,
    ],
    [
      'minimum is owed once any component is triggered',
      schedule({ storage_per_day: usd(1_000), min_fee: usd(5_000) }),
      { storage_days: 1 },
      [['storage', 1_000], ['min_fee', 4_000]],
      5_000,
    ],
    [
      'minimum is owed even when the triggered line rounds to zero',
      schedule({ contingency_bps: 1500, min_fee: usd(5_000) }),
      { amount_recovered: usd(3) },
      [['contingency', 0], ['min_fee', 5_000]],
      5_000,
    ],
    [
      'cap bounds a large contingency',
      schedule({ contingency_bps: 3500, cap: usd(50_000) }),
      { amount_recovered: usd(1_000_000) },
      [['contingency', 350_000], ['cap', -300_000]],
      50_000,
    ],
    [
      'cap bounds the sum of all lines',
      schedule({ flat_fees: { repossession: usd(40_000) }, storage_per_day: usd(2_000), cap: usd(50_000) }),
      { events: ['repossession'], storage_days: 10 },
      [['flat_fee.repossession', 40_000], ['storage', 20_000], ['cap', -10_000]],
      50_000,
    ],
    [
      'cap equal to the fees adds no line',
      schedule({ flat_fees: { repossession: usd(50_000) }, cap: usd(50_000) }),
      { events: ['repossession'] },
      [['flat_fee.repossession', 50_000]],
      50_000,
    ],
    [
      'minimum equal to cap fixes the fee',
      schedule({ contingency_bps: 2000, min_fee: usd(30_000), cap: usd(30_000) }),
      { amount_recovered: usd(10_000) },
      [['contingency', 2_000], ['min_fee', 28_000]],
      30_000,
    ],
    [
      'a cap of zero makes the job free',
      schedule({ flat_fees: { skip: usd(5_000) }, cap: usd(0) }),
      { events: ['skip'] },
      [['flat_fee.skip', 5_000], ['cap', -5_000]],
      0,
    ],
  ])('%s', (_name, s, outcome, lines, total) => {
    const result = quoteThatAddsUp(s, outcome);
    expect(amounts(result)).toEqual(lines);
    expect(result.total).toEqual(usd(total));
  });

  it('explains the adjustments', () => {
    const lifted = quote(schedule({ contingency_bps: 1000, min_fee: usd(5_000) }), { amount_recovered: usd(20_000) });
    expect(lifted.lines[1]).toEqual({ code: 'min_fee', description: 'Minimum fee adjustment', basis: 'minimum 5000, fees 2000', amount: usd(3_000) });
    const capped = quote(schedule({ contingency_bps: 3500, cap: usd(50_000) }), { amount_recovered: usd(1_000_000) });
    expect(capped.lines[1]).toEqual({ code: 'cap', description: 'Fee cap adjustment', basis: 'cap 50000, fees 350000', amount: usd(-300_000) });
  });
});

describe('quote: refusals', () => {
  it('refuses an outcome in another currency than the schedule', () => {
    let caught: unknown;
    try {
      quote(schedule({ contingency_bps: 1500 }), { amount_recovered: money(10_000, 'EUR') });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FeeQuoteError);
    expect(caught).toMatchObject({
      code: 'fee_quote.currency_mismatch',
      message: 'the outcome is in EUR but the schedule is in USD',
      errors: [{ field: 'amount_recovered.currency', code: 'fee_quote.currency_mismatch' }],
    });
  });

  it('refuses an invalid schedule with its field errors', () => {
    expect(() => quote(schedule({ contingency_bps: 10_001 }), { amount_recovered: usd(1) })).toThrow(
      expect.objectContaining({
        code: 'fee_quote.invalid_schedule',
        errors: [expect.objectContaining({ field: 'contingency_bps', code: 'fee_schedule.bps_out_of_range' })],
      }),
    );
  });

  it.each<[string, FeeOutcome, string]>([
    ['a negative recovery', { amount_recovered: { amount: -1, currency: 'USD' } }, 'amount_recovered.amount'],
    ['a fractional recovery', { amount_recovered: { amount: 1.5, currency: 'USD' } }, 'amount_recovered.amount'],
    ['an unknown bucket', { bucket: 'M9' as never }, 'bucket'],
    ['an unknown event', { events: ['repossession', 'tow' as never] }, 'events[1]'],
    ['negative storage days', { storage_days: -1 }, 'storage_days'],
    ['fractional metres', { distance_m: 10.5 }, 'distance_m'],
  ])('refuses %s', (_name, outcome, field) => {
    expect(() => quote(schedule(), outcome)).toThrow(
      expect.objectContaining({ code: 'fee_quote.invalid_outcome', errors: [expect.objectContaining({ field })] }),
    );
  });
});

describe('quote: empty schedule', () => {
  it('prices nothing, whatever happened', () => {
    const result = quoteThatAddsUp(schedule(), {
      amount_recovered: usd(100_000),
      bucket: 'M2',
      events: ['repossession', 'transport'],
      storage_days: 30,
      distance_m: 100_000,
    });
    expect(result).toEqual({ lines: [], total: usd(0) });
  });

  it('keeps the schedule currency for a zero total', () => {
    expect(quote({ schema_version: 1, currency: 'CNY' }, {}).total).toEqual(money(0, 'CNY'));
  });
});
