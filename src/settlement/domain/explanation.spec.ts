import { money } from '../../common/money';
import { buildExplanation, earliestAsOf, ExplanationError, ExplanationInput, explanationLanguageFor, renderExplanation, requestAnswerDue, requestChargeCap } from './explanation';
import { SaleSettlementInput, settleSale } from './waterfall';

const usd = (n: number) => money(n, 'USD');
const SALE = new Date('2026-03-10T15:00:00Z');
const POSSESSION = new Date('2026-02-20T09:00:00Z');

const sale: SaleSettlementInput = {
  currency: 'USD',
  hammerPrice: usd(1_000_000),
  obligation: usd(800_000),
  obligationReflectsRebate: true,
  expenses: [
    { type: 'repossession', amount: usd(35_000), basis: 'flat fee', payeeOrgId: 'tow' },
    { type: 'storage', amount: usd(10_000), basis: '4 days × 2500', payeeOrgId: 'tow' },
    { type: 'storage', amount: usd(5_000), basis: '2 days × 2500', payeeOrgId: 'yard2' },
    { type: 'seller_fee', amount: usd(15_000), basis: 'seller fee', payeeOrgId: null },
  ],
  agreementAllowsLegalFees: false,
  credits: [{ type: 'add_on_refund', amount: usd(5_000), basis: 'GAP cancelled' }],
  subordinateLiens: [{ holder: 'Second Bank', amount: usd(20_000), demandReceivedAt: new Date('2026-03-01T00:00:00Z'), proofRequested: false, proofFurnished: false }],
  distributionCompletedAt: SALE,
  relatedPartySale: false,
  commerciallyReasonableAmount: null,
};

const input = (change: Partial<SaleSettlementInput> = {}, over: Partial<ExplanationInput> = {}): ExplanationInput => ({
  settlement: settleSale({ ...sale, ...change }),
  obligationAsOf: SALE,
  possessionAt: POSSESSION,
  saleAt: SALE,
  contact: { phone: '+1 800 555 0100' },
  ...over,
});

describe('buildExplanation (UCC §9-616(c))', () => {
  it('states the six items in order, with the lienholder payment, for a surplus', () => {
    const e = buildExplanation(input());
    expect([
      e.aggregateObligation.amount.amount,
      e.aggregateObligation.reflectsRebate,
      e.proceeds.amount.amount,
      e.obligationLessProceeds.amount,
      e.expenses.byType.map((x) => `${x.type} ${x.amount.amount}`),
      e.expenses.total.amount,
      e.credits.byType.map((x) => `${x.type} ${x.amount.amount}`),
      `${e.result.kind} ${e.result.amount.amount}`,
      e.lienholderPayments.map((p) => `${p.holder} ${p.amount.amount}`),
      e.futureChangesStatement,
    ]).toEqual([800_000, true, 1_000_000, -200_000, ['repossession 35000', 'storage 15000', 'seller_fee 15000'], 65_000, ['add_on_refund 5000'], 'surplus 120000', ['Second Bank 20000'], false]);
    // (6) = −(3) − (4) + (5) − lienholder payments
    expect(-e.obligationLessProceeds.amount - e.expenses.total.amount + e.credits.total.amount - 20_000).toBe(e.result.amount.amount);
  });

  it('a deficiency carries the future-changes statement', () => {
    const e = buildExplanation(input({ hammerPrice: usd(500_000) }));
    expect([e.result.kind, e.result.amount.amount, e.futureChangesStatement, e.lienholderPayments]).toEqual(['deficiency', 360_000, true, []]);
    expect(e.obligationLessProceeds.amount + e.expenses.total.amount - e.credits.total.amount).toBe(e.result.amount.amount);
  });

  it('nothing left either way', () => {
    const e = buildExplanation(input({ hammerPrice: usd(860_000) }));
    expect([e.result.kind, e.result.amount.amount, e.futureChangesStatement]).toEqual(['none', 0, false]);
  });

  it('a related-party sale below market uses the §9-615(f) amount', () => {
    const e = buildExplanation(input({ hammerPrice: usd(500_000), relatedPartySale: true, commerciallyReasonableAmount: usd(700_000) }));
    expect([e.proceeds.amount.amount, e.proceeds.hammerPrice.amount, e.proceeds.relatedPartyBelowMarket, e.result.amount.amount]).toEqual([700_000, 500_000, true, 160_000]);
  });

  it.each<[string, Partial<ExplanationInput>, string | null]>([
    ['as of the sale', {}, null],
    ['exactly 35 days before possession', { obligationAsOf: new Date('2026-01-16T09:00:00Z') }, null],
    ['36 days before possession', { obligationAsOf: new Date('2026-01-15T09:00:00Z') }, 'settlement.as_of_too_early'],
    ['35 days before the sale when the lender never took possession', { possessionAt: null, obligationAsOf: new Date('2026-02-03T15:00:00Z') }, null],
    ['a second too early, never in possession', { possessionAt: null, obligationAsOf: new Date('2026-02-03T14:59:59Z') }, 'settlement.as_of_too_early'],
    ['after the sale', { obligationAsOf: new Date('2026-03-11T00:00:00Z') }, 'settlement.as_of_after_sale'],
    ['no contact', { contact: {} }, 'settlement.contact_required'],
    ['an address is a contact', { contact: { address: '1 Main St, Austin TX' } }, null],
  ])('as-of date and contact: %s', (_, over, code) => {
    if (code === null) {
      expect(() => buildExplanation(input({}, over))).not.toThrow();
      return;
    }
    expect(() => buildExplanation(input({}, over))).toThrow(ExplanationError);
    try {
      buildExplanation(input({}, over));
    } catch (err) {
      expect((err as ExplanationError).errors.map((x) => x.code)).toEqual([code]);
    }
  });

  it('earliestAsOf is 35 days before possession, or the sale', () => {
    expect(earliestAsOf(POSSESSION, SALE).toISOString()).toBe('2026-01-16T09:00:00.000Z');
    expect(earliestAsOf(null, SALE).toISOString()).toBe('2026-02-03T15:00:00.000Z');
  });
});

describe('renderExplanation', () => {
  const doc = (language: 'en' | 'zh-CN', change: Partial<SaleSettlementInput> = {}) =>
    renderExplanation({ explanation: buildExplanation(input(change)), language, saleAt: SALE, borrowerName: 'J*** D**', lenderName: 'Acme <Auto> Finance', reference: 'LN-1' });

  it.each([
    ['en', ['1. Aggregate amount', '2. Amount of the proceeds', '3. Obligation after deducting', '4. Expenses of retaking', '5. Credits to which', '6. Surplus owed to you'], 'USD 1,200.00'],
    ['zh-CN', ['1. 截至', '2. 出售所得款项', '3. 扣除所得款项后的债务', '4. 收回、保管', '5. 您有权获得', '6. 应付给您的余额'], 'USD 1,200.00'],
  ] as const)('%s: the six items in the statute’s order, amounts exact', (language, headings, surplus) => {
    const html = doc(language);
    const positions = headings.map((h) => html.indexOf(h));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html).toContain(`lang="${language}"`);
    expect(html).toContain(surplus);
    expect(html).toContain('@media print');
    expect(html).toContain('Acme &lt;Auto&gt; Finance');
    expect(html).not.toContain('<Auto>');
  });

  it.each([
    ['en', 'Future debits, credits'],
    ['zh-CN', '今后的借记'],
  ] as const)('%s: a deficiency states that future changes may affect it', (language, statement) => {
    expect(doc(language, { hammerPrice: usd(500_000) })).toContain(statement);
    expect(doc(language)).not.toContain(statement);
  });
});

describe('requests (§9-616(b)(1)(B), (f))', () => {
  it.each([
    ['2026-03-10T15:00:00Z', '2026-03-24T15:00:00.000Z'],
    ['2026-12-25T00:00:00Z', '2027-01-08T00:00:00.000Z'],
  ])('a request received %s is answered by %s', (received, due) => {
    expect(requestAnswerDue(new Date(received)).toISOString()).toBe(due);
  });

  const at = (s: string) => new Date(s);
  it.each<[string, string, { explanationsSentAt: Date[]; freeResponsesAt: Date[] }, boolean, number]>([
    ['the first request is free', '2026-04-01T00:00:00Z', { explanationsSentAt: [], freeResponsesAt: [] }, true, 0],
    ['a second within six months may be charged up to USD 25', '2026-06-01T00:00:00Z', { explanationsSentAt: [], freeResponsesAt: [at('2026-04-01T00:00:00Z')] }, false, 2_500],
    ['six months after the free one, free again', '2026-10-02T00:00:00Z', { explanationsSentAt: [], freeResponsesAt: [at('2026-04-01T00:00:00Z')] }, true, 0],
    ['an explanation sent in the period: the response may be charged', '2026-04-01T00:00:00Z', { explanationsSentAt: [at('2026-03-10T00:00:00Z')], freeResponsesAt: [] }, false, 2_500],
    ['an explanation sent more than six months before: free', '2026-10-11T00:00:00Z', { explanationsSentAt: [at('2026-03-10T00:00:00Z')], freeResponsesAt: [] }, true, 0],
  ])('%s', (_, received, history, free, max) => {
    const r = requestChargeCap(at(received), history);
    expect([r.free, r.maxCharge.amount, r.maxCharge.currency]).toEqual([free, max, 'USD']);
  });
});

describe('explanationLanguageFor: the borrower’s preferred language', () => {
  it.each<[string | null, string]>([
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['ZH-cn', 'zh-CN'],
    ['zh-TW', 'en'],
    ['en-US', 'en'],
    ['es', 'en'],
    [null, 'en'],
  ])('%s → %s', (preferred, language) => {
    expect(explanationLanguageFor(preferred)).toBe(language);
  });
});
