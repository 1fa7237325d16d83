import { FieldError } from '../../common/problem/problem';

export const SCORE_COMPONENTS = ['price', 'performance', 'quality', 'sla', 'capacity', 'proximity'] as const;
export type ScoreComponent = (typeof SCORE_COMPONENTS)[number];
export type ScoringWeights = { readonly [C in ScoreComponent]: number };

/** DESIGN §5 defaults; a lender may set others per listing. */
export const DEFAULT_WEIGHTS: ScoringWeights = {
  price: 0.3,
  performance: 0.3,
  quality: 0.15,
  sla: 0.1,
  capacity: 0.05,
  proximity: 0.1,
};

/** The partner's scorecard for this kind of work (DESIGN §10), as counts. */
export interface PartnerStats {
  readonly recovered: number;
  readonly assigned: number;
  readonly complaints_upheld: number;
  readonly jobs_total: number;
  readonly on_time: number;
  readonly sla_total: number;
  readonly active_jobs: number;
  readonly capacity: number;
}

/** Platform averages, each in [0, 1], standing in for a partner's missing history. */
export type PlatformPriors = {
  readonly recovery_rate: number;
  /** Average of 1 − upheld complaint rate. */
  readonly quality: number;
  readonly on_time_rate: number;
};

export interface BidToScore {
  readonly bid_id: string;
  readonly partner_id: string;
  readonly placed_at: Date;
  /**
   * The bid's price in one unit shared by every bid on the listing (contingency bps, or a flat
   * fee in minor units; never mixed), so that cheapest / this is meaningful.
   */
  readonly effective_fee: number;
  readonly stats: PartnerStats;
  /** Service-area match or distance, already reduced to [0, 1] by the caller. */
  readonly proximity: number;
}

export type ComponentScore = {
  readonly value: number;
  readonly weight: number;
  readonly contribution: number;
};

export type ScoredBid = {
  readonly bid_id: string;
  readonly partner_id: string;
  readonly placed_at: Date;
  readonly score: number;
  readonly breakdown: { readonly [C in ScoreComponent]: ComponentScore };
};

export class BidScoringError extends Error {
  constructor(
    readonly code: 'bid_scoring.invalid_weights' | 'bid_scoring.invalid_input',
    message: string,
    readonly errors: readonly FieldError[],
  ) {
    super(message);
    this.name = 'BidScoringError';
  }
}

/**
 * Scores are kept in integer ten-thousandths (4 decimals). The breakdown a lender reads then
 * adds up exactly to the score, and equal scores are equal, so "ties go to the earlier bid"
 * (DESIGN §5) is decided by what is shown, not by float noise in a hidden digit.
 */
const UNIT = 10_000;

/** Additive smoothing strength of the performance prior (DESIGN §5: "+ 5·prior … + 5"). */
const PRIOR_STRENGTH = 5;

function isRate(x: number): boolean {
  return Number.isFinite(x) && x >= 0 && x <= 1;
}

/** Weights must be finite, non-negative and not all zero; they need not sum to 1. */
export function validateWeights(weights: ScoringWeights): FieldError[] {
  const errors: FieldError[] = SCORE_COMPONENTS.filter((c) => !(Number.isFinite(weights[c]) && weights[c] >= 0)).map((c) => ({
    field: `weights.${c}`,
    code: 'bid_scoring.invalid_weights',
    message: `weights.${c} must be a non-negative number`,
  }));
  if (errors.length === 0 && SCORE_COMPONENTS.every((c) => weights[c] === 0)) {
    errors.push({ field: 'weights', code: 'bid_scoring.invalid_weights', message: 'at least one weight must be above zero' });
  }
  return errors;
}

/**
 * Scales weights to ten-thousandths that sum to exactly 1, so lenders may write them as
 * fractions (0.3), percentages (30) or any proportions. Units lost to rounding go to the
 * largest remainders (largest remainder method), ties in component order, so the result is
 * deterministic and a perfect bid scores exactly 1.
 */
export function normaliseWeights(weights: ScoringWeights): ScoringWeights {
  const errors = validateWeights(weights);
  if (errors.length > 0) throw new BidScoringError('bid_scoring.invalid_weights', 'the scoring weights are invalid', errors);
  return fromUnits(weightUnits(weights));
}

function weightUnits(weights: ScoringWeights): Record<ScoreComponent, number> {
  const total = SCORE_COMPONENTS.reduce((acc, c) => acc + weights[c], 0);
  const exact = SCORE_COMPONENTS.map((c) => (weights[c] / total) * UNIT);
  const units = exact.map(Math.floor);
  const left = UNIT - units.reduce((a, b) => a + b, 0);
  const byRemainder = SCORE_COMPONENTS.map((_, i) => i).sort((a, b) => exact[b] - units[b] - (exact[a] - units[a]) || a - b);
  for (const i of byRemainder.slice(0, left)) units[i] += 1;
  return Object.fromEntries(SCORE_COMPONENTS.map((c, i) => [c, units[i]])) as Record<ScoreComponent, number>;
}

function fromUnits(units: Record<ScoreComponent, number>): ScoringWeights {
  return Object.fromEntries(SCORE_COMPONENTS.map((c) => [c, units[c] / UNIT])) as Record<ScoreComponent, number>;
}

function validateBids(bids: readonly BidToScore[], priors: PlatformPriors): FieldError[] {
  const errors: FieldError[] = [];
  const invalid = (field: string, message: string): void => {
    errors.push({ field, code: 'bid_scoring.invalid_input', message });
  };
  for (const key of ['recovery_rate', 'quality', 'on_time_rate'] as const) {
    if (!isRate(priors[key])) invalid(`priors.${key}`, `priors.${key} must be in [0, 1]`);
  }
  bids.forEach((bid, i) => {
    const at = `bids[${i}]`;
    if (!Number.isFinite(bid.effective_fee) || bid.effective_fee < 0) invalid(`${at}.effective_fee`, 'effective_fee must be a non-negative number');
    if (!isRate(bid.proximity)) invalid(`${at}.proximity`, 'proximity must be in [0, 1]');
    if (Number.isNaN(bid.placed_at.getTime())) invalid(`${at}.placed_at`, 'placed_at must be a valid date');
    for (const [key, count] of Object.entries(bid.stats)) {
      if (!Number.isSafeInteger(count) || count < 0) invalid(`${at}.stats.${key}`, `${key} must be a non-negative integer`);
    }
    if (bid.stats.recovered > bid.stats.assigned) invalid(`${at}.stats.recovered`, 'recovered cannot exceed assigned');
    if (bid.stats.on_time > bid.stats.sla_total) invalid(`${at}.stats.on_time`, 'on_time cannot exceed sla_total');
  });
  return errors;
}

/**
 * Each component as a rate in [0, 1] (DESIGN §5):
 * - price: cheapest fee / this fee. A zero fee is the cheapest and scores 1; when the cheapest
 *   is zero every paid bid scores 0 on price, exactly as the ratio says.
 * - performance: (recovered + 5·prior) / (assigned + 5), so a newcomer starts at the platform
 *   average and a short streak of luck does not outrank a long record.
 * - quality: 1 − upheld complaints per job, floored at 0 (a job may draw several complaints).
 * - sla: on-time share of SLA-bound milestones.
 *   With no history, quality and sla take the platform average: a newcomer is neither rewarded
 *   with a perfect record it has not earned nor punished for having none.
 * - capacity: free share of capacity; none when capacity is zero or overbooked.
 */
function componentValues(bid: BidToScore, cheapest: number, priors: PlatformPriors): Record<ScoreComponent, number> {
  const s = bid.stats;
  return {
    price: bid.effective_fee === 0 ? 1 : cheapest / bid.effective_fee,
    performance: (s.recovered + PRIOR_STRENGTH * priors.recovery_rate) / (s.assigned + PRIOR_STRENGTH),
    quality: s.jobs_total === 0 ? priors.quality : Math.max(0, 1 - s.complaints_upheld / s.jobs_total),
    sla: s.sla_total === 0 ? priors.on_time_rate : s.on_time / s.sla_total,
    capacity: s.capacity === 0 ? 0 : Math.max(0, s.capacity - s.active_jobs) / s.capacity,
    proximity: bid.proximity,
  };
}

/**
 * Scores the eligible bids of one listing against each other (the price component compares
 * them), in input order. Each component value is shown to 4 decimals; its contribution is
 * weight × value rounded half-up to 4 decimals; the score is the sum of the contributions.
 */
export function scoreBids(
  bids: readonly BidToScore[],
  context: { readonly priors: PlatformPriors; readonly weights?: ScoringWeights },
): ScoredBid[] {
  const weights = context.weights ?? DEFAULT_WEIGHTS;
  const weightErrors = validateWeights(weights);
  if (weightErrors.length > 0) throw new BidScoringError('bid_scoring.invalid_weights', 'the scoring weights are invalid', weightErrors);
  const inputErrors = validateBids(bids, context.priors);
  if (inputErrors.length > 0) throw new BidScoringError('bid_scoring.invalid_input', 'the scoring input is invalid', inputErrors);

  const units = weightUnits(weights);
  const cheapest = Math.min(...bids.map((b) => b.effective_fee));
  return bids.map((bid) => {
    const values = componentValues(bid, cheapest, context.priors);
    let scoreUnits = 0;
    const breakdown = Object.fromEntries(
      SCORE_COMPONENTS.map((c) => {
        const valueUnits = Math.round(values[c] * UNIT);
        const contributionUnits = Math.round((units[c] * valueUnits) / UNIT);
        scoreUnits += contributionUnits;
        return [c, { value: valueUnits / UNIT, weight: units[c] / UNIT, contribution: contributionUnits / UNIT }];
      }),
    ) as Record<ScoreComponent, ComponentScore>;
    return { bid_id: bid.bid_id, partner_id: bid.partner_id, placed_at: bid.placed_at, score: scoreUnits / UNIT, breakdown };
  });
}

/** Best score first; equal scores go to the earlier bid, then the smaller bid id (DESIGN §5). */
export function rankBids(scored: readonly ScoredBid[]): ScoredBid[] {
  return [...scored].sort(
    (a, b) =>
      b.score - a.score ||
      a.placed_at.getTime() - b.placed_at.getTime() ||
      (a.bid_id < b.bid_id ? -1 : a.bid_id > b.bid_id ? 1 : 0),
  );
}
