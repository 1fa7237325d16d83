import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { ConfirmTransferDto, PayInvoiceDto } from './dto/invoice-payment.dto';
import { InvoicePaymentsService } from './invoice-payments.service';
import { AuctionInvoiceDetailSchema, AuctionInvoicePaymentSchema } from './invoices.openapi';

const PAYERS = ['owner', 'manager', 'agent'] as const;

/** Paying an auction invoice (DESIGN §7 "Close and pay"). */
@ApiTags('auctions')
@Controller('invoices')
export class InvoicesController {
  constructor(private readonly payments: InvoicePaymentsService) {}

  @OrgKinds('buyer', 'lender', 'platform')
  @Get(':id')
  @ApiSummary('Read an invoice', 'With its release order once paid; the release code is shown to the buyer only. A buyer sees its own invoices, a lender those of its lots, platform staff all (404 otherwise).')
  @ApiAnswer(AuctionInvoiceDetailSchema)
  @ApiProblems(404)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.payments.get(principal, id);
  }

  @OrgKinds('buyer')
  @Roles(...PAYERS)
  @Post(':id/payment-intent')
  @ApiSummary(
    'Pay an invoice by card',
    'The deposit hold is captured towards the invoice for `deposit_applied` (the rest of the hold is released), then a Stripe payment intent for `balance_due` is confirmed on the payment method. The invoice becomes `paid` when Stripe’s `payment_intent.succeeded` webhook arrives (at once when the deposit covered it all); then the lot is `paid` and the yard gets the release order. 409 `invoice.already_paid`, or `invoice.payment_in_progress` when a payment already went through; 422 `invoice.payment_declined`.',
  )
  @ApiAnswer(AuctionInvoicePaymentSchema, { status: 201 })
  @ApiProblems(404, 409, 422, 503)
  pay(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: PayInvoiceDto) {
    return this.payments.payByStripe(principal, id, dto);
  }

  @OrgKinds('platform')
  @Roles('admin')
  @Post(':id/confirm-transfer')
  @HttpCode(200)
  @ApiSummary(
    'Confirm a bank transfer',
    'A platform admin saw the buyer’s transfer of the balance arrive: the deposit hold is captured towards the invoice, the invoice is `paid`, the lot `paid`, the yard gets the release order. The amount must be the balance due (422 `invoice.amount_mismatch`); 409 when already paid or a card payment went through.',
  )
  @ApiAnswer(AuctionInvoiceDetailSchema)
  @ApiProblems(404, 409, 422, 503)
  confirmTransfer(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ConfirmTransferDto) {
    return this.payments.confirmTransfer(principal, id, dto);
  }
}
