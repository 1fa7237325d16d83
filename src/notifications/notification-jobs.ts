import { defineDeadline } from '../common/queue/deadline';

export interface DeliveryJobData {
  readonly delivery_id: string;
  /** The attempt this job makes (1 = first); a job whose attempt was already recorded does nothing. */
  readonly attempt: number;
}

/**
 * Work is normally queued right after its transaction commits; the sweeps leave it this long
 * before they assume the job was lost (Redis down at that moment, a process killed).
 */
const GRACE_MS = 30_000;

/**
 * One attempt of one webhook delivery, due at the delivery's `next_attempt_at`. The state lives
 * in PostgreSQL, so BullMQ keeps no finished jobs (the sweep can add a deterministic id again)
 * and its own retries only cover infrastructure errors (database down), never a receiver's
 * failure. The lock is short so a job left by a killed worker is taken over within seconds;
 * BullMQ renews it while the job runs.
 */
export const WEBHOOK_DELIVERY = defineDeadline<DeliveryJobData>({
  queue: 'webhook-deliveries',
  name: 'webhook.deliver',
  idOf: (d) => `webhook-delivery-${d.delivery_id}-${d.attempt}`,
  sweepEveryMs: 10_000,
  sweepMode: 'requeue',
  graceMs: GRACE_MS,
  batch: 1000,
  options: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: true },
  worker: { concurrency: 50, lockDuration: 10_000, stalledInterval: 5_000 },
});

/** One e-mail of the log; SMTP failures are retried by BullMQ with backoff, then the entry is marked failed. */
export const EMAIL_SEND = defineDeadline<{ readonly email_id: string }>({
  queue: 'notifications',
  name: 'email.send',
  idOf: (e) => `email-${e.email_id}`,
  sweepEveryMs: 10_000,
  sweepMode: 'requeue',
  graceMs: GRACE_MS,
  batch: 1000,
  options: { attempts: 6, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: true },
});
