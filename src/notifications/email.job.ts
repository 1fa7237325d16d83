import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { DomainEventMessage } from '../common/outbox/domain-event';
import { DeadlineHandler, DeadlineProcessor } from '../common/queue/deadline';
import { Deadlines } from '../common/queue/deadlines.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { renderEmail } from './domain/email-templates';
import { EmailLogEntry } from './email-log.entity';
import { Recipient } from './inbox.service';
import { Mailer } from './mailer';
import { EMAIL_SEND } from './notification-jobs';

/** E-mail for inbox recipients: rendered and logged in the event's transaction, sent by a job. */
@Injectable()
export class EmailService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mailer: Mailer,
    private readonly deadlines: Deadlines,
    private readonly clock: Clock,
  ) {}

  /** Logs one e-mail per recipient (once per event and user); returns the new entries' ids. */
  async createFor(manager: EntityManager, event: DomainEventMessage, recipients: readonly Recipient[]): Promise<string[]> {
    if (!this.mailer.enabled || recipients.length === 0) return [];
    const email = renderEmail({ type: event.type, data: event.payload }, { appUrl: this.config.publicBaseUrl });
    const now = this.clock.now();
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(EmailLogEntry)
      .values(
        recipients.map((r) => ({
          eventId: event.id,
          eventType: event.type,
          userId: r.userId,
          toAddress: r.email,
          subject: email.subject,
          textBody: email.text,
          htmlBody: email.html,
          status: 'pending' as const,
          attempts: 0,
          createdAt: now,
        })),
      )
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as { id: string }[]).map((r) => r.id);
  }

  enqueue(ids: readonly string[]): Promise<void> {
    return this.deadlines.enqueue(EMAIL_SEND, ids.map((id) => ({ payload: { email_id: id } })));
  }
}

@DeadlineHandler(EMAIL_SEND)
export class EmailJob implements DeadlineProcessor<{ email_id: string }> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
  ) {}

  /** Pending e-mails logged by `dueBy`: their job is queued again (same id, so never twice). */
  async findOverdue(dueBy: Date, limit: number): Promise<{ email_id: string }[]> {
    const pending: { id: string }[] = await this.dataSource.query(`SELECT id FROM email_log WHERE status = 'pending' AND created_at <= $1 ORDER BY created_at LIMIT $2`, [dueBy, limit]);
    return pending.map((e) => ({ email_id: e.id }));
  }

  async handle(data: { email_id: string }, job?: Job<{ email_id: string }>): Promise<'sent' | 'skipped'> {
    const log = this.dataSource.getRepository(EmailLogEntry);
    const entry = await log.findOneBy({ id: data.email_id });
    if (!entry || entry.status !== 'pending') return 'skipped';
    try {
      const messageId = await this.mailer.send({
        to: entry.toAddress,
        subject: entry.subject,
        text: entry.textBody,
        html: entry.htmlBody,
        headers: { 'X-Reclaim-Event-Id': entry.eventId, 'X-Reclaim-Event-Type': entry.eventType },
      });
      await log.update({ id: entry.id }, { status: 'sent', attempts: entry.attempts + 1, messageId, sentAt: this.clock.now(), lastError: null });
      return 'sent';
    } catch (err) {
      // Without a job (never from the sweep, which queues e-mails) no retry would follow.
      const lastTry = !job || job.attemptsMade + 1 >= (job.opts.attempts ?? 1) || !this.mailer.enabled;
      await log.update({ id: entry.id }, { attempts: entry.attempts + 1, lastError: (err as Error).message.slice(0, 500), ...(lastTry ? { status: 'failed' as const } : {}) });
      if (lastTry) return 'skipped';
      throw err;
    }
  }
}
