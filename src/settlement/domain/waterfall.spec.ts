import { money } from '../../common/money';
import { BorrowerCredit, SaleExpense, SaleSettlementInput, settleSale, SubordinateLien, WaterfallError } from './waterfall';

const usd = (n: number) => money(n, 'USD');
const DONE = new Date('2026-03-10T12:00:00Z');
const TOW = 'tow-org';

const expenses: SaleExpense[] = [
  { type: 'repossession', amount: usd(35_000), basis: 'flat fee repossession 35000', payeeOrgId: TOW },
  { type: 'storage', amount: usd(25_000), basis: '10 days after 5 free × 2500', payeeOrgId: TOW },
  { type: 'seller_fee', amount: usd(15_000), basis: 'seller fee 15000', payeeOrgId: null },
];

const base: SaleSettlementInput = {
  currency: 'USD',
  hammerPrice: usd(1_000_000),
  obligation: usd(800_000),
  obligationReflectsRebate: false,
  expenses,
  agreementAllowsLegalFees: false,
  credits: [],
  subordinateLiens: [],
  distributionCompletedAt: DONE,
  relatedPartySale: false,
  commerciallyReasonableAmount: null,
};

const lien = (holder: string, amount: number, demand: string | null, proof: 'none' | 'asked' | 'given' = 'none'): SubordinateLien => ({
  holder,
  amount: usd(amount),
  demandReceivedAt: demand ? new Date(demand) : null,
  proofRequested: proof !== 'none',
  proofFurnished: proof === 'given',
});

const rebate: BorrowerCredit = { type: 'unearned_interest_rebate', amount: usd(20_000), basis: 'Rule of 78s rebate' };

/** `step:kind applied/claimed` per line, then the outcome. */
const shape = (input: SaleSettlementInput) => {
  const s = settleSale(input);
  return { lines: s.lines.map((l) => `${l.step}:${l.kind} ${l.applied.amount}/${l.claimed.amount}`), surplus: s.surplus.amount, deficiency: s.deficiency.amount, outcome: s.outcome, excluded: s.exclusions.map((x) => `${x.kind} ${x.amount.amount} ${x.statute}`) };
};

describe('settleSale (UCC §9-615(a))', () => {
  it.each<[string, Partial<SaleSettlementInput>, ReturnType<typeof shape>]>([
    [
      'surplus: expenses, then the obligation, the rest to the borrower',
      {},
      { lines: ['expenses:repossession 35000/35000', 'expenses:storage 25000/25000', 'expenses:seller_fee 15000/15000', 'obligation:secured_obligation 800000/800000', 'surplus:surplus 125000/125000'], surplus: 125_000, deficiency: 0, outcome: 'surplus', excluded: [] },
    ],
    [
      'deficiency: the obligation is paid in part',
      { hammerPrice: usd(600_000) },
      { lines: ['expenses:repossession 35000/35000', 'expenses:storage 25000/25000', 'expenses:seller_fee 15000/15000', 'obligation:secured_obligation 525000/800000', 'surplus:surplus 0/0'], surplus: 0, deficiency: 275_000, outcome: 'deficiency', excluded: [] },
    ],
    [
      'exactly zero: proceeds equal expenses plus obligation',
      { hammerPrice: usd(875_000) },
      { lines: ['expenses:repossession 35000/35000', 'expenses:storage 25000/25000', 'expenses:seller_fee 15000/15000', 'obligation:secured_obligation 800000/800000', 'surplus:surplus 0/0'], surplus: 0, deficiency: 0, outcome: 'even', excluded: [] },
    ],
    [
      'expenses exceeding proceeds: paid in order, the unpaid expense and the whole obligation are the deficiency',
      { hammerPrice: usd(50_000) },
      { lines: ['expenses:repossession 35000/35000', 'expenses:storage 15000/25000', 'expenses:seller_fee 0/15000', 'obligation:secured_obligation 0/800000', 'surplus:surplus 0/0'], surplus: 0, deficiency: 825_000, outcome: 'deficiency', excluded: [] },
    ],
    [
      'credits reduce the obligation',
      { credits: [rebate, { type: 'add_on_refund', amount: usd(5_000), basis: 'GAP cancelled' }] },
      { lines: ['expenses:repossession 35000/35000', 'expenses:storage 25000/25000', 'expenses:seller_fee 15000/15000', 'obligation:secured_obligation 775000/775000', 'surplus:surplus 150000/150000'], surplus: 150_000, deficiency: 0, outcome: 'surplus', excluded: [] },
    ],
    [
      'legal fees the agreement does not provide for are not paid',
      { expenses: [...expenses, { type: 'legal', amount: usd(9_000), basis: 'attorney invoice 17', payeeOrgId: null }] },
      { lines: ['expenses:repossession 35000/35000', 'expenses:storage 25000/25000', 'expenses:seller_fee 15000/15000', 'obligation:secured_obligation 800000/800000', 'surplus:surplus 125000/125000'], surplus: 125_000, deficiency: 0, outcome: 'surplus', excluded: ['legal 9000 UCC §9-615(a)(1)'] },
    ],
    [
      'legal fees the agreement provides for are an expense',
      { agreementAllowsLegalFees: true, expenses: [...expenses, { type: 'legal', amount: usd(9_000), basis: 'attorney invoice 17', payeeOrgId: null }] },
      { lines: ['expenses:repossession 35000/35000', 'expenses:storage 25000/25000', 'expenses:seller_fee 15000/15000', 'expenses:legal 9000/9000', 'obligation:secured_obligation 800000/800000', 'surplus:surplus 116000/116000'], surplus: 116_000, deficiency: 0, outcome: 'surplus', excluded: [] },
    ],
    [
      'one subordinate lien with a demand before distribution is paid before the surplus',
      { subordinateLiens: [lien('Second Bank', 100_000, '2026-03-09T00:00:00Z')] },
      { lines: ['expenses:repossession 35000/35000', 'expenses:storage 25000/25000', 'expenses:seller_fee 15000/15000', 'obligation:secured_obligation 800000/800000', 'subordinate_lien:subordinate_lien 100000/100000', 'surplus:surplus 25000/25000'], surplus: 25_000, deficiency: 0, outcome: 'surplus', excluded: [] },
    ],
    [
      'a demand received after distribution was completed is not paid',
      { subordinateLiens: [lien('Second Bank', 100_000, '2026-03-10T12:00:00Z')] },
      { lines: ['expenses:repossession 35000/35000', 'expenses:storage 25000/25000', 'expenses:seller_fee 15000/15000', 'obligation:secured_obligation 800000/800000', 'surplus:surplus 125000/125000'], surplus: 125_000, deficiency: 0, outcome: 'surplus', excluded: ['subordinate_lien 100000 UCC §9-615(a)(3)(A)'] },
    ],
    [
      'two liens: the first takes all it can, the second what is left',
      { subordinateLiens: [lien('Second Bank', 100_000, '2026-03-01T00:00:00Z', 'given'), lien('Title Loans Inc', 50_000, '2026-03-02T00:00:00Z')] },
      { lines: ['expenses:repossession 35000/35000', 'expenses:storage 25000/25000', 'expenses:seller_fee 15000/15000', 'obligation:secured_obligation 800000/800000', 'subordinate_lien:subordinate_lien 100000/100000', 'subordinate_lien:subordinate_lien 25000/50000', 'surplus:surplus 0/0'], surplus: 0, deficiency: 0, outcome: 'even', excluded: [] },
    ],
    [
      'two liens: proof asked and not given (§9-615(b)) and a late demand — neither is paid',
      { subordinateLiens: [lien('Second Bank', 100_000, '2026-03-01T00:00:00Z', 'asked'), lien('Title Loans Inc', 50_000, '2026-03-11T00:00:00Z')] },
      { lines: ['expenses:repossession 35000/35000', 'expenses:storage 25000/25000', 'expenses:seller_fee 15000/15000', 'obligation:secured_obligation 800000/800000', 'surplus:surplus 125000/125000'], surplus: 125_000, deficiency: 0, outcome: 'surplus', excluded: ['subordinate_lien 100000 UCC §9-615(b)', 'subordinate_lien 50000 UCC §9-615(a)(3)(A)'] },
    ],
    [
      'a lien without any demand is not paid',
      { subordinateLiens: [lien('Second Bank', 100_000, null)] },
      { lines: ['expenses:repossession 35000/35000', 'expenses:storage 25000/25000', 'expenses:seller_fee 15000/15000', 'obligation:secured_obligation 800000/800000', 'surplus:surplus 125000/125000'], surplus: 125_000, deficiency: 0, outcome: 'surplus', excluded: ['subordinate_lien 100000 UCC §9-615(a)(3)(A)'] },
    ],
    [
      'related-party sale below market: computed on the complying amount (§9-615(f))',
      { hammerPrice: usd(500_000), relatedPartySale: true, commerciallyReasonableAmount: usd(700_000) },
      { lines: ['expenses:repossession 35000/35000', 'expenses:storage 25000/25000', 'expenses:seller_fee 15000/15000', 'obligation:secured_obligation 625000/800000', 'surplus:surplus 0/0'], surplus: 0, deficiency: 175_000, outcome: 'deficiency', excluded: [] },
    ],
    [
      'related-party sale at or above the complying amount: the hammer price stands',
      { hammerPrice: usd(500_000), relatedPartySale: true, commerciallyReasonableAmount: usd(450_000) },
      { lines: ['expenses:repossession 35000/35000', 'expenses:storage 25000/25000', 'expenses:seller_fee 15000/15000', 'obligation:secured_obligation 425000/800000', 'surplus:surplus 0/0'], surplus: 0, deficiency: 375_000, outcome: 'deficiency', excluded: [] },
    ],
  ])('%s', (_, change, expected) => {
    expect(shape({ ...base, ...change })).toEqual(expected);
  });

  // §9-616(c)(5), (6): the credits are netted against everything; what is beyond the obligation
  // first answers for expenses the proceeds left unpaid, and the rest the lender refunds with the surplus.
  it.each<[string, Partial<SaleSettlementInput>, { lines: string[]; refund: number; surplus: number; deficiency: number; outcome: string }]>([
    [
      'credits beyond the obligation: the obligation takes nothing, the excess is owed with the surplus',
      { credits: [{ ...rebate, amount: usd(830_000) }] },
      { lines: ['expenses:repossession 35000/35000', 'expenses:storage 25000/25000', 'expenses:seller_fee 15000/15000', 'obligation:secured_obligation 0/0', 'surplus:surplus 925000/925000'], refund: 30_000, surplus: 955_000, deficiency: 0, outcome: 'surplus' },
    ],
    [
      'credits exactly the obligation: nothing refunded',
      { credits: [{ ...rebate, amount: usd(800_000) }] },
      { lines: ['expenses:repossession 35000/35000', 'expenses:storage 25000/25000', 'expenses:seller_fee 15000/15000', 'obligation:secured_obligation 0/0', 'surplus:surplus 925000/925000'], refund: 0, surplus: 925_000, deficiency: 0, outcome: 'surplus' },
    ],
    [
      'an excess credit first pays the expenses the proceeds did not cover',
      { hammerPrice: usd(50_000), credits: [{ ...rebate, amount: usd(810_000) }] },
      { lines: ['expenses:repossession 35000/35000', 'expenses:storage 15000/25000', 'expenses:seller_fee 0/15000', 'obligation:secured_obligation 0/0', 'surplus:surplus 0/0'], refund: 0, surplus: 0, deficiency: 15_000, outcome: 'deficiency' },
    ],
    [
      'an excess credit larger than the unpaid expenses: the rest is refunded',
      { hammerPrice: usd(50_000), credits: [{ ...rebate, amount: usd(840_000) }] },
      { lines: ['expenses:repossession 35000/35000', 'expenses:storage 15000/25000', 'expenses:seller_fee 0/15000', 'obligation:secured_obligation 0/0', 'surplus:surplus 0/0'], refund: 15_000, surplus: 15_000, deficiency: 0, outcome: 'surplus' },
    ],
  ])('%s', (_, change, expected) => {
    const s = settleSale({ ...base, ...change });
    expect({ lines: s.lines.map((l) => `${l.step}:${l.kind} ${l.applied.amount}/${l.claimed.amount}`), refund: s.creditRefund.amount, surplus: s.surplus.amount, deficiency: s.deficiency.amount, outcome: s.outcome }).toEqual(expected);
    expect(s.lines.reduce((t, l) => t + l.applied.amount, 0)).toBe(s.proceedsApplied.amount);
  });

  it.each<[string, Partial<SaleSettlementInput>]>([
    ['surplus', {}],
    ['deficiency', { hammerPrice: usd(600_001) }],
    ['expenses beyond proceeds', { hammerPrice: usd(1) }],
    ['liens', { subordinateLiens: [lien('A', 33_333, '2026-03-01T00:00:00Z'), lien('B', 77_777, '2026-03-01T00:00:00Z')] }],
    ['§9-615(f)', { hammerPrice: usd(123_457), relatedPartySale: true, commerciallyReasonableAmount: usd(654_321) }],
  ])('Σ distribution = proceeds applied, to the minor unit: %s', (_, change) => {
    const s = settleSale({ ...base, ...change });
    expect(s.lines.reduce((t, l) => t + l.applied.amount, 0)).toBe(s.proceedsApplied.amount);
    expect(s.proceedsApplied.amount - s.hammerPrice.amount).toBe(s.relatedPartyAdjustment.amount);
  });

  it('flags the related-party sale and the adjustment the lender bears', () => {
    const s = settleSale({ ...base, hammerPrice: usd(500_000), relatedPartySale: true, commerciallyReasonableAmount: usd(700_000) });
    expect([s.relatedPartyBelowMarket, s.relatedPartyAdjustment.amount, s.proceedsApplied.amount]).toEqual([true, 200_000, 700_000]);
  });

  it.each<[string, Partial<SaleSettlementInput>, string]>([
    ['a negative amount', { hammerPrice: usd(-1) }, 'hammer_price'],
    ['another currency', { obligation: money(1, 'EUR') }, 'obligation'],
    ['a fractional amount', { expenses: [{ type: 'storage', amount: { amount: 1.5, currency: 'USD' }, basis: 'x', payeeOrgId: null }] }, 'expenses[0].amount'],
    ['an expense without a basis', { expenses: [{ type: 'storage', amount: usd(1), basis: '', payeeOrgId: null }] }, 'expenses[0].basis'],
    ['a complying amount on an unrelated sale', { commerciallyReasonableAmount: usd(1) }, 'commercially_reasonable_amount'],
    ['proof furnished that was never asked for', { subordinateLiens: [{ ...lien('A', 1, null), proofFurnished: true }] }, 'subordinate_liens[0].proof_furnished'],
  ])('refuses %s', (_, change, field) => {
    expect(() => settleSale({ ...base, ...change })).toThrow(WaterfallError);
    try {
      settleSale({ ...base, ...change });
    } catch (err) {
      expect((err as WaterfallError).errors.map((e) => e.field)).toContain(field);
    }
  });
});
