import { Money, money, subtract, sum } from '../../common/money';
import { formatMoney } from '../../common/money/money-text';
import { FieldError } from '../../common/problem/problem';
import { CREDIT_TYPES, CreditType, EXPENSE_TYPES, ExpenseType, SaleSettlement } from './waterfall';

/**
 * The explanation of the surplus or deficiency a consumer borrower is owed after a sale
 * (UCC §9-616). Pure: built from the settlement, then rendered; the figures come only from the
 * waterfall, so the explanation and the ledger cannot disagree.
 */

export const EXPLANATION_LANGUAGES = ['en', 'zh-CN'] as const;
export type ExplanationLanguage = (typeof EXPLANATION_LANGUAGES)[number];

/** The explanation's language for a borrower's preferred language: Chinese in simplified script, else English. */
export function explanationLanguageFor(preferred: string | null): ExplanationLanguage {
  return preferred && /^zh(-(CN|SG|Hans)(-.*)?)?$/i.test(preferred.trim()) ? 'zh-CN' : 'en';
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** §9-616(c)(1)(A)/(B): the obligation is stated as of a date no more than 35 days before possession (or the sale). */
export const AS_OF_MAX_DAYS_BEFORE = 35;

export interface ExplanationContact {
  readonly phone?: string;
  readonly address?: string;
}

export interface ExplanationInput {
  readonly settlement: SaleSettlement;
  /** The date the aggregate obligation is calculated as of. */
  readonly obligationAsOf: Date;
  /** When the lender took possession after default; null if it never did (the sale then bounds the date). */
  readonly possessionAt: Date | null;
  readonly saleAt: Date;
  /** §9-616(a)(1)(D): a telephone number or mailing address for more information. */
  readonly contact: ExplanationContact;
}

/** The explanation as data, its items in the order §9-616(c) requires. */
export interface Explanation {
  readonly statute: 'UCC §9-616';
  readonly currency: string;
  /** (c)(1) */
  readonly aggregateObligation: { readonly amount: Money; readonly asOf: string; readonly reflectsRebate: boolean };
  /** (c)(2): the proceeds the calculation uses (the §9-615(f) amount on a related-party sale below market). */
  readonly proceeds: { readonly amount: Money; readonly hammerPrice: Money; readonly relatedPartyBelowMarket: boolean };
  /** (c)(3): (1) − (2); negative when the proceeds exceed the obligation. */
  readonly obligationLessProceeds: Money;
  /** (c)(4) */
  readonly expenses: { readonly byType: readonly { readonly type: ExpenseType; readonly amount: Money }[]; readonly total: Money };
  /** (c)(5): credits to which the borrower is entitled and that (1) does not reflect. */
  readonly credits: { readonly byType: readonly { readonly type: CreditType; readonly amount: Money }[]; readonly total: Money };
  /** (c)(6) */
  readonly result: { readonly kind: 'surplus' | 'deficiency' | 'none'; readonly amount: Money };
  /** What subordinate lienholders were paid, when that happened (§9-615(a)(3)). */
  readonly lienholderPayments: readonly { readonly holder: string; readonly amount: Money }[];
  /** §9-616(a)(1)(C), stated when a deficiency remains. */
  readonly futureChangesStatement: boolean;
  /** §9-616(a)(1)(D) */
  readonly contact: ExplanationContact;
}

export class ExplanationError extends Error {
  constructor(readonly errors: readonly FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    this.name = 'ExplanationError';
  }
}

/** The earliest date the obligation may be stated as of (§9-616(c)(1)). */
export function earliestAsOf(possessionAt: Date | null, saleAt: Date): Date {
  return new Date((possessionAt ?? saleAt).getTime() - AS_OF_MAX_DAYS_BEFORE * DAY_MS);
}

export function explanationInputErrors(input: ExplanationInput): FieldError[] {
  const errors: FieldError[] = [];
  const earliest = earliestAsOf(input.possessionAt, input.saleAt);
  if (input.obligationAsOf.getTime() < earliest.getTime()) {
    errors.push({
      field: 'obligation_as_of',
      code: 'settlement.as_of_too_early',
      message: `the obligation must be stated as of ${earliest.toISOString()} or later: no more than ${AS_OF_MAX_DAYS_BEFORE} days before ${input.possessionAt ? 'possession' : 'the sale'} (UCC §9-616(c)(1))`,
    });
  }
  if (input.obligationAsOf.getTime() > input.saleAt.getTime()) {
    errors.push({ field: 'obligation_as_of', code: 'settlement.as_of_after_sale', message: 'the obligation is stated as of a date on or before the sale' });
  }
  if (!input.contact.phone?.trim() && !input.contact.address?.trim()) {
    errors.push({ field: 'contact', code: 'settlement.contact_required', message: 'a telephone number or mailing address for more information is required (UCC §9-616(a)(1)(D))' });
  }
  return errors;
}

export function buildExplanation(input: ExplanationInput): Explanation {
  const errors = explanationInputErrors(input);
  if (errors.length > 0) throw new ExplanationError(errors);
  const s = input.settlement;
  const c = s.currency;
  const expenseLines = s.lines.filter((l) => l.step === 'expenses');
  const expensesByType = EXPENSE_TYPES.flatMap((type) => {
    const of = expenseLines.filter((l) => l.kind === type);
    return of.length === 0 ? [] : [{ type, amount: sum(of.map((l) => l.claimed), c) }];
  });
  const creditTotals = s.credits.amount;
  const creditsByType = CREDIT_TYPES.flatMap((type) => {
    const of = s.creditItems.filter((x) => x.type === type);
    return of.length === 0 ? [] : [{ type, amount: sum(of.map((x) => x.amount), c) }];
  });
  const result = s.surplus.amount > 0 ? ({ kind: 'surplus', amount: s.surplus } as const) : s.deficiency.amount > 0 ? ({ kind: 'deficiency', amount: s.deficiency } as const) : ({ kind: 'none', amount: money(0, c) } as const);
  return {
    statute: 'UCC §9-616',
    currency: c,
    aggregateObligation: { amount: s.obligation, asOf: input.obligationAsOf.toISOString().slice(0, 10), reflectsRebate: s.obligationReflectsRebate },
    proceeds: { amount: s.proceedsApplied, hammerPrice: s.hammerPrice, relatedPartyBelowMarket: s.relatedPartyBelowMarket },
    obligationLessProceeds: subtract(s.obligation, s.proceedsApplied),
    expenses: { byType: expensesByType, total: s.expensesTotal },
    credits: { byType: creditsByType, total: money(creditTotals, c) },
    result,
    lienholderPayments: s.lines.filter((l) => l.step === 'subordinate_lien' && l.applied.amount > 0).map((l) => ({ holder: l.payee, amount: l.applied })),
    futureChangesStatement: result.kind === 'deficiency',
    contact: input.contact,
  };
}

/** §9-616(b)(1)(B): a borrower's request is answered within 14 days after it is received. */
export const REQUEST_ANSWER_DAYS = 14;

export function requestAnswerDue(receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + REQUEST_ANSWER_DAYS * DAY_MS);
}

/**
 * §9-616(f): one response without charge in any six-month period in which no explanation was
 * sent under (b)(1)(A); each further response may carry a charge of at most USD 25. Data, so a
 * jurisdiction that varies it is a row, not a code change.
 */
export interface RequestChargeRule {
  readonly freeResponsesPerPeriod: number;
  readonly periodMonths: number;
  readonly maxCharge: Money;
}

export const UCC_9_616_CHARGE_RULE: RequestChargeRule = { freeResponsesPerPeriod: 1, periodMonths: 6, maxCharge: money(2_500, 'USD') };

function monthsBefore(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

export interface RequestHistory {
  /** When explanations were sent on the lender's own initiative (§9-616(b)(1)(A)). */
  readonly explanationsSentAt: readonly Date[];
  /** When earlier requests were answered without charge. */
  readonly freeResponsesAt: readonly Date[];
}

/**
 * The most the lender may charge for answering a request received at `receivedAt`: zero while
 * the borrower still has a free response in the six months before it, else the rule's maximum.
 */
export function requestChargeCap(receivedAt: Date, history: RequestHistory, rule: RequestChargeRule = UCC_9_616_CHARGE_RULE): { readonly free: boolean; readonly maxCharge: Money } {
  const since = monthsBefore(receivedAt, rule.periodMonths).getTime();
  const within = (d: Date) => d.getTime() > since && d.getTime() <= receivedAt.getTime();
  const sentInPeriod = history.explanationsSentAt.some(within);
  const freeUsed = history.freeResponsesAt.filter(within).length;
  const free = !sentInPeriod && freeUsed < rule.freeResponsesPerPeriod;
  return { free, maxCharge: free ? money(0, rule.maxCharge.currency) : rule.maxCharge };
}

const TEXT = {
  en: {
    title: 'Explanation of the calculation of your surplus or deficiency',
    intro: 'Your vehicle was sold. This explanation shows, in the order the law sets (UCC §9-616), how the amount below was calculated.',
    sale: 'Date of sale',
    items: {
      obligation: (asOf: string) => `1. Aggregate amount of the obligation secured by the vehicle, as of ${asOf}`,
      rebate: 'This amount reflects a rebate of unearned interest or credit service charge.',
      proceeds: '2. Amount of the proceeds of the sale',
      related: (hammer: string) => `The vehicle was sold to the lender or a related person for ${hammer}; the amount above is what a sale to an unrelated buyer would have brought (UCC §9-615(f)).`,
      less: '3. Obligation after deducting the proceeds (1 − 2)',
      expenses: '4. Expenses of retaking, holding, preparing, processing and disposing of the vehicle',
      credits: '5. Credits to which you are entitled that are not reflected in line 1',
      surplus: '6. Surplus owed to you',
      deficiency: '6. Deficiency you owe',
      none: '6. Neither a surplus nor a deficiency remains',
      liens: 'Paid to holders of subordinate liens',
    },
    expense: { repossession: 'Repossession', transport: 'Transport', storage: 'Storage', reconditioning: 'Reconditioning', seller_fee: 'Sale fees', legal: 'Attorney’s fees and legal expenses' } satisfies Record<ExpenseType, string>,
    credit: { unearned_interest_rebate: 'Rebate of unearned interest', add_on_refund: 'Refund of a cancelled add-on product', other: 'Other credit' } satisfies Record<CreditType, string>,
    total: 'Total',
    noneItem: 'None',
    future: 'Future debits, credits, charges (including additional interest or credit service charges), rebates and expenses may affect the amount of the deficiency.',
    contact: 'For more information about this transaction:',
    phone: 'Telephone',
    address: 'Address',
  },
  'zh-CN': {
    title: '车辆处置后余额或差额的计算说明',
    intro: '您的车辆已被出售。本说明按照法律规定的顺序（《统一商法典》§9-616）列明下列金额的计算方式。',
    sale: '出售日期',
    items: {
      obligation: (asOf: string) => `1. 截至 ${asOf} 以该车辆担保的债务总额`,
      rebate: '该金额已反映未到期利息或信用服务费的退还。',
      proceeds: '2. 出售所得款项',
      related: (hammer: string) => `车辆以 ${hammer} 出售给贷款方或其关联人；上列金额为出售给无关联买方时应得的款项（《统一商法典》§9-615(f)）。`,
      less: '3. 扣除所得款项后的债务（1 − 2）',
      expenses: '4. 收回、保管、整备、处理及出售车辆的费用',
      credits: '5. 您有权获得但第 1 项未反映的抵免',
      surplus: '6. 应付给您的余额',
      deficiency: '6. 您尚欠的差额',
      none: '6. 既无余额也无差额',
      liens: '已支付给次级留置权人',
    },
    expense: { repossession: '收车费', transport: '运输费', storage: '保管费', reconditioning: '整备费', seller_fee: '出售费用', legal: '律师费及法律费用' } satisfies Record<ExpenseType, string>,
    credit: { unearned_interest_rebate: '未到期利息退还', add_on_refund: '已取消附加产品的退款', other: '其他抵免' } satisfies Record<CreditType, string>,
    total: '合计',
    noneItem: '无',
    future: '今后的借记、贷记、收费（包括额外利息或信用服务费）、退还及费用可能影响差额的金额。',
    contact: '如需了解本交易的更多信息，请联系：',
    phone: '电话',
    address: '地址',
  },
} as const;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (value: string): string => value.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

export interface ExplanationDocument {
  readonly explanation: Explanation;
  readonly language: ExplanationLanguage;
  readonly saleAt: Date;
  /** The borrower's name as the lender holds it (printed at the top). */
  readonly borrowerName: string;
  readonly lenderName: string;
  readonly reference: string;
}

/**
 * The explanation as one printable HTML page (A4, print CSS) — a browser prints or saves it as
 * PDF, so no PDF library is needed. Every value from the database is escaped.
 */
export function renderExplanation(d: ExplanationDocument): string {
  const t = TEXT[d.language];
  const e = d.explanation;
  const m = (x: Money) => esc(formatMoney(x));
  const row = (label: string, value: string, cls = '') => `<tr${cls ? ` class="${cls}"` : ''}><th>${esc(label)}</th><td class="amount">${value}</td></tr>`;
  const sub = (label: string, value: Money) => `<tr class="sub"><th>${esc(label)}</th><td class="amount">${m(value)}</td></tr>`;
  const rows = [
    row(t.items.obligation(e.aggregateObligation.asOf), m(e.aggregateObligation.amount)),
    ...(e.aggregateObligation.reflectsRebate ? [`<tr class="note"><td colspan="2">${esc(t.items.rebate)}</td></tr>`] : []),
    row(t.items.proceeds, m(e.proceeds.amount)),
    ...(e.proceeds.relatedPartyBelowMarket ? [`<tr class="note"><td colspan="2">${esc(t.items.related(formatMoney(e.proceeds.hammerPrice)))}</td></tr>`] : []),
    row(t.items.less, m(e.obligationLessProceeds)),
    row(t.items.expenses, e.expenses.byType.length === 0 ? esc(t.noneItem) : m(e.expenses.total)),
    ...e.expenses.byType.map((x) => sub(t.expense[x.type], x.amount)),
    row(t.items.credits, e.credits.byType.length === 0 ? esc(t.noneItem) : m(e.credits.total)),
    ...e.credits.byType.map((x) => sub(t.credit[x.type], x.amount)),
    ...(e.lienholderPayments.length > 0 ? [row(t.items.liens, m(sum(e.lienholderPayments.map((p) => p.amount), e.currency))), ...e.lienholderPayments.map((p) => sub(p.holder, p.amount))] : []),
    row(e.result.kind === 'surplus' ? t.items.surplus : e.result.kind === 'deficiency' ? t.items.deficiency : t.items.none, m(e.result.amount), 'result'),
  ];
  const contact = [e.contact.phone ? `${esc(t.phone)}: ${esc(e.contact.phone)}` : null, e.contact.address ? `${esc(t.address)}: ${esc(e.contact.address)}` : null].filter((x) => x !== null).join('<br>');
  return `<!doctype html>
<html lang="${d.language}">
<head>
<meta charset="utf-8">
<title>${esc(t.title)} — ${esc(d.reference)}</title>
<style>
  body { font-family: "Helvetica Neue", Arial, "PingFang SC", "Noto Sans CJK SC", sans-serif; color: #111; max-width: 44rem; margin: 2rem auto; line-height: 1.5; }
  h1 { font-size: 1.4rem; border-bottom: 2px solid #111; padding-bottom: .3rem; }
  .meta { color: #333; }
  table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
  th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #ccc; }
  th { font-weight: 600; }
  td.amount { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
  tr.sub th { font-weight: 400; padding-left: 1.5rem; }
  tr.note td { font-size: .85rem; color: #444; }
  tr.result th, tr.result td { border-top: 2px solid #111; border-bottom: 2px solid #111; font-weight: 700; }
  .future { font-size: .9rem; }
  @page { size: A4; margin: 18mm; }
  @media print { body { margin: 0; max-width: none; } tr { break-inside: avoid; } }
</style>
</head>
<body>
<h1>${esc(t.title)}</h1>
<p class="meta">${esc(d.lenderName)} · ${esc(d.borrowerName)} · ${esc(d.reference)}<br>${esc(t.sale)}: ${esc(d.saleAt.toISOString().slice(0, 10))}</p>
<p>${esc(t.intro)}</p>
<table>
${rows.join('\n')}
</table>
${e.futureChangesStatement ? `<p class="future">${esc(t.future)}</p>` : ''}
<p>${esc(t.contact)}<br>${contact}</p>
</body>
</html>
`;
}
