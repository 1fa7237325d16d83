import { StripeServer } from './stripe-server';

/**
 * The test Stripe server as a process, for a demo against a running service: `npm run
 * stripe:test-server` (see docs/stripe.md). It prints the STRIPE_* variables to start the service
 * with and sends every event to the service's webhook as soon as it happens.
 */
async function main(): Promise<void> {
  const appUrl = (process.env.APP_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const server = await StripeServer.start({ secretKey: process.env.STRIPE_SECRET_KEY, webhookSecret: process.env.STRIPE_WEBHOOK_SECRET, port: Number(process.env.STRIPE_TEST_PORT ?? 12111) });
  server.sendWebhooksTo(`${appUrl}/v1/payments/stripe/webhook`, { auto: true });
  const lines = Object.entries(server.env()).map(([k, v]) => `${k}=${v}`);
  process.stdout.write(`Test Stripe server on 127.0.0.1:${server.port}, events to ${appUrl}/v1/payments/stripe/webhook\nStart the service with:\n${lines.join('\n')}\n`);
  process.on('SIGINT', () => void server.close().then(() => process.exit(0)));
}

void main();
