import { CanActivate, ExecutionContext, Inject, Injectable, Logger, OnModuleInit, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { DomainError } from '../problem/problem';
import { RedisConnections } from '../redis/redis';

const RATE_LIMIT = 'reclaim:rate-limit';
/** How long a request waits for a (re)connecting Redis before the limit is skipped. */
const CONNECT_WAIT_MS = 250;

/** Limits a route per client IP to the configured requests per minute (login, register). */
export const RateLimited = (bucket: string): MethodDecorator => SetMetadata(RATE_LIMIT, bucket);

/**
 * Fixed one-minute windows counted in Redis, shared by every API instance. If Redis is down
 * the limit is not enforced (logged): losing a brute-force brake for a moment is better than
 * refusing every login.
 */
@Injectable()
export class RateLimitGuard implements CanActivate, OnModuleInit {
  private readonly logger = new Logger('RateLimitGuard');
  private client?: Redis;

  constructor(
    private readonly reflector: Reflector,
    private readonly redis: RedisConnections,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Connects at boot so the first requests are counted too. */
  onModuleInit(): void {
    this.client = this.redis.failFast();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const bucket = this.reflector.get<string | undefined>(RATE_LIMIT, context.getHandler());
    if (!bucket) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const limit = this.config.rateLimit.authPerMinute;
    const window = Math.floor(Date.now() / 60_000);
    const key = `${this.config.redisPrefix}:ratelimit:${bucket}:${request.ip}:${window}`;
    let count: number;
    try {
      this.client ??= this.redis.failFast();
      if (this.client.status !== 'ready') await RedisConnections.whenReady(this.client, CONNECT_WAIT_MS);
      const [[, incremented]] = (await this.client.multi().incr(key).expire(key, 120).exec()) as [[Error | null, number]];
      count = incremented;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'rate limit not enforced: Redis unavailable');
      return true;
    }
    void reply.header('ratelimit-limit', limit).header('ratelimit-remaining', Math.max(0, limit - count));
    if (count > limit) {
      void reply.header('retry-after', 60 - Math.floor((Date.now() / 1000) % 60));
      throw new DomainError('rate_limit.exceeded', 429, 'Too many requests', `At most ${limit} requests a minute are accepted here; retry later.`);
    }
    return true;
  }
}
