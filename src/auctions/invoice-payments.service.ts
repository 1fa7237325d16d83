import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Stripe from 'stripe';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/problem/problem';
import { money } from '../common/money';
import { OutboxService } from '../common/outbox/outbox.service';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { auctionInvoicePaid } from '../ledger/domain/posting-rules';
import { LedgerService } from '../ledger/ledger.service';
import { StripeChargesService } from '../payments/stripe/stripe-charges.service';
import { StripeHoldsService } from '../payments/stripe/stripe-holds.service';
import { AuctionSale, SettlementService } from '../settlement/settlement.service';
import { VehiclesService } from '../vehicles/vehicles.service';
import { AuctionDeposit, AuctionInvoice, AuctionLot, InvoicePaidVia } from './auction-lot.entity';
import { AuctionErrors } from './auctions.errors';
import { presentInvoice } from './auctions.presenter';
import { AuctionsService } from './auctions.service';
import { ConfirmTransferDto, PayInvoiceDto } from './dto/invoice-payment.dto';
import { ReleasesService, ReleaseView } from './releases.service';
import { lockLot, lockLotOrFail } from './lot-lock';
import { ROW_LOCK } from '../common/database/row-lock';

/** `reclaim_purpose` of the payment intent for an invoice's balance. */
export const INVOICE_PAYMENT_PURPOSE = 'auction_invoice';

export type InvoiceDetail = ReturnType<typeof presentInvoice> & { readonly release: ReleaseView | null };

export interface InvoicePaymentAnswer {
  readonly invoice: InvoiceDetail;
  readonly payment_intent: { readonly id: string; readonly status: 'succeeded' | 'processing' } | null;
  readonly deposit_captured: { readonly amount: number; readonly currency: string };
}

interface PaidBy {
  readonly via: InvoicePaidVia;
  readonly paymentIntentId?: string;
  readonly transferReference?: string;
  readonly confirmedByUserId?: string | null;
}

/**
 * Paying an auction invoice (DESIGN §7 "Close and pay"). The deposit hold is captured towards the
 * invoice for `deposit_applied` (Stripe releases the rest of the hold), then the balance comes in
 * either as a Stripe payment intent, which the `payment_intent.succeeded` webhook settles, or as a
 * bank transfer a platform admin confirms. Whichever comes first marks the invoice paid, under the
 * invoice's row lock, in one transaction with the ledger posting, the lot's `sold → paid`, the
 * release order and the settlement: a second path finds it paid (409) and takes nothing.
 */
@Injectable()
export class InvoicePaymentsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly charges: StripeChargesService,
    private readonly holds: StripeHoldsService,
    private readonly ledger: LedgerService,
    private readonly lots: AuctionsService,
    private readonly releases: ReleasesService,
    private readonly settlement: SettlementService,
    private readonly vehicles: VehiclesService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.charges.onSucceeded(INVOICE_PAYMENT_PURPOSE, (m, intent) => this.onIntentSucceeded(m, intent));
  }

  /** The invoice with its release order (the release code to the buyer only). */
  async get(principal: Principal, id: string): Promise<InvoiceDetail> {
    const invoice = await this.visible(this.dataSource.manager, principal, id, false);
    return this.detail(this.dataSource.manager, principal, invoice);
  }

  /**
   * The buyer pays by card: the deposit is captured towards the invoice, then a payment intent
   * for the balance is confirmed. Stripe calls run under the invoice's lock, so two requests at
   * once take one payment; the Stripe idempotency keys make a retry the same capture and charge.
   */
  async payByStripe(principal: Principal, id: string, dto: PayInvoiceDto): Promise<InvoicePaymentAnswer> {
    return this.dataSource.transaction(async (m) => {
      const invoice = await this.visible(m, principal, id, true);
      this.assertPayable(invoice);
      const captured = await this.captureDeposit(m, invoice);
      let intent: InvoicePaymentAnswer['payment_intent'] = null;
      if (invoice.balanceDue > 0) {
        const charge = await this.charges.charge({
          amount: invoice.balanceDue,
          currency: invoice.currency,
          paymentMethod: dto.payment_method,
          orgId: invoice.buyerOrgId,
          purpose: INVOICE_PAYMENT_PURPOSE,
          idempotencyKey: `auction-invoice-${invoice.id}-${dto.payment_method}`,
          metadata: { invoice_id: invoice.id, lot_id: invoice.lotId },
        });
        if (!charge.charged) throw AuctionErrors.invoicePaymentDeclined(charge.declineCode, charge.message);
        invoice.paymentIntentId = charge.intentId;
        await m.update(AuctionInvoice, { id: invoice.id }, { paymentIntentId: charge.intentId });
        intent = { id: charge.intentId, status: charge.status };
      } else {
        // The deposit covered the whole invoice: nothing more comes from Stripe.
        await this.markPaid(m, invoice, { via: 'stripe' });
      }
      return { invoice: await this.detail(m, principal, invoice), payment_intent: intent, deposit_captured: money(captured, invoice.currency) };
    });
  }

  /** A platform admin confirms the buyer's bank transfer of the balance; the deposit is captured towards the invoice. */
  async confirmTransfer(principal: Principal, id: string, dto: ConfirmTransferDto): Promise<InvoiceDetail> {
    return this.dataSource.transaction(async (m) => {
      const invoice = await this.visible(m, principal, id, true);
      this.assertPayable(invoice);
      if (dto.amount.currency !== invoice.currency || dto.amount.amount !== invoice.balanceDue) throw AuctionErrors.invoiceAmountMismatch(money(invoice.balanceDue, invoice.currency));
      await this.captureDeposit(m, invoice);
      await this.markPaid(m, invoice, { via: 'bank_transfer', transferReference: dto.reference.trim(), confirmedByUserId: principal.userId });
      return this.detail(m, principal, invoice);
    });
  }

  /** The balance's payment intent succeeded (webhook, in its transaction): the invoice is paid, once. */
  private async onIntentSucceeded(m: EntityManager, intent: Stripe.PaymentIntent): Promise<void> {
    const invoiceId = intent.metadata?.invoice_id;
    if (!invoiceId || !isUuid(invoiceId)) return;
    const invoice = await m.getRepository(AuctionInvoice).createQueryBuilder('i').where('i.id = :id', { id: invoiceId }).setLock(ROW_LOCK).getOne();
    if (!invoice || invoice.status === 'paid') return;
    if (intent.amount_received !== invoice.balanceDue || intent.currency.toUpperCase() !== invoice.currency) return;
    invoice.paymentIntentId = intent.id;
    await this.markPaid(m, invoice, { via: 'stripe', paymentIntentId: intent.id });
  }

  private assertPayable(invoice: AuctionInvoice): void {
    if (invoice.status === 'paid') throw AuctionErrors.invoicePaid(invoice.paidAt!, invoice.paidVia!);
    if (invoice.paymentIntentId) throw AuctionErrors.invoicePaymentInProgress(invoice.paymentIntentId);
  }

  /**
   * The winner's hold captured for `deposit_applied` (its webhook posts it into the buyer's
   * auction escrow); a hold captured before answers its earlier capture. Answers what was captured.
   */
  private async captureDeposit(m: EntityManager, invoice: AuctionInvoice): Promise<number> {
    if (invoice.depositApplied === 0) return 0;
    const deposit = await m.findOneByOrFail(AuctionDeposit, { lotId: invoice.lotId, buyerOrgId: invoice.buyerOrgId, status: In(['held_for_invoice', 'applied']) });
    if (deposit.status === 'applied') return deposit.capturedAmount!;
    const captured = await this.holds.capture(deposit.paymentIntentId, invoice.depositApplied, `auction-invoice-deposit-${invoice.id}`);
    const now = this.clock.now();
    await m.update(AuctionDeposit, { id: deposit.id }, { status: 'applied', capturedAmount: captured, capturedAt: now, updatedAt: now });
    return captured;
  }

  /** In one transaction under the invoice's lock: paid, posted, the lot paid, the release ordered, the sale settled. */
  private async markPaid(m: EntityManager, invoice: AuctionInvoice, by: PaidBy): Promise<void> {
    const now = this.clock.now();
    const lot = await lockLotOrFail(m, invoice.lotId);
    const c = invoice.currency;
    const posted = await this.ledger.post(m, {
      idempotencyKey: `auction-invoice-paid-${invoice.id}`,
      reason: 'lot',
      reasonId: lot.id,
      memo: `auction invoice ${invoice.id} paid (${by.via})`,
      entries: auctionInvoicePaid({
        buyerOrgId: invoice.buyerOrgId,
        escrowOrgId: invoice.lenderOrgId,
        hammerPrice: money(invoice.hammerPrice, c),
        buyerPremium: money(invoice.buyerPremium, c),
        depositApplied: money(invoice.depositApplied, c),
        via: by.via === 'stripe' ? 'stripe' : 'manual',
      }),
    });
    Object.assign(invoice, {
      status: 'paid',
      paidAt: now,
      paidVia: by.via,
      transferReference: by.transferReference ?? null,
      confirmedByUserId: by.confirmedByUserId ?? null,
      ledgerTransactionId: posted.transaction.id,
    });
    await m.update(
      AuctionInvoice,
      { id: invoice.id, status: 'open' },
      { status: 'paid', paidAt: now, paidVia: by.via, paymentIntentId: invoice.paymentIntentId, transferReference: invoice.transferReference, confirmedByUserId: invoice.confirmedByUserId, ledgerTransactionId: posted.transaction.id },
    );
    await this.lots.move(m, lot, 'paid', now);
    await this.outbox.record(m, {
      type: 'auction.invoice_paid' as const,
      aggregateType: 'auction_invoice',
      aggregateId: invoice.id,
      orgIds: [invoice.buyerOrgId, invoice.lenderOrgId],
      payload: {
        invoice_id: invoice.id,
        lot_id: lot.id,
        vehicle_id: lot.vehicleId,
        buyer_org_id: invoice.buyerOrgId,
        lender_org_id: invoice.lenderOrgId,
        paid_via: by.via,
        total: money(invoice.total, c),
        deposit_applied: money(invoice.depositApplied, c),
        balance_paid: money(invoice.balanceDue, c),
        paid_at: now.toISOString(),
      },
    });
    await this.releases.order(m, lot, invoice);
    await this.settle(m, lot, invoice, now);
  }

  /**
   * Issue 16: the hammer price in the lender's escrow is distributed (UCC §9-615(a)) once the buyer
   * has paid, with the lot's seller fees among the expenses of disposing. A vehicle on no loan case
   * has no secured obligation to settle; its hammer stays in the lender's escrow. The settlement
   * runs in a savepoint: a sale it refuses (the lot sold in another currency than the case's,
   * credits recorded beyond what is now due) must not undo the buyer's payment — the lender is
   * told (`auction.settlement_blocked`), corrects it and settles again (`settleAgain`).
   */
  private async settle(m: EntityManager, lot: AuctionLot, invoice: AuctionInvoice, paidAt: Date): Promise<void> {
    const vehicle = await this.vehicles.lockForSale(m, lot.orgId, lot.vehicleId);
    if (!vehicle?.caseId) return;
    try {
      await m.transaction((savepoint) => this.settlement.settleAuctionSale(savepoint, auctionSaleOf(lot, invoice, paidAt)));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      await this.outbox.record(m, {
        type: 'auction.settlement_blocked' as const,
        aggregateType: 'auction_lot',
        aggregateId: lot.id,
        orgIds: [lot.orgId],
        payload: { lot_id: lot.id, vehicle_id: lot.vehicleId, invoice_id: invoice.id, code: err.code, detail: err.detail ?? err.title },
      });
    }
  }

  /**
   * Settles a paid lot whose settlement was refused when the buyer paid, once the lender has
   * corrected what blocked it; a lot settled already answers its settlement. Refusals are the
   * settlement's own, as problem+json.
   */
  async settleAgain(principal: Principal, lotId: string): Promise<{ settlement_id: string; replayed: boolean }> {
    if (!isUuid(lotId)) throw AuctionErrors.lotNotFound();
    return this.dataSource.transaction(async (m) => {
      const lot = await lockLot(m, lotId);
      if (!lot || (principal.orgKind !== 'platform' && lot.orgId !== principal.orgId)) throw AuctionErrors.lotNotFound();
      const invoice = await m.findOneBy(AuctionInvoice, { lotId, status: 'paid' });
      if (!invoice || (lot.status !== 'paid' && lot.status !== 'released')) throw AuctionErrors.lotNotPaid(lot.id, lot.status);
      const vehicle = await this.vehicles.lockForSale(m, lot.orgId, lot.vehicleId);
      if (!vehicle?.caseId) throw AuctionErrors.vehicleWithoutCase(lot.vehicleId);
      const record = await this.settlement.settleAuctionSale(m, auctionSaleOf(lot, invoice, invoice.paidAt!));
      return { settlement_id: record.settlement.id, replayed: record.replayed };
    });
  }

  /** The buyer its own invoice, the lender those of its lots, platform staff any; 404 otherwise. */
  private async visible(m: EntityManager, principal: Principal, id: string, lock: boolean): Promise<AuctionInvoice> {
    if (!isUuid(id)) throw AuctionErrors.invoiceNotFound();
    const qb = m.getRepository(AuctionInvoice).createQueryBuilder('i').where('i.id = :id', { id });
    if (principal.orgKind === 'buyer') qb.andWhere('i.buyerOrgId = :org', { org: principal.orgId });
    else if (principal.orgKind === 'lender') qb.andWhere('i.lenderOrgId = :org', { org: principal.orgId });
    else if (principal.orgKind !== 'platform') qb.andWhere('FALSE');
    if (lock) qb.setLock(ROW_LOCK);
    const invoice = await qb.getOne();
    if (!invoice) throw AuctionErrors.invoiceNotFound();
    return invoice;
  }

  private async detail(m: EntityManager, principal: Principal, invoice: AuctionInvoice): Promise<InvoiceDetail> {
    return { ...presentInvoice(invoice), release: await this.releases.ofInvoice(m, principal, invoice.id) };
  }
}

/** What the settlement is told of a paid lot (issue 16): the hammer is the proceeds, the seller fees are expenses of disposing. */
function auctionSaleOf(lot: AuctionLot, invoice: AuctionInvoice, paidAt: Date): AuctionSale {
  return {
    lotId: lot.id,
    vehicleId: lot.vehicleId,
    lenderOrgId: lot.orgId,
    hammerPrice: money(invoice.hammerPrice, invoice.currency),
    saleAt: lot.closedAt!,
    paidAt,
    sellerFees: lot.sellerFees.map((f) => ({ label: f.label, amount: money(f.amount, lot.currency) })),
    escrowOrgId: invoice.lenderOrgId,
  };
}
