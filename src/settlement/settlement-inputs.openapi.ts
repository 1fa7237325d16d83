import { arrayOf, boolean, dateTime, defineSchema, described, enumOf, integer, MoneySchema, nullable, objectOf, text, uuid } from '../common/openapi/schema';
import { CREDIT_TYPES } from './domain/waterfall';
import { BUYER_RELATIONS } from './settlement-inputs.entity';

const InvoicedExpense = objectOf({ id: uuid, amount: MoneySchema, description: text, invoice_ref: text, recorded_at: dateTime });

/** What the lender recorded for a vehicle's settlement (`settlement-inputs.service.ts`, issue 16). */
export const SettlementInputsSchema = defineSchema(
  'SettlementInputs',
  objectOf({
    vehicle_id: uuid,
    case_id: uuid,
    currency: described(text, "the case's currency: every amount is in it"),
    settlement_id: described(nullable(uuid), 'once the sale is settled; the inputs are then closed (but the contact)'),
    credits: arrayOf(objectOf({ id: uuid, type: enumOf(CREDIT_TYPES), amount: MoneySchema, basis: text, recorded_at: dateTime }), 'UCC §9-616(c)(5): credits the obligation does not reflect'),
    reconditioning: arrayOf(InvoicedExpense, 'UCC §9-615(a)(1): preparing for disposition, as invoiced'),
    legal_fees: objectOf(
      { agreement_clause: described(nullable(text), "the clause of the agreement providing for attorney's fees; null: none does, and the expenses are excluded"), expenses: arrayOf(InvoicedExpense, 'as invoiced') },
      { description: "UCC §9-615(a)(1): attorney's fees and legal expenses, to the extent the agreement provides for them" },
    ),
    obligation_reflects_rebate: described(boolean, "the case's total due already reflects a rebate of unearned interest (UCC §9-616(c)(1)): the explanation says so"),
    subordinate_liens: arrayOf(
      objectOf({ id: uuid, priority: described(integer, '1 is paid first'), holder: text, amount: MoneySchema, demand_received_at: nullable(dateTime), proof_requested_at: nullable(dateTime), proof_received_at: nullable(dateTime) }),
      'UCC §9-615(a)(3), (b): paid when the demand came before distribution and any proof asked for came',
    ),
    related_party_sale: objectOf(
      { buyer_relation: nullable(enumOf(BUYER_RELATIONS)), commercially_reasonable_amount: nullable(MoneySchema), basis: nullable(text) },
      { description: 'UCC §9-615(f)' },
    ),
    explanation_contact: objectOf({ phone: nullable(text), address: nullable(text) }, { description: 'UCC §9-616(a)(1)(D)' }),
  }),
);
