import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { RedisConnections } from '../common/redis/redis';
import { Public } from '../common/tenancy/decorators';
import { StartupState } from './startup-state';

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

@ApiTags('ops')
@Public()
@Controller('health')
export class HealthController {
  private redis?: Redis;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: RedisConnections,
    private readonly startup: StartupState,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  live() {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Redis both answer and start-up work is done; 503 names what is not. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    this.redis ??= this.connections.failFast();
    const [database, redis] = await Promise.all([check(() => this.dataSource.query('SELECT 1')), check(async () => {
      await RedisConnections.whenReady(this.redis!, CHECK_TIMEOUT_MS - 100);
      return this.redis!.ping();
    })]);
    const pending = this.startup.pendingTasks;
    const startup: Check = pending.length === 0 ? { status: 'up' } : { status: 'down', error: `still starting: ${pending.join(', ')}` };
    const up = database.status === 'up' && redis.status === 'up' && startup.status === 'up';
    void reply.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: up ? 'ok' : 'unavailable', checks: { database, redis, startup } };
  }
}
