import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LedgerModule } from '../../ledger/ledger.module';
import { PaymentsModule } from '../payments.module';
import { PayoutAccountController } from './payout-account.controller';
import { PayoutAccount } from './payout-account.entity';
import { PayoutAccountsService } from './payout-accounts.service';
import { Payout } from './payout.entity';
import { PayoutsController } from './payouts.controller';
import { PayoutsService } from './payouts.service';
import { StripeChargesService } from './stripe-charges.service';
import { StripeClient } from './stripe-client';
import { StripeEventRecord } from './stripe-event.entity';
import { StripeObjectRecord } from './stripe-object.entity';
import { StripeObjectsService } from './stripe-objects.service';
import { StripeHoldsService } from './stripe-holds.service';
import { StripePaymentsService } from './stripe-payments.service';
import { StripeWebhookController } from './stripe-webhook.controller';
import { StripeWebhooksService } from './stripe-webhooks.service';

/** Stripe (issue 14): the client, its webhooks, partners' Connect accounts and payouts. */
@Module({
  imports: [TypeOrmModule.forFeature([StripeEventRecord, StripeObjectRecord, PayoutAccount, Payout]), LedgerModule, PaymentsModule],
  controllers: [StripeWebhookController, PayoutAccountController, PayoutsController],
  providers: [StripeClient, StripeObjectsService, StripeWebhooksService, PayoutAccountsService, PayoutsService, StripePaymentsService, StripeHoldsService, StripeChargesService],
  exports: [StripeClient, StripeObjectsService, StripeHoldsService, StripeChargesService],
})
export class StripeModule {}
