import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Clock } from '../clock/clock';
import { rateLimitExceeded } from './rate-limit.guard';
import { RateLimitStore } from './rate-limit-store';

/** After the allowed failures, each further one doubles the wait, from this… */
const FIRST_LOCK_SECONDS = 30;
/** …up to this (OWASP Authentication Cheat Sheet: throttle, do not lock out for good). */
const MAX_LOCK_SECONDS = 15 * 60;
/** Failures are forgotten a day after the last one, and at the next successful login. */
const FAILURES_TTL_SECONDS = 24 * 3600;

/** The wait after `failures` consecutive failures when `allowed` are tolerated (0: none). */
export function lockSeconds(failures: number, allowed: number): number {
  if (failures < allowed) return 0;
  return Math.min(MAX_LOCK_SECONDS, FIRST_LOCK_SECONDS * 2 ** Math.min(failures - allowed, 20));
}

/**
 * Login throttled per account (the normalised e-mail), whatever the caller's IP (issue 11 item 1):
 * spreading guesses over many addresses no longer helps. While an account is locked, even the
 * right password is answered 429, so the lock cannot be used to test guesses.
 */
@Injectable()
export class LoginBackoff {
  constructor(
    private readonly store: RateLimitStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async assertAllowed(email: string): Promise<void> {
    const until = await this.store.run((client) => client.hget(this.key(email), 'locked_until'));
    const waitMs = Number(until ?? 0) - this.clock.now().getTime();
    if (waitMs > 0) throw rateLimitExceeded('Too many failed logins for this account; wait before trying again.', Math.ceil(waitMs / 1000));
  }

  async recordFailure(email: string): Promise<void> {
    const key = this.key(email);
    await this.store.run(async (client) => {
      const [[, failures]] = (await client.multi().hincrby(key, 'failures', 1).expire(key, FAILURES_TTL_SECONDS).exec()) as [[Error | null, number]];
      const wait = lockSeconds(failures, this.config.rateLimit.loginFailuresPerAccount);
      if (wait > 0) await client.hset(key, 'locked_until', this.clock.now().getTime() + wait * 1000);
    });
  }

  async reset(email: string): Promise<void> {
    await this.store.run((client) => client.del(this.key(email)));
  }

  private key(email: string): string {
    const account = createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
    return `${this.config.redisPrefix}:login-backoff:${account}`;
  }
}
