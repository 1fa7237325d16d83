import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { Clock } from '../clock/clock';
import { defineJob, JobHandler, JobProcessor } from '../queue/job';
import { IdempotencyKey } from './idempotency-key.entity';

/** Stored answers are kept 24 h (DESIGN §2); this hourly sweep deletes the expired ones. */
export const IDEMPOTENCY_PURGE_JOB = defineJob<Record<string, never>>('maintenance', 'idempotency.purge', { repeat: { everyMs: 3_600_000 } });

@JobHandler(IDEMPOTENCY_PURGE_JOB)
export class IdempotencyPurgeJob implements JobProcessor<Record<string, never>> {
  constructor(
    @InjectRepository(IdempotencyKey) private readonly keys: Repository<IdempotencyKey>,
    private readonly clock: Clock,
  ) {}

  async handle(): Promise<{ deleted: number }> {
    const result = await this.keys.delete({ expiresAt: LessThan(this.clock.now()) });
    return { deleted: result.affected ?? 0 };
  }
}
