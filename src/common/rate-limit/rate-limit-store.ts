import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RedisConnections } from '../redis/redis';

/** How long a request waits for a (re)connecting Redis before the limit is skipped. */
const CONNECT_WAIT_MS = 250;

/**
 * The Redis counters behind rate limits, shared by every API instance. If Redis is down the
 * limit is not enforced (logged): losing a brute-force brake for a moment is better than
 * refusing every login.
 */
@Injectable()
export class RateLimitStore implements OnModuleInit {
  private readonly logger = new Logger('RateLimit');
  private client?: Redis;

  constructor(private readonly redis: RedisConnections) {}

  /** Connects at boot so the first requests are counted too. */
  onModuleInit(): void {
    this.client = this.redis.failFast();
  }

  /** Runs `commands` on Redis; null when Redis is unavailable. */
  async run<T>(commands: (client: Redis) => Promise<T>): Promise<T | null> {
    try {
      this.client ??= this.redis.failFast();
      if (this.client.status !== 'ready') await RedisConnections.whenReady(this.client, CONNECT_WAIT_MS);
      return await commands(this.client);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'rate limit not enforced: Redis unavailable');
      return null;
    }
  }
}
