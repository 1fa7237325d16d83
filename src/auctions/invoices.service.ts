import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { calendarDateOf } from '../common/calendar/calendar-date';
import { OutboxService } from '../common/outbox/outbox.service';
import { Page, PageQuery, paginate } from '../common/pagination/pagination';
import { Principal } from '../common/tenancy/principal';
import { AuctionInvoice, AuctionLot } from './auction-lot.entity';
import { presentInvoice } from './auctions.presenter';
import { invoiceFor } from './domain/invoice';

type InvoiceView = ReturnType<typeof presentInvoice>;

/**
 * The winner's invoice (DESIGN §7): issued in the close's transaction, one per lot. Its ledger
 * postings (the premium as platform revenue, the hammer into the lender's auction escrow) are made
 * when it is paid (`invoice-payments.service.ts`).
 */
@Injectable()
export class InvoicesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async issueAtClose(m: EntityManager, lot: AuctionLot, depositHeld: number): Promise<void> {
    const hammer = lot.hammerPrice!;
    const closedAt = lot.closedAt!;
    const amounts = invoiceFor(hammer, lot.buyerPremium, depositHeld, calendarDateOf(closedAt));
    const row = m.create(AuctionInvoice, {
      id: randomUUID(),
      lotId: lot.id,
      buyerOrgId: lot.leaderOrgId!,
      lenderOrgId: lot.orgId,
      currency: lot.currency,
      hammerPrice: amounts.hammer,
      buyerPremium: amounts.buyerPremium,
      total: amounts.total,
      depositApplied: amounts.depositApplied,
      balanceDue: amounts.balanceDue,
      dueOn: amounts.dueOn,
      status: 'open',
      createdAt: closedAt,
    });
    await m.insert(AuctionInvoice, row);
    const money = (amount: number) => ({ amount, currency: lot.currency });
    await this.outbox.record(m, {
      type: 'auction.invoice_issued' as const,
      aggregateType: 'auction_invoice',
      aggregateId: row.id,
      orgIds: [row.buyerOrgId, lot.orgId],
      payload: { invoice_id: row.id, lot_id: lot.id, buyer_org_id: row.buyerOrgId, total: money(row.total), balance_due: money(row.balanceDue), due_on: row.dueOn },
    });
  }

  /** A buyer its own invoices; a lender those of its lots; platform staff all. */
  async list(principal: Principal, query: PageQuery): Promise<Page<InvoiceView>> {
    const qb = this.dataSource.getRepository(AuctionInvoice).createQueryBuilder('i');
    if (principal.orgKind === 'buyer') qb.where('i.buyerOrgId = :org', { org: principal.orgId });
    else if (principal.orgKind === 'lender') qb.where('i.lenderOrgId = :org', { org: principal.orgId });
    else qb.where('TRUE');
    const { items, nextCursor } = await paginate(qb, query);
    return { data: items.map(presentInvoice), next_cursor: nextCursor };
  }
}
