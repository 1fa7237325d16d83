import { arrayOf, boolean, dateTime, defineSchema, enumOf, freeForm, integer, MoneySchema, nullable, objectOf, text, uuid } from '../common/openapi/schema';
import { CAPABILITIES } from '../partners/domain/eligibility';
import { JOB_STATUSES } from '../jobs/domain/job-status';
import { WORK_KINDS } from '../jobs/domain/work-kind';
import { BIDDING_MODES } from './domain/listing-draft';
import { LISTING_STATUSES } from './domain/listing-state';

/** The shapes of `marketplace.presenter.ts`, the fee-schedule answers and the award (DESIGN §5). */
const sla = objectOf({ first_action_hours: nullable(integer), completion_days: nullable(integer) });

/** In `open` mode bidders see the best live terms, without who proposed them (DESIGN §5). */
const BestTermsSchema = defineSchema('BestTerms', objectOf({ contingency_bps: nullable(integer), flat_fee: nullable(MoneySchema), sla }));

const maskedBorrower = objectOf({ name: text, city: nullable(text), postal_code: nullable(text), region: text, timezone: text });

export const ListingSchema = defineSchema(
  'Listing',
  objectOf(
    {
      id: uuid,
      lender_org_id: uuid,
      kind: enumOf(WORK_KINDS),
      status: enumOf(LISTING_STATUSES),
      bidding_mode: enumOf(BIDDING_MODES),
      title: { type: 'string', example: 'Texas M2 auto portfolio' },
      description: nullable(text),
      capability: enumOf(CAPABILITIES),
      regions: arrayOf({ type: 'string', example: 'US-TX' }),
      min_score: nullable({ type: 'number' }),
      deadline: dateTime,
      bounds: freeForm('bid bounds: contingency_bps ceiling, flat fee ceiling, SLA ranges'),
      weights: freeForm('scoring weights by component (price, performance, quality, sla, capacity, proximity)'),
      fee_schedule: objectOf({ id: uuid, name: text, version: integer, currency: text, schedule: freeForm('DESIGN §5 fee schedule (docs/marketplace.md)') }),
      currency: { type: 'string', example: 'USD' },
      split: nullable(freeForm('how the cases are split into lots (`kind` and its parameters)')),
      challenger_share_bps: nullable(integer),
      reoffer: boolean,
      accept_hours: integer,
      auto_recall_on_breach: { ...boolean, description: 'a job that breaches an SLA is recalled and its work offered on (DESIGN §6)' },
      promise_grace_days: { ...integer, description: 'days after its date before an unpaid promise to pay is broken' },
      vehicle_id: nullable(uuid),
      lots: arrayOf(objectOf({ key: text, case_count: integer, regions: arrayOf(text), total_balance: MoneySchema })),
      cases: arrayOf(
        objectOf({
          case_id: uuid,
          lot_key: text,
          product: text,
          region: text,
          bucket: text,
          days_past_due: integer,
          balance: MoneySchema,
          balance_band: objectOf({ min: MoneySchema, max: nullable(MoneySchema) }, { description: 'the balance’s band: min inclusive, max exclusive (null: no upper edge)' }),
          has_vehicle: boolean,
          vehicle: nullable(
            objectOf(
              { make: nullable(text), model: nullable(text), year: nullable(integer), colour: nullable(text), keys_available: nullable(boolean) },
              { description: 'the collateral as a bidder may see it before award: no VIN, plate, position or valuation' },
            ),
          ),
          borrower: nullable(maskedBorrower),
        }),
        'the cases of the listing, borrowers masked',
      ),
      eligible_lots: arrayOf(text, 'for a partner: the lots it may bid on'),
      blocked_partner_ids: arrayOf(uuid, 'the lender only'),
      direct_partner_id: nullable(uuid),
      bid_count: integer,
      my_bid: nullable({ $ref: '#/components/schemas/Bid' }),
      best_terms: nullable(BestTermsSchema),
      awarded_at: nullable(dateTime),
      ended_at: nullable(dateTime),
      created_at: dateTime,
      updated_at: dateTime,
    },
    { optional: ['cases', 'eligible_lots', 'blocked_partner_ids', 'direct_partner_id', 'bid_count', 'my_bid', 'best_terms'] },
  ),
);

const bidFields = {
  id: uuid,
  listing_id: uuid,
  partner_org_id: uuid,
  status: enumOf(['live', 'replaced', 'withdrawn', 'won', 'lost']),
  contingency_bps: nullable({ type: 'integer', example: 1800 }),
  flat_fee: nullable(MoneySchema),
  sla,
  lot_keys: nullable(arrayOf(text, 'null: every lot the partner may serve')),
  note: nullable(text),
  placed_at: dateTime,
};

export const BidSchema = defineSchema('Bid', objectOf(bidFields));

const scoredBid = objectOf(
  {
    ...bidFields,
    eligible: boolean,
    reasons: arrayOf(freeForm('why the bid is not eligible')),
    rank: nullable(integer),
    score: nullable({ type: 'number' }),
    breakdown: nullable(freeForm('score by component')),
    eligible_lots: arrayOf(text),
    inputs: nullable(freeForm('what the score was computed from (effective_fee, stats, record: kind | kind_region, region, proximity); null for awards made before issue 17')),
  },
  { description: 'a bid as its lender sees it, with its score' },
);

export const BidListSchema = defineSchema(
  'BidList',
  objectOf(
    {
      data: arrayOf({ anyOf: [scoredBid, BidSchema] }, 'the lender: every bid, ranked; a partner: its own bids'),
      best_terms: nullable(BestTermsSchema),
      scored_at: dateTime,
      award_id: nullable(uuid),
    },
    { optional: ['best_terms', 'scored_at', 'award_id'] },
  ),
);

export const AwardSchema = defineSchema(
  'Award',
  objectOf({
    id: uuid,
    listing_id: uuid,
    mode: enumOf(['manual', 'auto', 'deadline', 'direct', 'auto_assign']),
    decided_at: dateTime,
    decided_by_user_id: nullable(uuid),
    allocation: { type: 'array', items: freeForm('a lot and the bid(s) it went to') },
    unallocated_lot_keys: arrayOf(text),
    ranking: freeForm('the ranking per lot that re-offers walk down, with each bid’s score'),
    jobs: arrayOf(
      objectOf({ id: uuid, lot_key: text, role: enumOf(['champion', 'challenger']), partner_org_id: uuid, status: enumOf(JOB_STATUSES), case_ids: arrayOf(uuid), accept_deadline: dateTime }),
    ),
  }),
);

const feeScheduleFields = {
  id: uuid,
  family_id: uuid,
  name: { type: 'string', example: 'Standard 2024' },
  version: integer,
  currency: { type: 'string', example: 'USD' },
  schedule: freeForm('DESIGN §5 fee schedule (docs/marketplace.md)'),
  created_at: dateTime,
};

export const FeeScheduleSchema = defineSchema('FeeSchedule', objectOf(feeScheduleFields));

export const FeeScheduleWithVersionsSchema = defineSchema(
  'FeeScheduleWithVersions',
  objectOf({ ...feeScheduleFields, versions: arrayOf(objectOf({ id: uuid, version: integer })) }),
);

export const FeeQuoteSchema = defineSchema(
  'FeeQuote',
  objectOf({
    fee_schedule_id: nullable(uuid),
    lines: arrayOf(objectOf({ code: text, description: text, basis: { type: 'string', description: 'the arithmetic, so a reader can redo it' }, amount: MoneySchema })),
    total: MoneySchema,
  }),
);
