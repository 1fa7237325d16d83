import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiSummary } from '../common/openapi/decorators';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { JobSchedulers } from '../common/queue/job-schedulers';
import { RedisConnections } from '../common/redis/redis';
import { Public } from '../common/tenancy/decorators';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { StartupState } from './startup-state.service';
import { HealthSchema, ReadinessSchema } from './health.openapi';

type Check = { status: 'up' } | { status: 'down'; error: string };

const CHECK_TIMEOUT_MS = 1500;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS))]);
}

async function check(probe: () => Promise<unknown>): Promise<Check> {
  try {
    await withTimeout(probe());
    return { status: 'up' };
  } catch (err) {
    return { status: 'down', error: (err as Error).message };
  }
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  private redis?: Redis;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: RedisConnections,
    private readonly startup: StartupState,
    private readonly schedulers: JobSchedulers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  @ApiSummary('Liveness')
  @ApiAnswer(HealthSchema)
  live() {
    return { status: 'ok' };
  }

  /**
   * Readiness: PostgreSQL and Redis both answer, start-up work is done, and in a worker Redis still
   * holds the repeating sweeps (lost with Redis's data until the worker re-creates them); 503
   * names what is not.
   */
  @Get('ready')
  @ApiSummary('Readiness', 'PostgreSQL and Redis answer, start-up work is done, and a worker’s schedulers are in Redis.')
  @ApiAnswer(ReadinessSchema)
  @ApiResponse({ status: 503, description: 'Not ready; `checks` names what is not', schema: ReadinessSchema })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    this.redis ??= this.connections.failFast();
    const [database, redis] = await Promise.all([check(() => this.dataSource.query('SELECT 1')), check(async () => {
      await RedisConnections.whenReady(this.redis!, CHECK_TIMEOUT_MS - 100);
      return this.redis!.ping();
    })]);
    const pending = this.startup.pendingTasks;
    const startup: Check = pending.length === 0 ? { status: 'up' } : { status: 'down', error: `still starting: ${pending.join(', ')}` };
    const checks = { database, redis, startup, ...(await this.workerChecks()) };
    const up = Object.values(checks).every((c) => c.status === 'up');
    void reply.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: up ? 'ok' : 'unavailable', checks };
  }

  /** Issue 11 item 6: a worker whose job schedulers Redis lost runs no sweep until they are back. */
  private async workerChecks(): Promise<{ schedulers?: Check }> {
    if (this.config.role === 'api') return {};
    return { schedulers: await check(() => this.schedulersPresent()) };
  }

  private async schedulersPresent(): Promise<void> {
    const missing = await this.schedulers.missing();
    if (missing.length > 0) throw new Error(`job schedulers missing from Redis: ${missing.join(', ')}`);
  }
}
