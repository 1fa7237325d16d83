import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { defineJob, JobHandler, JobProcessor } from '../common/queue/job';
import { StatementsService } from './statements.service';

/** The first of each month at 03:00 UTC: the previous month's statements (DESIGN §8). */
export const STATEMENTS_MONTHLY_JOB = defineJob<Record<string, never>>('payments', 'statements.monthly', { repeat: { pattern: '0 3 1 * *' } });

/** The first instant (UTC) of the month `at` falls in: the cutoff of the month before's statements. */
export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

/**
 * Issues one monthly statement per partner and currency with anything unstated before the
 * first of the month. Each partner is its own transaction; a second run finds the statements
 * already issued (unique per period end) and nothing new.
 */
@JobHandler(STATEMENTS_MONTHLY_JOB)
export class StatementsMonthlyJob implements JobProcessor<Record<string, never>> {
  private readonly logger = new Logger('StatementsMonthlyJob');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly statements: StatementsService,
    private readonly clock: Clock,
  ) {}

  async handle(_data: Record<string, never>): Promise<{ issued: number }> {
    const cutoff = monthStart(this.clock.now());
    let issued = 0;
    for (const { partnerOrgId, currency } of await this.statements.partnersToState(cutoff)) {
      try {
        if (await this.dataSource.transaction((m) => this.statements.issue(m, partnerOrgId, currency, 'monthly', cutoff))) issued++;
      } catch (err) {
        this.logger.error({ partner_org_id: partnerOrgId, currency, err: (err as Error).message }, 'monthly statement failed; the next run retries');
      }
    }
    return { issued };
  }
}
