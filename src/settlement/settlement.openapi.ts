import { arrayOf, boolean, calendarDate, dateTime, defineSchema, described, enumOf, integer, MoneySchema, nullable, objectOf, text, uuid } from '../common/openapi/schema';
import { CREDIT_TYPES, EXPENSE_TYPES } from './domain/waterfall';

/** The shapes of `settlement.presenter.ts` (issue 16). */
const line = objectOf({
  line: integer,
  step: enumOf(['expenses', 'obligation', 'subordinate_lien', 'surplus', 'credit', 'excluded'], 'distribution lines in UCC §9-615(a) order, then credits, then what was not paid and why'),
  statute: { type: 'string', example: 'UCC §9-615(a)(1)' },
  kind: text,
  claimed: described(MoneySchema, 'what was owed'),
  applied: described(MoneySchema, 'what the proceeds paid'),
  basis: { type: 'string', example: '11 days × 2500 (16 stored, 5 free)' },
  payee_org_id: nullable(uuid),
  payee: nullable(text),
  source_ref: nullable(text),
});

export const SettlementSchema = defineSchema(
  'Settlement',
  objectOf({
    id: uuid,
    case_id: uuid,
    vehicle_id: uuid,
    lot_id: nullable(uuid),
    currency: text,
    sale_at: dateTime,
    possession_at: nullable(dateTime),
    obligation_as_of: dateTime,
    distribution_completed_at: dateTime,
    figures: nullable(
      objectOf(
        {
          outcome: enumOf(['surplus', 'deficiency', 'even']),
          hammer_price: MoneySchema,
          proceeds_applied: described(MoneySchema, 'the hammer price, or on a related-party sale below market the amount a complying sale would have brought (UCC §9-615(f))'),
          related_party_sale: boolean,
          related_party_below_market: boolean,
          commercially_reasonable_amount: nullable(MoneySchema),
          obligation: described(MoneySchema, "the case's total due at the sale"),
          obligation_reflects_rebate: boolean,
          credits: MoneySchema,
          obligation_net: described(MoneySchema, 'the obligation less the credits, never below zero'),
          credit_refund: described(MoneySchema, 'credits beyond the obligation (UCC §9-616(c)(5)) left after paying expenses the proceeds did not cover: refunded by the lender, part of the surplus'),
          expenses_total: MoneySchema,
          distributed: described(MoneySchema, 'Σ of the distribution lines; equals proceeds_applied to the minor unit'),
          surplus: described(MoneySchema, 'owed to the borrower: the surplus line plus any credit refund'),
          deficiency: MoneySchema,
        },
        { description: "null for a partner, who sees only its own lines" },
      ),
    ),
    lines: arrayOf(line),
    ledger_transaction_ids: arrayOf(uuid, 'the settlement posting, then the surplus payment'),
    surplus_payment: nullable(objectOf({ paid_at: dateTime, via: enumOf(['lender', 'platform']), reference: text, ledger_transaction_id: uuid })),
    deficiency_placed_at: nullable(dateTime),
    created_at: dateTime,
  }),
);

export const DeficiencyPlacementSchema = defineSchema(
  'DeficiencyPlacement',
  objectOf({
    settlement: SettlementSchema,
    case: objectOf({ id: uuid, status: text, total_due: described(MoneySchema, 'the deficiency the case now carries'), listable: described(boolean, 'the case is on the lender’s book and may be listed for collection now') }),
    // The marketplace's own schema, by reference: its document is not imported across modules.
    listing: described(nullable({ $ref: '#/components/schemas/Listing' }), 'the collection listing made in the same call, when `list` was given'),
  }),
);

export const SettlementTotalsSchema = arrayOf(
  objectOf({ currency: text, count: integer, proceeds: MoneySchema, surplus: MoneySchema, surplus_unpaid: MoneySchema, deficiency: MoneySchema }),
  'over every settlement the filter matches, per currency (amounts in different currencies are never added)',
);

export const ExplanationSchema = defineSchema(
  'SettlementExplanation',
  objectOf({
    settlement_id: uuid,
    statute: enumOf(['UCC §9-616']),
    currency: text,
    aggregate_obligation: objectOf({ amount: MoneySchema, as_of: calendarDate, reflects_rebate: boolean }, { description: '(c)(1)' }),
    proceeds: objectOf({ amount: MoneySchema, hammer_price: MoneySchema, related_party_below_market: boolean }, { description: '(c)(2)' }),
    obligation_less_proceeds: described(MoneySchema, '(c)(3): (1) − (2); negative when the proceeds exceed the obligation'),
    expenses: objectOf({ by_type: arrayOf(objectOf({ type: enumOf(EXPENSE_TYPES), amount: MoneySchema })), total: MoneySchema }, { description: '(c)(4)' }),
    credits: objectOf({ by_type: arrayOf(objectOf({ type: enumOf(CREDIT_TYPES), amount: MoneySchema })), total: MoneySchema }, { description: '(c)(5)' }),
    result: objectOf({ kind: enumOf(['surplus', 'deficiency', 'none']), amount: MoneySchema }, { description: '(c)(6)' }),
    lienholder_payments: arrayOf(objectOf({ holder: text, amount: MoneySchema })),
    future_changes_statement: described(boolean, '§9-616(a)(1)(C): stated with a deficiency'),
    contact: objectOf({ phone: nullable(text), address: nullable(text) }, { description: '§9-616(a)(1)(D)' }),
  }),
);

export const ExplanationRequestSchema = defineSchema(
  'SettlementExplanationRequest',
  objectOf({
    id: uuid,
    settlement_id: uuid,
    received_at: dateTime,
    answer_due_at: described(dateTime, '14 days after receipt (UCC §9-616(b)(1)(B))'),
    free: described(boolean, 'one free response in six months in which no explanation was sent (§9-616(f))'),
    max_charge: described(MoneySchema, 'the most the lender may charge for this response: zero, or USD 25'),
    answered_at: nullable(dateTime),
    overdue_at: nullable(dateTime),
  }),
);
