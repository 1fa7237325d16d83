import { money } from '../../common/money';
import { FeeSchedule, validateFeeSchedule } from './fee-schedule';

const usd = (amount: number) => money(amount, 'USD');
const eur = (amount: number) => money(amount, 'EUR');
const base = { schema_version: 1, currency: 'USD' } as const;

describe('validateFeeSchedule', () => {
  it.each<[string, FeeSchedule]>([
    ['an empty schedule', base],
    ['a flat contingency', { ...base, contingency_bps: 2000 }],
    ['the bounds of bps', { ...base, contingency_bps: { M1: 0, M2: 1, M3: 9_999, 'M4+': 10_000 } }],
    [
      'every component',
      {
        ...base,
        contingency_bps: 1500,
        flat_fees: { repossession: usd(35_000), voluntary_surrender: usd(20_000), skip: usd(0), close_fee: usd(7_500), transport: usd(5_000) },
        storage_per_day: usd(2_500),
        free_storage_days: 5,
        per_km: usd(150),
        min_fee: usd(5_000),
        cap: usd(100_000),
      },
    ],
    ['a minimum equal to the cap', { ...base, min_fee: usd(5_000), cap: usd(5_000) }],
  ])('accepts %s', (_name, schedule) => {
    expect(validateFeeSchedule(schedule)).toEqual([]);
  });

  it.each<[string, FeeSchedule, [string, string][]]>([
    ['an unknown schema version', { ...base, schema_version: 2 as 1 }, [['schema_version', 'fee_schedule.unsupported_version']]],
    ['a lower-case currency', { ...base, currency: 'usd' }, [['currency', 'fee_schedule.invalid_currency']]],
    ['bps above 100 %', { ...base, contingency_bps: 10_001 }, [['contingency_bps', 'fee_schedule.bps_out_of_range']]],
    ['negative bps', { ...base, contingency_bps: -1 }, [['contingency_bps', 'fee_schedule.bps_out_of_range']]],
    ['fractional bps', { ...base, contingency_bps: 12.5 }, [['contingency_bps', 'fee_schedule.bps_out_of_range']]],
    [
      'a bucket left unpriced and one out of range',
      { ...base, contingency_bps: { M1: 1500, M2: 2000, M3: 20_000 } as never },
      [
        ['contingency_bps.M3', 'fee_schedule.bps_out_of_range'],
        ['contingency_bps.M4+', 'fee_schedule.bps_out_of_range'],
      ],
    ],
    [
      'an unknown bucket',
      { ...base, contingency_bps: { M1: 1, M2: 1, M3: 1, 'M4+': 1, M5: 1 } as never },
      [['contingency_bps.M5', 'fee_schedule.unknown_bucket']],
    ],
    ['a negative flat fee', { ...base, flat_fees: { repossession: { amount: -1, currency: 'USD' } } }, [['flat_fees.repossession.amount', 'fee_schedule.negative_amount']]],
    ['a fractional flat fee', { ...base, flat_fees: { skip: { amount: 0.5, currency: 'USD' } } }, [['flat_fees.skip.amount', 'fee_schedule.invalid_amount']]],
    ['an unknown flat fee event', { ...base, flat_fees: { towing: usd(1) } as never }, [['flat_fees.towing', 'fee_schedule.unknown_event']]],
    ['a flat fee in another currency', { ...base, flat_fees: { transport: eur(5_000) } }, [['flat_fees.transport.currency', 'fee_schedule.currency_mismatch']]],
    ['storage in another currency', { ...base, storage_per_day: eur(1) }, [['storage_per_day.currency', 'fee_schedule.currency_mismatch']]],
    ['per km in another currency', { ...base, per_km: eur(1) }, [['per_km.currency', 'fee_schedule.currency_mismatch']]],
    ['negative free storage days', { ...base, storage_per_day: usd(1), free_storage_days: -1 }, [['free_storage_days', 'fee_schedule.invalid_days']]],
    ['free storage days without a daily rate', { ...base, free_storage_days: 3 }, [['free_storage_days', 'fee_schedule.requires_storage_per_day']]],
    ['a negative minimum', { ...base, min_fee: { amount: -100, currency: 'USD' } }, [['min_fee.amount', 'fee_schedule.negative_amount']]],
    ['a minimum above the cap', { ...base, min_fee: usd(5_001), cap: usd(5_000) }, [['min_fee.amount', 'fee_schedule.min_above_cap']]],
    ['a cap in another currency', { ...base, min_fee: usd(10), cap: eur(5) }, [['cap.currency', 'fee_schedule.currency_mismatch']]],
    [
      'several faults at once',
      { ...base, contingency_bps: 20_000, per_km: { amount: -5, currency: 'EUR' } },
      [
        ['contingency_bps', 'fee_schedule.bps_out_of_range'],
        ['per_km.amount', 'fee_schedule.negative_amount'],
        ['per_km.currency', 'fee_schedule.currency_mismatch'],
      ],
    ],
  ])('refuses %s', (_name, schedule, expected) => {
    const errors = validateFeeSchedule(schedule);
    expect(errors.map((e) => [e.field, e.code])).toEqual(expected);
    for (const error of errors) expect(error.message).toEqual(expect.any(String));
  });

  it('does not report component currencies against an invalid schedule currency', () => {
    expect(validateFeeSchedule({ ...base, currency: 'dollars', per_km: usd(1) }).map((e) => e.field)).toEqual(['currency']);
  });
});
