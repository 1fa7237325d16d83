import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { JobHandler, JobProcessor } from '../common/queue/job';
import { EmailService } from './email.job';
import { NOTIFICATIONS_SWEEP_JOB } from './notification-jobs';
import { WebhookDeliveriesService } from './webhook-deliveries.service';

/**
 * Work is normally enqueued right after its transaction commits; this leaves it a grace period
 * before the sweeper assumes the job was lost (Redis down at that moment, a process killed).
 */
const GRACE_MS = 30_000;
const BATCH = 1000;

@JobHandler(NOTIFICATIONS_SWEEP_JOB)
export class NotificationsSweepJob implements JobProcessor<Record<string, never>> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: WebhookDeliveriesService,
    private readonly emails: EmailService,
    private readonly clock: Clock,
  ) {}

  async handle(): Promise<{ deliveries: number; emails: number }> {
    const before = new Date(this.clock.now().getTime() - GRACE_MS);
    const due: { id: string; attempt_count: number }[] = await this.dataSource.query(
      `SELECT id, attempt_count FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2`,
      [before, BATCH],
    );
    // Deterministic job ids: a delivery whose job is still queued is not queued twice.
    await this.deliveries.enqueue(due.map((d) => ({ id: d.id, attempt: d.attempt_count + 1 })));
    const emails: { id: string }[] = await this.dataSource.query(`SELECT id FROM email_log WHERE status = 'pending' AND created_at <= $1 ORDER BY created_at LIMIT $2`, [before, BATCH]);
    await this.emails.enqueue(emails.map((e) => e.id));
    return { deliveries: due.length, emails: emails.length };
  }
}
