import { Inject, Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import { AppConfig, StripeSettings } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { StripeErrors } from './stripe.errors';

/** The SDK as configured: api.stripe.com with the secret key, or the test server a test names. */
export function createStripeSdk(settings: StripeSettings): Stripe {
  return new Stripe(settings.secretKey, {
    ...settings.api,
    // Retries reuse the request's idempotency key (the SDK adds one to every POST), so a retried
    // transfer cannot pay twice.
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'Reclaim' },
  });
}

/**
 * The one Stripe client of the service. Without STRIPE_SECRET_KEY the routes that need Stripe
 * answer 503 `stripe.not_configured`; the rest of the service runs.
 */
@Injectable()
export class StripeClient {
  private readonly sdk: Stripe | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.sdk = config.stripe ? createStripeSdk(config.stripe) : null;
  }

  get stripe(): Stripe {
    if (!this.sdk) throw StripeErrors.notConfigured();
    return this.sdk;
  }

  get webhookSecret(): string {
    if (!this.config.stripe) throw StripeErrors.notConfigured();
    return this.config.stripe.webhookSecret;
  }
}

/**
 * Runs one Stripe call. Stripe's refusals (card, invalid request, idempotency) reach the caller as
 * they are; an unreachable Stripe or its server error becomes a 503 the client may retry.
 */
export async function callStripe<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof Stripe.errors.StripeConnectionError || err instanceof Stripe.errors.StripeAPIError || err instanceof Stripe.errors.StripeRateLimitError) {
      throw StripeErrors.unavailable(err.message);
    }
    throw err;
  }
}
