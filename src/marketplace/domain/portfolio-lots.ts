import { divideHalfUp, Money, sum, toSafeNumber } from '../../common/money';
import { BUCKETS, Bucket } from './fee-schedule';
import { FieldError } from '../../common/problem/problem';

export interface PortfolioCase {
  readonly id: string;
  readonly region: string;
  readonly bucket: Bucket;
  readonly balance: Money;
}

/**
 * How a portfolio listing is cut into lots (DESIGN §5). Balance bands are given as ascending
 * thresholds in minor units; each threshold opens a band, so a balance equal to it falls in the
 * band above.
 */
export type SplitRule =
  | { readonly kind: 'by_region' }
  | { readonly kind: 'by_bucket' }
  | { readonly kind: 'by_balance_band'; readonly thresholds: readonly number[] }
  | { readonly kind: 'even'; readonly lots: number };

export interface Lot {
  /** Stable within a listing: the region, the bucket, the band (`<100000`, `100000-499999`, `>=500000`) or `lot-N`. */
  readonly key: string;
  /** Ordered by case id, so the same portfolio always gives the same lots. */
  readonly cases: readonly PortfolioCase[];
  readonly total_balance: Money;
}

export class PortfolioLotsError extends Error {
  constructor(
    readonly code: 'portfolio.empty' | 'portfolio.duplicate_case' | 'portfolio.mixed_currency' | 'portfolio.invalid_split' | 'portfolio.invalid_share',
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = 'PortfolioLotsError';
  }
}

const byId = (a: PortfolioCase, b: PortfolioCase): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byBalanceDesc = (a: PortfolioCase, b: PortfolioCase): number => b.balance.amount - a.balance.amount || byId(a, b);

function makeLot(key: string, cases: readonly PortfolioCase[], currency: string): Lot {
  return {
    key,
    cases: [...cases].sort(byId),
    total_balance: sum(
      cases.map((c) => c.balance),
      currency,
    ),
  };
}

function splitError(field: string, message: string): PortfolioLotsError {
  return new PortfolioLotsError('portfolio.invalid_split', message, [{ field, code: 'portfolio.invalid_split', message }]);
}

function bandKey(thresholds: readonly number[], index: number): string {
  if (index === 0) return `<${thresholds[0]}`;
  if (index === thresholds.length) return `>=${thresholds[index - 1]}`;
  return `${thresholds[index - 1]}-${thresholds[index] - 1}`;
}

function groupInto(cases: readonly PortfolioCase[], keyOf: (c: PortfolioCase) => string, keyOrder: readonly string[], currency: string): Lot[] {
  const groups = new Map<string, PortfolioCase[]>();
  for (const c of cases) {
    const key = keyOf(c);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [c]);
    else group.push(c);
  }
  return keyOrder.flatMap((key) => {
    const group = groups.get(key);
    return group === undefined ? [] : [makeLot(key, group, currency)];
  });
}

/**
 * Splits a portfolio into lots. Empty groups make no lot. `even` deals the cases, largest
 * balance first, each to the lot with the smallest total so far (ties: fewer cases, then the
 * lower lot number) — a greedy balance that keeps lots within one case's balance of each other.
 */
export function splitPortfolio(cases: readonly PortfolioCase[], rule: SplitRule): Lot[] {
  if (cases.length === 0) throw new PortfolioLotsError('portfolio.empty', 'a portfolio needs at least one case');
  const currency = cases[0].balance.currency;
  if (cases.some((c) => c.balance.currency !== currency)) {
    throw new PortfolioLotsError('portfolio.mixed_currency', 'a portfolio is in one currency: balances are never added across currencies');
  }
  const ids = new Set(cases.map((c) => c.id));
  if (ids.size !== cases.length) throw new PortfolioLotsError('portfolio.duplicate_case', 'a case appears twice in the portfolio');

  switch (rule.kind) {
    case 'by_region': {
      const regions = [...new Set(cases.map((c) => c.region))].sort();
      return groupInto(cases, (c) => c.region, regions, currency);
    }
    case 'by_bucket':
      return groupInto(cases, (c) => c.bucket, BUCKETS, currency);
    case 'by_balance_band': {
      const { thresholds } = rule;
      if (thresholds.length === 0) throw splitError('split.thresholds', 'give at least one threshold');
      thresholds.forEach((t, i) => {
        if (!Number.isSafeInteger(t) || t <= 0) throw splitError(`split.thresholds[${i}]`, 'thresholds are positive integers in minor units');
        if (i > 0 && t <= thresholds[i - 1]) throw splitError(`split.thresholds[${i}]`, 'thresholds must be strictly ascending');
      });
      const bandOf = (c: PortfolioCase): number => thresholds.filter((t) => c.balance.amount >= t).length;
      const keys = Array.from({ length: thresholds.length + 1 }, (_, i) => bandKey(thresholds, i));
      return groupInto(cases, (c) => keys[bandOf(c)], keys, currency);
    }
    case 'even': {
      const n = rule.lots;
      if (!Number.isInteger(n) || n < 1) throw splitError('split.lots', 'lots must be a positive integer');
      if (n > cases.length) throw splitError('split.lots', `cannot make ${n} lots from ${cases.length} cases`);
      const buckets = Array.from({ length: n }, () => ({ total: 0, cases: [] as PortfolioCase[] }));
      for (const c of [...cases].sort(byBalanceDesc)) {
        let lightest = 0;
        buckets.forEach((b, i) => {
          const best = buckets[lightest];
          if (b.total < best.total || (b.total === best.total && b.cases.length < best.cases.length)) lightest = i;
        });
        buckets[lightest].total += c.balance.amount;
        buckets[lightest].cases.push(c);
      }
      return buckets.map((b, i) => makeLot(`lot-${i + 1}`, b.cases, currency));
    }
  }
}

export interface LotBidder {
  readonly bid_id: string;
  readonly partner_id: string;
}

export interface LotAward {
  readonly lot_key: string;
  readonly role: 'champion' | 'challenger';
  readonly bid_id: string;
  readonly partner_id: string;
  readonly case_ids: readonly string[];
  readonly total_balance: Money;
}

export interface LotAllocation {
  readonly awards: readonly LotAward[];
  /** Lots no eligible bidder with capacity could take; the lender re-lists or awards directly. */
  readonly unallocated_lot_keys: readonly string[];
}

export interface AllocationOptions {
  /** Challenger's share of a lot's cases, in bps (2000 = an 80/20 split); at most 5000. */
  readonly challenger_share_bps?: number;
}

/**
 * Picks the challenger's cases: `share` of the lot, spread evenly over the lot sorted by
 * balance (an error-diffusion walk, centred), so that champion and challenger work comparable
 * books and their results can be compared. The champion never gets fewer cases than the
 * challenger; a lot too small to share goes whole to the champion.
 */
function challengerCases(lot: Lot, shareBps: number): Set<string> {
  const n = lot.cases.length;
  const wanted = toSafeNumber(divideHalfUp(BigInt(n) * BigInt(shareBps), 10_000n));
  const k = Math.min(wanted, Math.floor(n / 2));
  const offset = Math.floor(n / 2);
  const picked = new Set<string>();
  [...lot.cases].sort(byBalanceDesc).forEach((c, i) => {
    if (Math.floor(((i + 1) * k + offset) / n) > Math.floor((i * k + offset) / n)) picked.add(c.id);
  });
  return picked;
}

/**
 * Awards each lot to the best-ranked bidder that still has capacity (DESIGN §5). Capacity is
 * counted in jobs, as partners declare it (DESIGN §3): each (lot, partner) award is one job, so
 * a champion and its challenger each use one. `partnerCapacity` holds free job slots; a partner
 * missing from it has none. Lots are served largest total balance first (then by key), so the
 * work with the most money at stake gets first call on scarce capacity.
 */
export function allocateLots(
  lots: readonly Lot[],
  rankedBidsPerLot: ReadonlyMap<string, readonly LotBidder[]>,
  partnerCapacity: ReadonlyMap<string, number>,
  options: AllocationOptions = {},
): LotAllocation {
  const share = options.challenger_share_bps;
  if (share !== undefined && (!Number.isInteger(share) || share < 1 || share > 5000)) {
    const message = 'challenger_share_bps must be an integer from 1 to 5000';
    throw new PortfolioLotsError('portfolio.invalid_share', message, [{ field: 'challenger_share_bps', code: 'portfolio.invalid_share', message }]);
  }
  const free = new Map(partnerCapacity);
  const awards: LotAward[] = [];
  const unallocated: string[] = [];
  const order = [...lots].sort((a, b) => b.total_balance.amount - a.total_balance.amount || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  for (const lot of order) {
    const available = (rankedBidsPerLot.get(lot.key) ?? []).filter((bid) => (free.get(bid.partner_id) ?? 0) > 0);
    const champion = available[0];
    if (champion === undefined) {
      unallocated.push(lot.key);
      continue;
    }
    const challenger = available.find((bid) => bid.partner_id !== champion.partner_id);
    const toChallenger = share !== undefined && challenger !== undefined ? challengerCases(lot, share) : new Set<string>();
    const currency = lot.total_balance.currency;

    const award = (bidder: LotBidder, role: LotAward['role'], cases: readonly PortfolioCase[]): void => {
      free.set(bidder.partner_id, (free.get(bidder.partner_id) ?? 0) - 1);
      awards.push({
        lot_key: lot.key,
        role,
        bid_id: bidder.bid_id,
        partner_id: bidder.partner_id,
        case_ids: cases.map((c) => c.id),
        total_balance: sum(
          cases.map((c) => c.balance),
          currency,
        ),
      });
    };
    award(
      champion,
      'champion',
      lot.cases.filter((c) => !toChallenger.has(c.id)),
    );
    if (challenger !== undefined && toChallenger.size > 0) {
      award(
        challenger,
        'challenger',
        lot.cases.filter((c) => toChallenger.has(c.id)),
      );
    }
  }
  return { awards, unallocated_lot_keys: unallocated };
}
