import { applyBps, Money, money, subtract } from '../../common/money';
import type { FeeLine } from '../../marketplace/domain/fee-engine';
import { quote } from '../../marketplace/domain/fee-engine';
import { Bucket, BUCKETS, FeeSchedule } from '../../marketplace/domain/fee-schedule';

export interface CommissionInput {
  /** The job's effective schedule, frozen at award (`FrozenTerms.effective_schedule`). */
  readonly schedule: FeeSchedule;
  /** What the job recovered on confirmed, unreversed payments before this one. */
  readonly recoveredBefore: Money;
  /** Commission those payments earned. */
  readonly earnedBefore: Money;
  readonly payment: Money;
  /** The case's delinquency bucket, for a schedule priced by bucket. */
  readonly bucket: string;
}

export interface Commission {
  readonly amount: Money;
  /** The fee engine's lines for everything the job recovered so far, then what was already earned: the arithmetic to redo. */
  readonly lines: readonly FeeLine[];
}

/**
 * The commission a confirmed payment earns at the job's frozen terms (DESIGN §5, §8): the fee
 * engine prices everything the job has recovered including this payment, less what earlier
 * payments already earned. Pricing the running total (not each payment alone) keeps a minimum
 * fee charged once and a cap binding over the whole job, and each line is rounded half-up once
 * by the engine. Never negative: a cap already reached earns nothing more.
 */
export function commissionFor(input: CommissionInput): Commission {
  const recovered = money(input.recoveredBefore.amount + input.payment.amount, input.payment.currency);
  const bucket = (BUCKETS as readonly string[]).includes(input.bucket) ? (input.bucket as Bucket) : undefined;
  const priced = quote(input.schedule, { amount_recovered: recovered, ...(bucket ? { bucket } : {}) });
  const owed = subtract(priced.total, input.earnedBefore);
  const amount = owed.amount > 0 ? owed : money(0, owed.currency);
  const lines: FeeLine[] = [...priced.lines];
  if (input.earnedBefore.amount > 0) {
    lines.push({
      code: 'earned_before',
      description: 'Commission earned on earlier payments of this job',
      basis: `${input.recoveredBefore.amount} recovered before this payment of ${input.payment.amount}`,
      amount: money(-Math.min(input.earnedBefore.amount, priced.total.amount), input.payment.currency),
    });
  }
  return { amount, lines };
}

export interface PlatformFeeInput {
  /** The platform's take rate on recovered amounts, in force when the job's terms were frozen. */
  readonly recoveredBps: number;
  readonly payment: Money;
  readonly commission: Money;
}

export interface PlatformFee {
  readonly amount: Money;
  readonly line: FeeLine;
}

/**
 * The platform's take (DESIGN §8: "a take rate on recovered amounts"), kept out of the
 * commission the lender pays, so the partner's net is the commission less it. Rounded half-up
 * once; never above the commission, so a partner never owes for a payment it collected.
 */
export function platformFeeFor(input: PlatformFeeInput): PlatformFee {
  const raw = applyBps(input.payment, input.recoveredBps);
  const capped = raw.amount > input.commission.amount;
  const amount = capped ? input.commission : raw;
  return {
    amount,
    line: {
      code: 'platform_fee',
      description: 'Platform fee on the amount recovered',
      basis: `${input.recoveredBps} bps × ${input.payment.amount}${capped ? `, capped at the commission ${input.commission.amount}` : ''}`,
      amount,
    },
  };
}
