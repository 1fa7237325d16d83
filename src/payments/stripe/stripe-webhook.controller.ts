import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiAnswer, ApiProblems, ApiSummary } from '../../common/openapi/decorators';
import { freeForm } from '../../common/openapi/schema';
import { Public } from '../../common/tenancy/decorators';
import { StripeWebhooksService } from './stripe-webhooks.service';
import { StripeWebhookAnswerSchema } from './stripe.openapi';

/** Where Stripe sends its events (DESIGN §8); configure this URL and its signing secret in Stripe. */
@ApiTags('money')
@Controller('payments/stripe')
export class StripeWebhookController {
  constructor(private readonly webhooks: StripeWebhooksService) {}

  @Public()
  @Post('webhook')
  @HttpCode(200)
  @ApiSummary(
    'Receive a Stripe event',
    'Stripe calls this; the body is verified against the `Stripe-Signature` header with STRIPE_WEBHOOK_SECRET before anything is read. Each event id is handled once (a redelivery answers `duplicate`); an event older than what is known changes nothing (`behind`). See docs/stripe.md.',
  )
  @ApiBody({ schema: freeForm('a Stripe event object (https://docs.stripe.com/api/events/object)') })
  @ApiAnswer(StripeWebhookAnswerSchema)
  @ApiProblems(400, 409, 503)
  receive(@Req() req: RawBodyRequest<FastifyRequest>, @Headers('stripe-signature') signature: string | undefined) {
    return this.webhooks.receive(this.webhooks.verify(req.rawBody, signature));
  }
}
