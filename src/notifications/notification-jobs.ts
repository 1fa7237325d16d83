import { defineJob } from '../common/queue/job';

export interface DeliveryJobData {
  readonly delivery_id: string;
  /** The attempt this job makes (1 = first); a job whose attempt was already recorded does nothing. */
  readonly attempt: number;
}

/**
 * One attempt of one webhook delivery. The state lives in PostgreSQL, so BullMQ keeps no
 * finished jobs (the sweeper can add a deterministic id again) and its own retries only cover
 * infrastructure errors (database down), never a receiver's failure. The lock is short so a job
 * left by a killed worker is taken over within seconds; BullMQ renews it while the job runs.
 */
export const WEBHOOK_DELIVERY_JOB = defineJob<DeliveryJobData>('webhook-deliveries', 'webhook.deliver', {
  options: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: true },
  worker: { concurrency: 50, lockDuration: 10_000, stalledInterval: 5_000 },
});

export const deliveryJobId = (deliveryId: string, attempt: number): string => `webhook-delivery-${deliveryId}-${attempt}`;

/** One e-mail of the log; SMTP failures are retried by BullMQ with backoff, then the entry is marked failed. */
export const EMAIL_JOB = defineJob<{ readonly email_id: string }>('notifications', 'email.send', {
  options: { attempts: 6, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: true },
});

export const emailJobId = (emailId: string): string => `email-${emailId}`;

/** Re-enqueues deliveries and e-mails whose job was lost (Redis down at enqueue time, a crash). */
export const NOTIFICATIONS_SWEEP_JOB = defineJob<Record<string, never>>('notifications', 'notifications.sweep', {
  repeat: { everyMs: 10_000 },
  options: { removeOnComplete: true, removeOnFail: true },
});
