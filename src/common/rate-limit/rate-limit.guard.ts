import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Clock } from '../clock/clock';
import { DomainError } from '../problem/problem';
import { RateLimitStore } from './rate-limit-store';

const RATE_LIMIT = 'reclaim:rate-limit';

/** Limits a route per client IP to the configured requests per minute (login, register). */
export const RateLimited = (bucket: string): MethodDecorator => SetMetadata(RATE_LIMIT, bucket);

export const rateLimitExceeded = (detail: string, retryAfterSeconds: number): DomainError =>
  new DomainError('rate_limit.exceeded', 429, 'Too many requests', detail, { retry_after: retryAfterSeconds });

/**
 * Fixed one-minute windows of the injected clock, counted in Redis. The client IP is the
 * socket's unless TRUST_PROXY names the proxies whose X-Forwarded-For is believed.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly store: RateLimitStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const bucket = this.reflector.get<string | undefined>(RATE_LIMIT, context.getHandler());
    if (!bucket) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const limit = this.config.rateLimit.authPerMinute;
    const nowMs = this.clock.now().getTime();
    const key = `${this.config.redisPrefix}:ratelimit:${bucket}:${request.ip}:${Math.floor(nowMs / 60_000)}`;
    const count = await this.store.run(async (client) => {
      const [[, incremented]] = (await client.multi().incr(key).expire(key, 120).exec()) as [[Error | null, number]];
      return incremented;
    });
    if (count === null) return true;
    void reply.header('ratelimit-limit', limit).header('ratelimit-remaining', Math.max(0, limit - count));
    if (count > limit) {
      throw rateLimitExceeded(`At most ${limit} requests a minute are accepted here; retry later.`, 60 - Math.floor((nowMs / 1000) % 60));
    }
    return true;
  }
}
