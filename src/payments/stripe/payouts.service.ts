import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { money } from '../../common/money';
import { OutboxService } from '../../common/outbox/outbox.service';
import { Page, paginate } from '../../common/pagination/pagination';
import { DomainError } from '../../common/problem/problem';
import { Principal } from '../../common/tenancy/principal';
import { isUuid } from '../../common/tenancy/tenancy';
import { LedgerService } from '../../ledger/ledger.service';
import { StatementsService } from '../statements.service';
import { payoutSubject, transferIdempotencyKey } from './domain/payout-status';
import { transferSettled } from './domain/stripe-postings';
import { CreatePayoutDto, PayoutListQuery } from './dto/payout.dto';
import { PayoutAccountsService } from './payout-accounts.service';
import { Payout } from './payout.entity';
import { callStripe, StripeClient } from './stripe-client';
import { StripeErrors } from './stripe.errors';

export interface PayoutView {
  id: string;
  partner_org_id: string;
  statement_id: string | null;
  amount: { amount: number; currency: string };
  method: Payout['method'];
  status: Payout['status'];
  attempt: number;
  stripe_transfer_id: string | null;
  wire_reference: string | null;
  failure: { code: string | null; message: string } | null;
  paid_at: string | null;
  confirmed_at: string | null;
  created_at: string;
}

type Attempt = { readonly payout: Payout; readonly created: boolean } | { readonly declined: DomainError };

/**
 * Payouts (issue 14, DESIGN §8): an issued statement's net payable is paid by a Stripe Connect
 * transfer or, for partners paid off-platform, by a wire a platform admin records. The
 * statements module locks the statement and posts the payout (once per statement); this module
 * makes the transfer inside that lock and keeps each attempt.
 */
@Injectable()
export class PayoutsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly statements: StatementsService,
    private readonly accounts: PayoutAccountsService,
    private readonly stripe: StripeClient,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /**
   * Pays one issued statement's net payable, under the statement's row lock: parallel requests
   * wait, and find it paid. `created` is false when it had been paid already (the same payout).
   */
  async request(principal: Principal, dto: CreatePayoutDto): Promise<{ created: boolean; payout: PayoutView }> {
    const isPlatform = principal.orgKind === 'platform';
    const method = dto.method ?? 'stripe_transfer';
    if (method === 'manual' && !isPlatform) throw StripeErrors.manualByPlatformOnly();
    if (method === 'manual' && !dto.wire_reference) throw StripeErrors.wireReferenceRequired();

    const attempt = await this.dataSource.transaction(async (manager): Promise<Attempt> => {
      const statement = await this.statements.lockForPayout(manager, dto.statement_id);
      // Another partner's statement is as unknown as a missing one.
      if (!isPlatform && statement.partnerOrgId !== principal.orgId) throw StripeErrors.statementNotFound();
      if (statement.status === 'paid') {
        const prior = await manager.findOne(Payout, { where: { statementId: statement.id, status: 'paid' } });
        if (prior) return { payout: prior, created: false };
        throw StripeErrors.statementPaidElsewhere(statement.id);
      }
      if (statement.netPayable.amount <= 0) throw StripeErrors.nothingPayable(statement.netPayable.amount, statement.netPayable.currency);
      const subject = payoutSubject({ statementId: statement.id });
      const [{ next }] = await manager.query('SELECT COALESCE(max(sequence), 0) + 1 AS next FROM payouts WHERE subject = $1', [subject]);
      const now = this.clock.now();
      const payout = manager.create(Payout, {
        id: randomUUID(),
        partnerOrgId: statement.partnerOrgId,
        statementId: statement.id,
        subject,
        sequence: Number(next),
        amount: statement.netPayable.amount,
        currency: statement.netPayable.currency,
        method,
        status: 'pending',
        stripeIdempotencyKey: null,
        stripeAccountId: null,
        stripeTransferId: null,
        wireReference: dto.wire_reference ?? null,
        failureCode: null,
        failureMessage: null,
        ledgerTransactionId: null,
        requestedByOrgId: principal.orgId,
        requestedByUserId: principal.userId,
        paidAt: null,
        confirmedAt: null,
        createdAt: now,
        updatedAt: now,
      });
      if (method === 'manual') return { payout: await this.markPaid(manager, payout, 'manual'), created: true };
      return this.transfer(manager, payout);
    });
    if ('declined' in attempt) throw attempt.declined;
    return { created: attempt.created, payout: present(attempt.payout) };
  }

  /** Makes the Connect transfer (inside the lock) and records the attempt, paid or refused. */
  private async transfer(manager: EntityManager, payout: Payout): Promise<Attempt> {
    const account = await this.accounts.findFor(manager, payout.partnerOrgId);
    if (!account) throw StripeErrors.partnerHasNoPayoutAccount();
    if (!account.payoutsEnabled) throw StripeErrors.payoutAccountNotReady(account.requirementsDue);
    payout.stripeAccountId = account.stripeAccountId;
    const idempotencyKey = transferIdempotencyKey(payout.subject, payout.sequence);
    payout.stripeIdempotencyKey = idempotencyKey;
    const stripe = this.stripe.stripe;
    let transfer: Stripe.Transfer;
    try {
      transfer = await callStripe(() =>
        stripe.transfers.create(
          {
            amount: payout.amount,
            currency: payout.currency.toLowerCase(),
            destination: account.stripeAccountId,
            transfer_group: payout.subject,
            metadata: { payout_key: idempotencyKey, statement_id: payout.statementId ?? '', partner_org_id: payout.partnerOrgId },
          },
          { idempotencyKey },
        ),
      );
    } catch (err) {
      if (!(err instanceof Stripe.errors.StripeError)) throw err;
      // The key was used with other parameters: an earlier attempt reached Stripe but was never
      // recorded here (a crash before commit). A new key could pay twice, so nothing moves until
      // someone reconciles the transfer at Stripe.
      if (err instanceof Stripe.errors.StripeIdempotencyError) throw StripeErrors.payoutNeedsReconciliation(idempotencyKey);
      // The refusal is kept (the partner and the platform see why); the ledger is not touched.
      Object.assign(payout, { status: 'failed', failureCode: err.code ?? err.type, failureMessage: err.message });
      await manager.insert(Payout, payout);
      await this.outbox.record(manager, {
        type: 'payout.failed',
        ...eventOf(payout),
        payload: { ...payoutRef(payout), stripe_code: payout.failureCode, reason: err.message },
      });
      return { declined: StripeErrors.transferDeclined(payout.id, err.code ?? null, err.message, payout.amount, payout.currency) };
    }
    payout.stripeTransferId = transfer.id;
    return { payout: await this.markPaid(manager, payout, 'stripe'), created: true };
  }

  /** Records the payout paid and has the statements module post it and close the statement. */
  private async markPaid(manager: EntityManager, payout: Payout, via: 'stripe' | 'manual'): Promise<Payout> {
    const posted = await this.statements.postPayout(manager, payout.statementId!, { via, reference: via === 'manual' ? `wire ${payout.wireReference}` : `Stripe transfer ${payout.stripeTransferId}`, attempt: payout.sequence });
    Object.assign(payout, { status: 'paid', paidAt: this.clock.now(), ledgerTransactionId: posted.transaction.id });
    await manager.insert(Payout, payout);
    await this.outbox.record(manager, {
      type: 'payout.paid',
      ...eventOf(payout),
      payload: { ...payoutRef(payout), method: payout.method, stripe_transfer_id: payout.stripeTransferId, wire_reference: payout.wireReference },
    });
    return payout;
  }

  async list(principal: Principal, query: PayoutListQuery): Promise<Page<PayoutView>> {
    const qb = this.dataSource.getRepository(Payout).createQueryBuilder('p');
    if (principal.orgKind === 'platform') {
      if (query.partner_org_id) qb.where('p.partnerOrgId = :org', { org: query.partner_org_id });
    } else qb.where('p.partnerOrgId = :org', { org: principal.orgId });
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    const { items, nextCursor } = await paginate(qb, query);
    return { data: items.map(present), next_cursor: nextCursor };
  }

  async get(principal: Principal, id: string): Promise<PayoutView> {
    if (!isUuid(id)) throw StripeErrors.payoutNotFound();
    const payout = await this.dataSource.getRepository(Payout).findOneBy(principal.orgKind === 'platform' ? { id } : { id, partnerOrgId: principal.orgId });
    if (!payout) throw StripeErrors.payoutNotFound();
    return present(payout);
  }

  /**
   * A transfer's webhook finalises its payout: transfer.created settles the money in flight; a
   * full reversal undoes what the payout posted and reopens the statement, so the partner is owed
   * it again and a new payout can pay it.
   */
  async onTransferMoved(manager: EntityManager, transfer: Stripe.Transfer, status: string): Promise<void> {
    const key = transfer.metadata?.payout_key;
    const find = () => manager.findOne(Payout, { where: key ? { stripeIdempotencyKey: key } : { stripeTransferId: transfer.id }, lock: { mode: 'pessimistic_write' } });
    let payout = await find();
    const statementId = transfer.metadata?.statement_id;
    if (!payout && key && statementId && isUuid(statementId)) {
      // Stripe often sends transfer.created before the request that made the transfer has
      // committed; that request holds the statement's lock, so waiting for it lets its payout show.
      const statement = await this.statements.lockForPayout(manager, statementId).catch((err: unknown) => {
        if (err instanceof DomainError) return null;
        throw err;
      });
      if (statement) payout = await find();
    }
    if (!payout) {
      // Ours, but its payout is not committed yet: a non-2xx answer makes Stripe send it again later.
      if (key) throw StripeErrors.payoutNotRecordedYet(transfer.id);
      return;
    }
    const now = this.clock.now();
    const amount = money(payout.amount, payout.currency);
    if (status === 'created' && payout.status === 'paid' && !payout.confirmedAt) {
      await this.ledger.post(manager, { idempotencyKey: `payout:${payout.id}:settled`, reason: 'payout', reasonId: payout.id, entries: transferSettled(amount), memo: `Stripe transfer ${transfer.id}` });
      await manager.update(Payout, { id: payout.id }, { confirmedAt: now, updatedAt: now });
    }
    if (status === 'reversed' && payout.status === 'paid') {
      const settled = await this.ledger.findByKey(manager, `payout:${payout.id}:settled`);
      for (const posted of [payout.ledgerTransactionId, settled?.id]) {
        if (posted) await this.ledger.reverse(manager, posted, { idempotencyKey: `reversal:${posted}`, memo: `Stripe transfer ${transfer.id} reversed` });
      }
      await manager.update(Payout, { id: payout.id }, { status: 'reversed', updatedAt: now });
      if (payout.statementId) await this.statements.reopenAfterReversal(manager, payout.statementId);
      await this.outbox.record(manager, { type: 'payout.reversed', ...eventOf(payout), payload: { ...payoutRef(payout), stripe_transfer_id: transfer.id } });
    }
  }
}

const eventOf = (p: Payout) => ({ aggregateType: 'payout', aggregateId: p.id, orgIds: [p.partnerOrgId] });
const payoutRef = (p: Payout) => ({ payout_id: p.id, partner_org_id: p.partnerOrgId, amount: money(p.amount, p.currency) });

function present(p: Payout): PayoutView {
  return {
    id: p.id,
    partner_org_id: p.partnerOrgId,
    statement_id: p.statementId,
    amount: { amount: p.amount, currency: p.currency },
    method: p.method,
    status: p.status,
    attempt: p.sequence,
    stripe_transfer_id: p.stripeTransferId,
    wire_reference: p.wireReference,
    failure: p.failureMessage ? { code: p.failureCode, message: p.failureMessage } : null,
    paid_at: p.paidAt?.toISOString() ?? null,
    confirmed_at: p.confirmedAt?.toISOString() ?? null,
    created_at: p.createdAt.toISOString(),
  };
}
