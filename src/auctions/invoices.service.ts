import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { calendarDateOf } from '../common/calendar/calendar-date';
import { OutboxService } from '../common/outbox/outbox.service';
import { Page, PageQuery, paginate } from '../common/pagination/pagination';
import { AfterCommit } from '../common/database/after-commit';
import { Deadlines } from '../common/queue/deadlines.service';
import { Principal } from '../common/tenancy/principal';
import { AuctionInvoice, AuctionLot } from './auction-lot.entity';
import { INVOICE_DUE } from './auction-default-timers';
import { presentInvoice } from './auctions.presenter';
import { invoiceFor } from './domain/invoice';
import { invoiceDueAt } from './domain/second-chance';

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
    private readonly deadlines: Deadlines,
    private readonly afterCommit: AfterCommit,
  ) {}

  async issueAtClose(m: EntityManager, lot: AuctionLot, depositHeld: number): Promise<void> {
    await this.issue(m, lot, { buyerOrgId: lot.leaderOrgId!, hammer: lot.hammerPrice!, depositHeld, issuedAt: lot.closedAt! });
  }

  /**
   * An invoice to a lot's buyer (the winner at close, a second-chance buyer, the high bidder whose
   * bid the lender accepted): the premium per the lot's fee schedule, due in 2 business days; its
   * due timer makes it `defaulted` if still unpaid then (issue 15).
   */
  async issue(m: EntityManager, lot: AuctionLot, sale: { buyerOrgId: string; hammer: number; depositHeld: number; issuedAt: Date }): Promise<AuctionInvoice> {
    const amounts = invoiceFor(sale.hammer, lot.buyerPremium, sale.depositHeld, calendarDateOf(sale.issuedAt));
    const row = m.create(AuctionInvoice, {
      id: randomUUID(),
      lotId: lot.id,
      buyerOrgId: sale.buyerOrgId,
      lenderOrgId: lot.orgId,
      currency: lot.currency,
      hammerPrice: amounts.hammer,
      buyerPremium: amounts.buyerPremium,
      total: amounts.total,
      depositApplied: amounts.depositApplied,
      balanceDue: amounts.balanceDue,
      dueOn: amounts.dueOn,
      status: 'open',
      createdAt: sale.issuedAt,
      defaultedAt: null,
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
    this.afterCommit.run(m, () => this.deadlines.schedule(INVOICE_DUE, { invoiceId: row.id }, invoiceDueAt(row.dueOn)));
    return row;
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
