import { money } from '../../common/money';
import { FeeSchedule } from '../../marketplace/domain/fee-schedule';
import { saleRecordExpenses, WorkRecord, WorkRecordEvent, YardDailyRate } from './sale-expenses';

const usd = (n: number) => money(n, 'USD');
const at = (iso: string) => new Date(iso);
const SALE = at('2026-03-10T15:00:00Z');
const TOW = 'tow-org';
const HAULER = 'hauler-org';
const repoTerms: FeeSchedule = { schema_version: 1, currency: 'USD', flat_fees: { repossession: usd(35_000), voluntary_surrender: usd(20_000), close_fee: usd(7_500) }, storage_per_day: usd(2_500), free_storage_days: 5 };
const yards = new Map<string, YardDailyRate>([
  ['yard-tow', { orgId: TOW, name: 'Austin North', dailyRate: usd(4_000) }],
  ['yard-hauler', { orgId: HAULER, name: 'Dallas Lot', dailyRate: usd(3_000) }],
]);

const work = (events: WorkRecordEvent[], change: Partial<WorkRecord> = {}): WorkRecord => ({ id: 'job-1', title: 'Repossession 2019 Accord', kind: 'repossession', status: 'completed', partnerOrgId: TOW, schedule: repoTerms, startedAt: at('2026-02-25T08:00:00Z'), events, ...change });
const recovered = (iso: string, mode: 'voluntary' | 'involuntary' = 'involuntary'): WorkRecordEvent => ({ type: 'vehicle_recovered', at: at(iso), mode });
const stored = (iso: string, yardId: string | null = 'yard-tow'): WorkRecordEvent => ({ type: 'vehicle_stored', at: at(iso), yardId });
const moved = (iso: string, distanceM: number): WorkRecordEvent => ({ type: 'vehicle_transported', at: at(iso), distanceM });
const lines = (works: WorkRecord[]) => saleRecordExpenses({ currency: 'USD', saleAt: SALE, works, yards }).expenses.map((e) => `${e.type} ${e.amount.amount} ${e.payeeOrgId}`);

describe('saleRecordExpenses: the actual expenses from the record', () => {
  it.each<[string, WorkRecord[], string[]]>([
    ['an involuntary recovery, stored 12 days to the sale: the flat fee and 7 days after 5 free', [work([recovered('2026-02-26T12:00:00Z'), stored('2026-02-26T15:00:00Z')])], ['repossession 35000 tow-org', 'storage 17500 tow-org']],
    ['a voluntary surrender earns the surrender fee, not the repossession fee', [work([recovered('2026-03-08T12:00:00Z', 'voluntary'), stored('2026-03-08T15:00:00Z')])], ['repossession 20000 tow-org']],
    ['stored within the free days: no storage', [work([recovered('2026-03-06T12:00:00Z'), stored('2026-03-06T15:00:00Z')])], ['repossession 35000 tow-org']],
    ['nothing recorded: nothing charged, not an estimate', [work([])], []],
    ['recalled after work began without the vehicle: the close fee', [work([], { status: 'recalled' })], ['repossession 7500 tow-org']],
    ['events after the sale are not costs of it', [work([recovered('2026-02-26T12:00:00Z'), stored('2026-03-11T00:00:00Z')])], ['repossession 35000 tow-org']],
    [
      'no storage in the frozen terms: the partner’s yard rate, no free days',
      [work([recovered('2026-03-07T12:00:00Z'), stored('2026-03-07T15:00:00Z')], { schedule: { schema_version: 1, currency: 'USD', flat_fees: { repossession: usd(35_000) } } })],
      ['repossession 35000 tow-org', 'storage 12000 tow-org'],
    ],
    [
      "another org's yard is not the partner's rate: no storage",
      [work([recovered('2026-03-07T12:00:00Z'), stored('2026-03-07T15:00:00Z', 'yard-hauler')], { schedule: { schema_version: 1, currency: 'USD', flat_fees: { repossession: usd(35_000) } } })],
      ['repossession 35000 tow-org'],
    ],
    [
      'moved to a second yard: each job charges its own stay, the transport its trip and distance',
      [
        work([recovered('2026-02-20T12:00:00Z'), stored('2026-02-20T15:00:00Z')]),
        work([moved('2026-03-01T15:00:00Z', 42_500), stored('2026-03-01T18:00:00Z', 'yard-hauler')], { id: 'job-2', title: 'Transport Austin → Dallas', kind: 'transport', partnerOrgId: HAULER, schedule: { schema_version: 1, currency: 'USD', flat_fees: { transport: usd(10_000) }, per_km: usd(150) } }),
      ],
      ['repossession 35000 tow-org', 'transport 10000 hauler-org', 'transport 6375 hauler-org', 'storage 10000 tow-org', 'storage 27000 hauler-org'],
    ],
    ['a cap bounds everything the job earned, storage included', [work([recovered('2026-02-01T12:00:00Z'), stored('2026-02-01T15:00:00Z')], { schedule: { ...repoTerms, cap: usd(60_000) } })], ['repossession 35000 tow-org', 'storage 25000 tow-org']],
    [
      'a minimum tops the job up',
      [work([recovered('2026-03-08T12:00:00Z', 'voluntary')], { schedule: { ...repoTerms, min_fee: usd(25_000) } })],
      ['repossession 20000 tow-org', 'repossession 5000 tow-org'],
    ],
  ])('%s', (_, works, expected) => {
    expect(lines(works)).toEqual(expected);
  });

  it('dates possession from the first recovery and states each basis', () => {
    const r = saleRecordExpenses({ currency: 'USD', saleAt: SALE, works: [work([recovered('2026-02-26T12:00:00Z'), stored('2026-02-26T15:00:00Z')])], yards });
    expect(r.possessionAt).toEqual(at('2026-02-26T12:00:00Z'));
    expect(r.expenses.map((e) => e.basis)).toEqual([
      'flat fee: repossession 1 × 35000 (Repossession 2019 Accord, frozen terms)',
      'storage 7 days × 2500 (12 stored, 5 free), stored 2026-02-26T15:00:00.000Z → 2026-03-10T15:00:00.000Z at Austin North (Repossession 2019 Accord, frozen terms)',
    ]);
    expect(r.expenses.every((e) => e.sourceRef === 'job-1')).toBe(true);
    expect(saleRecordExpenses({ currency: 'USD', saleAt: SALE, works: [], yards }).possessionAt).toBeNull();
  });
});
