import type { Money } from '../../common/money/money';
import type { FieldError } from '../../common/problem/problem';
import type { Capability } from '../../partners/domain/eligibility';
import type { Reason } from '../marketplace.errors';
import { ListingBounds, validateListingBounds } from './bid-bounds';
import { DEFAULT_WEIGHTS, ScoringWeights, validateWeights } from './bid-scoring';
import type { Bucket } from './fee-schedule';
import type { WorkKind } from '../../jobs/domain/work-kind';
import { FLAT_FEE_EVENT_OF_KIND } from './job-terms';
import { PortfolioCase, SplitRule, splitPortfolio } from './portfolio-lots';

/**
 * The rules of a listing's terms before anything is stored (DESIGN §5): what a lender may ask
 * for, which cases may be listed, and how the cases become lots. Pure: the service loads the
 * fee schedule, the vehicle and the cases, then asks these functions.
 */

export const BIDDING_MODES = ['sealed', 'open', 'direct', 'auto_assign'] as const;
export type BiddingMode = (typeof BIDDING_MODES)[number];

/** Capabilities that may do each kind of work; the first is the default. */
export const CAPABILITIES_OF_KIND: { readonly [K in WorkKind]: readonly Capability[] } = {
  collection: ['soft_collection', 'field_visit', 'legal'],
  repossession: ['repossession'],
  transport: ['transport'],
  skip_trace: ['skip_trace'],
};

/** Case statuses a listing may take a case from (DESIGN §4: new, or back from a recall or return). */
const LISTABLE = new Set(['new', 'recalled', 'returned']);
export const MAX_DEADLINE_DAYS = 90;
export const SINGLE_LOT = 'all';
export const DEFAULT_ACCEPT_HOURS = 4;
/** DESIGN §6: a promise to pay not met by its date plus this many days is broken (issue 12: per listing). */
export const DEFAULT_PROMISE_GRACE_DAYS = 3;

/** A split as the API names it. */
export interface SplitSpec {
  readonly kind: 'by_region' | 'by_bucket' | 'by_balance_band' | 'even';
  readonly thresholds?: readonly number[];
  readonly lots?: number;
}

/** What a lender asks for (the body of `POST /v1/listings`, or a draft with its edits applied). */
export interface ListingSpec {
  readonly kind: WorkKind;
  readonly title?: string;
  readonly description?: string;
  readonly case_ids?: readonly string[];
  readonly vehicle_id?: string;
  readonly region?: string;
  readonly capability?: Capability;
  readonly min_score?: number;
  readonly blocked_partner_ids?: readonly string[];
  readonly bidding_mode: BiddingMode;
  readonly direct_partner_id?: string;
  readonly deadline?: string;
  readonly bounds?: ListingBounds;
  readonly fee_schedule_id: string;
  readonly weights?: Partial<ScoringWeights>;
  readonly split?: SplitSpec;
  readonly challenger_share_bps?: number;
  readonly reoffer?: boolean;
  readonly accept_hours?: number;
  readonly auto_recall_on_breach?: boolean;
  readonly promise_grace_days?: number;
}

export interface CheckedTerms {
  readonly capability: Capability;
  readonly biddable: boolean;
  /** The bidding deadline; `now` for direct and auto-assign listings, which are offered at once. */
  readonly deadline: Date;
  readonly bounds: ListingBounds;
  readonly weights: ScoringWeights;
  readonly split: SplitRule | null;
}

export const isBiddable = (mode: BiddingMode): boolean => mode === 'sealed' || mode === 'open';

/** Every field error of a listing's terms, and the terms with their defaults filled in. */
export function checkListingTerms(spec: ListingSpec, now: Date): { errors: FieldError[]; terms: CheckedTerms } {
  const errors: FieldError[] = [];
  const err = (field: string, message: string) => errors.push({ field, code: 'listing.invalid', message });
  const kind = spec.kind;
  const capability = spec.capability ?? CAPABILITIES_OF_KIND[kind][0]!;
  if (!CAPABILITIES_OF_KIND[kind].includes(capability)) err('capability', `${kind} work is done with ${CAPABILITIES_OF_KIND[kind].join(' or ')}`);
  const byCase = kind === 'collection' || kind === 'skip_trace';
  if (byCase && !spec.case_ids) err('case_ids', `${kind} listings list cases: give case_ids`);
  if (byCase && spec.vehicle_id) err('vehicle_id', `${kind} listings list cases, not a vehicle`);
  if (!byCase && !spec.vehicle_id) err('vehicle_id', `${kind} listings are for a vehicle: give vehicle_id`);
  if (!byCase && spec.case_ids) err('case_ids', `a ${kind} listing takes its case from the vehicle`);
  if (spec.region && kind !== 'transport') err('region', 'the region is taken from the cases');
  const biddable = isBiddable(spec.bidding_mode);
  if (spec.bidding_mode === 'direct' && !spec.direct_partner_id) err('direct_partner_id', 'a direct listing names the partner');
  if (spec.bidding_mode !== 'direct' && spec.direct_partner_id) err('direct_partner_id', 'only a direct listing names a partner');
  if (spec.direct_partner_id && spec.blocked_partner_ids?.includes(spec.direct_partner_id)) err('direct_partner_id', 'the named partner is also blocked');
  let deadline = now;
  if (biddable) {
    if (!spec.deadline) err('deadline', `a ${spec.bidding_mode} listing needs a deadline`);
    else {
      deadline = new Date(spec.deadline);
      if (deadline.getTime() <= now.getTime()) err('deadline', 'must be in the future');
      if (deadline.getTime() > now.getTime() + MAX_DEADLINE_DAYS * 86_400_000) err('deadline', `must be within ${MAX_DEADLINE_DAYS} days`);
    }
  } else if (spec.deadline) err('deadline', `a ${spec.bidding_mode} listing is offered at once and has no deadline`);
  const bounds = spec.bounds ?? {};
  errors.push(...validateListingBounds(bounds).map((e) => ({ ...e, field: `bounds.${e.field}` })));
  if (bounds.max_flat_fee && FLAT_FEE_EVENT_OF_KIND[kind] === null) err('bounds.max_flat_fee', `${kind} work is paid by contingency, not a flat fee`);
  // Weights the lender leaves out keep their defaults (DESIGN §5).
  const given = Object.entries(spec.weights ?? {}).filter(([, v]) => v !== undefined);
  const weights: ScoringWeights = { ...DEFAULT_WEIGHTS, ...Object.fromEntries(given) };
  errors.push(...validateWeights(weights));
  if (spec.split && !byCase) err('split', 'only a portfolio of cases is split into lots');
  if (spec.challenger_share_bps !== undefined && (spec.challenger_share_bps < 1 || spec.challenger_share_bps > 5000)) err('challenger_share_bps', 'must be from 1 to 5000');
  if (spec.challenger_share_bps !== undefined && !biddable && spec.bidding_mode !== 'auto_assign') err('challenger_share_bps', 'a direct listing has one partner');
  return { errors, terms: { capability, biddable, deadline, bounds, weights, split: spec.split ? splitRuleOf(spec.split) : null } };
}

export function splitRuleOf(split: SplitSpec): SplitRule {
  switch (split.kind) {
    case 'by_balance_band':
      return { kind: 'by_balance_band', thresholds: split.thresholds ?? [] };
    case 'even':
      return { kind: 'even', lots: split.lots ?? 0 };
    default:
      return { kind: split.kind };
  }
}

/** The split as the API names it, for a stored rule. */
export function splitSpecOf(rule: SplitRule): SplitSpec {
  switch (rule.kind) {
    case 'by_balance_band':
      return { kind: rule.kind, thresholds: rule.thresholds };
    case 'even':
      return { kind: rule.kind, lots: rule.lots };
    default:
      return { kind: rule.kind };
  }
}

/** What the listing rules read of a case. */
export interface DraftCase {
  readonly id: string;
  readonly status: string;
  readonly region: string;
  readonly balance: Money;
  readonly delinquency: { readonly bucket: string; readonly days_past_due: number };
  readonly product: string;
  readonly hasVehicle: boolean;
  readonly listingBlockers: readonly { readonly flag: string; readonly reason: string }[];
}

/** Every case that may not be listed, with each reason (DESIGN §4 holds, status, currency). */
export function listingRefusals(ids: readonly string[], found: readonly DraftCase[], currency: string): { case_id: string; reasons: Reason[] }[] {
  const byId = new Map(found.map((c) => [c.id, c]));
  const refused: { case_id: string; reasons: Reason[] }[] = [];
  for (const id of ids) {
    const c = byId.get(id);
    const reasons: Reason[] = [];
    if (!c) reasons.push({ code: 'case.not_found', message: 'no case of yours with this id' });
    else {
      if (!LISTABLE.has(c.status)) {
        reasons.push({ code: c.status === 'listed' ? 'case.already_listed' : 'case.not_listable_status', message: c.status === 'listed' ? 'the case is already listed' : `the case is ${c.status}; only new, recalled or returned cases are listed` });
      }
      for (const b of c.listingBlockers) reasons.push({ code: `case.${b.flag}`, message: b.reason });
      if (c.balance.currency !== currency) reasons.push({ code: 'case.currency_mismatch', message: `the case is in ${c.balance.currency} but the fee schedule is in ${currency}` });
      if (c.delinquency.bucket === 'current') reasons.push({ code: 'case.not_delinquent', message: 'the case is not past due' });
    }
    if (reasons.length > 0) refused.push({ case_id: id, reasons });
  }
  return refused;
}

export interface LotDraft {
  readonly key: string;
  readonly caseIds: string[];
  readonly regions: string[];
  readonly totalBalance: Money;
}

export interface ListingCaseDraft {
  readonly caseId: string;
  readonly lotKey: string;
  readonly region: string;
  readonly bucket: string;
  readonly daysPastDue: number;
  readonly balance: Money;
  readonly product: string;
  readonly hasVehicle: boolean;
}

/**
 * The lots of a listing: its cases split by the rule (one lot, `all`, without one), or one empty
 * lot in the given regions for work without cases (transport). Throws `PortfolioLotsError`
 * (from `splitPortfolio`) when the rule cannot cut these cases.
 */
export function draftLots(cases: readonly DraftCase[], split: SplitRule | null, currency: string, regions: readonly string[]): { lots: LotDraft[]; listingCases: ListingCaseDraft[] } {
  if (cases.length === 0) return { lots: [{ key: SINGLE_LOT, caseIds: [], regions: [...regions], totalBalance: { amount: 0, currency } }], listingCases: [] };
  const portfolio: PortfolioCase[] = cases.map((c) => ({ id: c.id, region: c.region, bucket: c.delinquency.bucket as Bucket, balance: c.balance }));
  const parts = splitPortfolio(portfolio, split ?? { kind: 'even', lots: 1 });
  const lots = parts.map((p) => ({
    key: split ? p.key : SINGLE_LOT,
    caseIds: p.cases.map((c) => c.id),
    regions: [...new Set(p.cases.map((c) => c.region))].sort(),
    totalBalance: p.total_balance,
  }));
  const lotOf = new Map(lots.flatMap((l) => l.caseIds.map((c) => [c, l.key] as const)));
  const listingCases = cases.map((c) => ({
    caseId: c.id,
    lotKey: lotOf.get(c.id)!,
    region: c.region,
    bucket: c.delinquency.bucket,
    daysPastDue: c.delinquency.days_past_due,
    balance: c.balance,
    product: c.product,
    hasVehicle: c.hasVehicle,
  }));
  return { lots, listingCases };
}

/** The title a listing gets when the lender gives none. */
export function defaultTitle(kind: WorkKind, caseCount: number, regions: readonly string[]): string {
  return caseCount > 1 ? `${kind.replace('_', ' ')}: portfolio of ${caseCount} cases` : `${kind.replace('_', ' ')} in ${regions.join(', ')}`;
}

/** What `PATCH /v1/listings/:id` may change on a draft; `null` clears an optional term. */
export const EDITABLE_FIELDS = [
  'title',
  'description',
  'case_ids',
  'region',
  'capability',
  'min_score',
  'blocked_partner_ids',
  'direct_partner_id',
  'deadline',
  'bounds',
  'weights',
  'split',
  'challenger_share_bps',
  'reoffer',
  'accept_hours',
  'auto_recall_on_breach',
  'promise_grace_days',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];
export type ListingEdits = { readonly [K in EditableField]?: ListingSpec[K] | null };

/** The draft's terms with the edits applied; the result is checked like a new listing. */
export function applyEdits(spec: ListingSpec, edits: ListingEdits): ListingSpec {
  const pick = <K extends EditableField>(field: K): ListingSpec[K] | undefined => (edits[field] === undefined ? spec[field] : (edits[field] ?? undefined));
  return {
    ...spec,
    title: pick('title'),
    description: pick('description'),
    case_ids: pick('case_ids'),
    region: pick('region'),
    capability: pick('capability'),
    min_score: pick('min_score'),
    blocked_partner_ids: pick('blocked_partner_ids'),
    direct_partner_id: pick('direct_partner_id'),
    deadline: pick('deadline'),
    bounds: pick('bounds'),
    weights: pick('weights'),
    split: pick('split'),
    challenger_share_bps: pick('challenger_share_bps'),
    reoffer: pick('reoffer'),
    accept_hours: pick('accept_hours'),
    auto_recall_on_breach: pick('auto_recall_on_breach'),
    promise_grace_days: pick('promise_grace_days'),
  };
}

/** The fields an edit names (present in the body, `null` included). */
export function editedFields(edits: ListingEdits): EditableField[] {
  return EDITABLE_FIELDS.filter((f) => edits[f] !== undefined);
}
