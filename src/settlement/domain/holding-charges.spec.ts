import { money } from '../../common/money';
import { daysStored, personalPropertyReleaseCharges, StorageStay, storageExpense, StorageTerms } from './holding-charges';

const usd = (n: number) => money(n, 'USD');
const stay = (from: string, to: string): StorageStay => ({ storedAt: new Date(from), endedAt: new Date(to) });
const terms: StorageTerms = { currency: 'USD', storage_per_day: usd(2_500), free_storage_days: 5 };

describe('daysStored', () => {
  it.each([
    ['a whole day', '2026-03-01T10:00:00Z', '2026-03-02T10:00:00Z', 1],
    ['a started day counts', '2026-03-01T10:00:00Z', '2026-03-02T10:00:01Z', 2],
    ['47 hours', '2026-03-01T10:00:00Z', '2026-03-03T09:00:00Z', 2],
    ['an hour', '2026-03-01T10:00:00Z', '2026-03-01T11:00:00Z', 1],
    ['no time', '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z', 0],
    ['ended before it began', '2026-03-02T10:00:00Z', '2026-03-01T10:00:00Z', 0],
  ])('%s', (_, from, to, days) => {
    expect(daysStored(stay(from, to))).toBe(days);
  });
});

describe('storageExpense', () => {
  it.each<[string, StorageTerms, StorageStay[], number | null, string | null]>([
    ['within the free days: nothing', terms, [stay('2026-03-01T00:00:00Z', '2026-03-06T00:00:00Z')], null, null],
    ['one day after the free days', terms, [stay('2026-03-01T00:00:00Z', '2026-03-07T00:00:00Z')], 2_500, '1 days × 2500 (6 stored, 5 free)'],
    ['the days actually stored, not the days planned', terms, [stay('2026-03-01T00:00:00Z', '2026-03-16T00:00:01Z')], 27_500, '11 days × 2500 (16 stored, 5 free)'],
    ['two yards: days summed, free days once', terms, [stay('2026-03-01T00:00:00Z', '2026-03-05T00:00:00Z'), stay('2026-03-05T00:00:00Z', '2026-03-10T00:00:00Z')], 10_000, '4 days × 2500 (9 stored, 5 free)'],
    ['no free days', { currency: 'USD', storage_per_day: usd(1_999) }, [stay('2026-03-01T00:00:00Z', '2026-03-04T00:00:00Z')], 5_997, '3 days × 1999 (3 stored, 0 free)'],
    ['no storage rate: nothing', { currency: 'USD' }, [stay('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')], null, null],
    ['never stored: nothing', terms, [], null, null],
  ])('%s', (_, t, stays, amount, basis) => {
    const e = storageExpense(t, stays, 'yard-org');
    expect(e === null ? null : [e.amount.amount, e.basis, e.type, e.payeeOrgId]).toEqual(amount === null ? null : [amount, basis, 'storage', 'yard-org']);
  });
});

describe('personalPropertyReleaseCharges', () => {
  it.each([
    ['a release without a fee', [{ releasedAt: new Date(), feeAsked: null }], 0],
    ['a release with a zero fee', [{ releasedAt: new Date(), feeAsked: usd(0) }], 0],
    ['a release fee asked for is refused', [{ releasedAt: new Date(), feeAsked: usd(7_500) }], 1],
    ['two releases, one with a fee', [{ releasedAt: new Date(), feeAsked: null }, { releasedAt: new Date(), feeAsked: usd(5_000) }], 1],
  ])('%s: never an expense', (_, releases, refused) => {
    const r = personalPropertyReleaseCharges(releases);
    expect(r.expenses).toEqual([]);
    expect(r.refused).toHaveLength(refused);
  });
});
