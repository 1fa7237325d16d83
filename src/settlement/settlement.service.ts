import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CaseLifecycleService, PayableCase } from '../cases/case-lifecycle.service';
import type { CaseStatus } from '../cases/domain/case-status';
import { Clock } from '../common/clock/clock';
import { Money } from '../common/money';
import { OutboxService } from '../common/outbox/outbox.service';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { JobSaleRecords } from '../jobs/job-sale-records.service';
import { StorageYardRates } from '../partners/storage-yard-rates.service';
import { VehiclesService } from '../vehicles/vehicles.service';
import { saleSettled, surplusPaid } from '../ledger/domain/posting-rules';
import { LedgerService } from '../ledger/ledger.service';
import { allocatePayment } from '../payments/domain/allocation';
import { ExplanationContact, explanationInputErrors } from './domain/explanation';
import { saleRecordExpenses } from './domain/sale-expenses';
import { BorrowerCredit, EXPENSE_TYPES, SaleExpense, SaleSettlement, settleSale, SubordinateLien, WaterfallError } from './domain/waterfall';
import { SettlementInputsService } from './settlement-inputs.service';
import { Settlement, SettlementLine, SurplusPaidVia } from './settlement.entity';
import { SettlementErrors } from './settlement.errors';
import { settlementFigures } from './settlement-figures';
import { ROW_LOCK } from '../common/database/row-lock';

/**
 * What the sale that produced the proceeds tells the settlement (issue 16). The auction passes
 * the expenses actually incurred (the storage from `storageExpense`, the repossession and
 * transport fees from the jobs' frozen terms); the obligation is read from the case here.
 */
export interface SettleSale {
  readonly lenderOrgId: string;
  readonly caseId: string;
  readonly vehicleId: string;
  /** The auction lot; a lot settles once. */
  readonly lotId: string | null;
  /** Whose auction escrow holds the buyer's payment; the lender's when omitted. */
  readonly escrowOrgId?: string;
  readonly saleAt: Date;
  /** When the lender took possession after default; null if it never did. */
  readonly possessionAt: Date | null;
  /** As of when the obligation is stated (§9-616(c)(1)); the sale when omitted. */
  readonly obligationAsOf?: Date;
  readonly hammerPrice: Money;
  readonly expenses: readonly SaleExpense[];
  readonly agreementAllowsLegalFees: boolean;
  readonly credits: readonly BorrowerCredit[];
  readonly obligationReflectsRebate: boolean;
  readonly subordinateLiens: readonly SubordinateLien[];
  readonly relatedPartySale: boolean;
  readonly commerciallyReasonableAmount: Money | null;
  /** §9-616(a)(1)(D); null when the lender has not recorded it yet: the explanation then waits for it. */
  readonly contact: ExplanationContact | null;
  /** When distribution is completed (a lien demand received later is not paid); now when omitted. */
  readonly distributionAt?: Date;
}

/**
 * The auction's side of the settlement (OWNERS.md, agreed with the auction's invoice payment):
 * what the paid lot tells; the settlement gathers the rest itself.
 */
export interface AuctionSale {
  readonly lotId: string;
  readonly vehicleId: string;
  readonly lenderOrgId: string;
  /** Cash proceeds; the buyer premium is not proceeds (DESIGN §8). */
  readonly hammerPrice: Money;
  /** The hammer time (the lot's closed_at). */
  readonly saleAt: Date;
  /** When the invoice was paid: distribution is completed then (UCC §9-615(a)(3)(A)). */
  readonly paidAt: Date;
  /** The lot's seller fees: expenses of disposing (§9-615(a)(1)). */
  readonly sellerFees: readonly { readonly label: string; readonly amount: Money }[];
  /** The org whose `auction_escrow` account holds the hammer price. */
  readonly escrowOrgId: string;
}

/** The statuses from which the marketplace lists a case (back on the lender's book). */
const LISTABLE_CASE_STATUSES: readonly CaseStatus[] = ['new', 'recalled', 'returned'];

/** A settlement with its lines, as stored. */
export interface SettlementRecord {
  readonly settlement: Settlement;
  readonly lines: readonly SettlementLine[];
  readonly replayed: boolean;
}

/**
 * Settles a sale in the caller's transaction (issue 16): the case is locked and its total due
 * read, the waterfall applied, its lines stored, the ledger posted, the case's balance reduced
 * by what the proceeds and the credits paid (the deficiency stays on it) and
 * `settlement.completed` recorded — all or nothing. A vehicle settles once; settling it again
 * answers the settlement already made.
 */
@Injectable()
export class SettlementService {
  constructor(
    private readonly cases: CaseLifecycleService,
    private readonly ledger: LedgerService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly vehicles: VehiclesService,
    private readonly jobs: JobSaleRecords,
    private readonly yards: StorageYardRates,
    private readonly inputs: SettlementInputsService,
  ) {}

  /**
   * Settles a paid auction lot (issue 16), in the auction's transaction. Everything but the sale
   * itself is gathered here from the record: the vehicle's case; the possession time (its first
   * recovery); the expenses actually incurred — each job's fees priced on its frozen terms and
   * reported events, the storage days after the free days up to the sale, the reconditioning
   * invoiced, the lot's seller fees, the legal expenses (under the agreement's clause); the credits, subordinate liens, related-party sale and
   * contact the lender recorded. A lot settles once: again, it answers the first settlement.
   */
  async settleAuctionSale(manager: EntityManager, sale: AuctionSale): Promise<SettlementRecord> {
    const vehicle = await this.vehicles.lockForSale(manager, sale.lenderOrgId, sale.vehicleId);
    if (!vehicle) throw SettlementErrors.vehicleNotFound();
    const settled = await manager.getRepository(Settlement).findOneBy({ lotId: sale.lotId });
    if (settled) return { settlement: settled, lines: await this.linesOf(manager, settled.id), replayed: true };
    if (!vehicle.caseId) throw SettlementErrors.vehicleWithoutCase(vehicle.id);

    const works = await this.jobs.onVehicle(manager, sale.lenderOrgId, vehicle.id);
    const yardIds = works.flatMap((w) => w.events.flatMap((e) => (e.type === 'vehicle_stored' && e.yardId ? [e.yardId] : [])));
    const record = saleRecordExpenses({ currency: sale.hammerPrice.currency, saleAt: sale.saleAt, works, yards: await this.yards.of(manager, yardIds) });
    const recorded = await this.inputs.forSettlement(manager, sale.lenderOrgId, vehicle.id, sale.paidAt);
    const sellerFees: SaleExpense[] = sale.sellerFees.filter((f) => f.amount.amount > 0).map((f) => ({ type: 'seller_fee', amount: f.amount, basis: `seller fee: ${f.label} (auction lot)`, payeeOrgId: null, sourceRef: sale.lotId }));
    const order = (e: SaleExpense) => EXPENSE_TYPES.indexOf(e.type);
    const expenses = [...record.expenses, ...recorded.reconditioning, ...sellerFees, ...recorded.legal].map((e, i) => ({ e, i })).sort((a, b) => order(a.e) - order(b.e) || a.i - b.i).map((x) => x.e);

    return this.settle(manager, {
      lenderOrgId: sale.lenderOrgId,
      caseId: vehicle.caseId,
      vehicleId: vehicle.id,
      lotId: sale.lotId,
      escrowOrgId: sale.escrowOrgId,
      saleAt: sale.saleAt,
      possessionAt: record.possessionAt,
      hammerPrice: sale.hammerPrice,
      expenses,
      agreementAllowsLegalFees: recorded.agreementAllowsLegalFees,
      credits: recorded.credits,
      obligationReflectsRebate: recorded.obligationReflectsRebate,
      subordinateLiens: recorded.subordinateLiens,
      relatedPartySale: recorded.relatedPartySale,
      commerciallyReasonableAmount: recorded.commerciallyReasonableAmount,
      contact: recorded.contact,
      distributionAt: sale.paidAt,
    });
  }

  async settle(manager: EntityManager, input: SettleSale): Promise<SettlementRecord> {
    const c = await this.cases.lockForPayment(manager, input.lenderOrgId, input.caseId, this.clock.today());
    // Under the case lock, a second settlement of the vehicle sees the first.
    const existing = await manager.getRepository(Settlement).findOneBy({ vehicleId: input.vehicleId });
    if (existing) return { settlement: existing, lines: await this.linesOf(manager, existing.id), replayed: true };
    if (input.hammerPrice.currency !== c.totalDue.currency) throw SettlementErrors.currencyMismatch(input.hammerPrice.currency, c.totalDue.currency);

    const now = this.clock.now();
    const distributedAt = input.distributionAt ?? now;
    let result: SaleSettlement;
    try {
      result = settleSale({
        currency: c.totalDue.currency,
        hammerPrice: input.hammerPrice,
        obligation: c.totalDue,
        obligationReflectsRebate: input.obligationReflectsRebate,
        expenses: input.expenses,
        agreementAllowsLegalFees: input.agreementAllowsLegalFees,
        credits: input.credits,
        subordinateLiens: input.subordinateLiens,
        distributionCompletedAt: distributedAt,
        relatedPartySale: input.relatedPartySale,
        commerciallyReasonableAmount: input.commerciallyReasonableAmount,
      });
    } catch (err) {
      if (err instanceof WaterfallError) throw SettlementErrors.invalidInput(err.errors);
      throw err;
    }
    const obligationAsOf = input.obligationAsOf ?? input.saleAt;
    // The explanation the borrower is owed must be possible before anything is written (§9-616(c)).
    // A contact not recorded yet is given later (settlement-inputs); the explanation waits for it.
    const explanationErrors = explanationInputErrors({ settlement: result, obligationAsOf, possessionAt: input.possessionAt, saleAt: input.saleAt, contact: input.contact ?? {} }).filter(
      (e) => input.contact !== null || e.code !== 'settlement.contact_required',
    );
    if (explanationErrors.length > 0) throw SettlementErrors.invalidInput(explanationErrors);

    const id = randomUUID();
    const escrowOrgId = input.escrowOrgId ?? input.lenderOrgId;
    const expenseLines = result.lines.filter((l) => l.step === 'expenses');
    const obligationLine = result.lines.find((l) => l.step === 'obligation');
    const posted = await this.ledger.post(manager, {
      idempotencyKey: `settlement-vehicle-${input.vehicleId}`,
      reason: 'settlement',
      reasonId: id,
      memo: 'sale settled (UCC §9-615)',
      entries: saleSettled({
        lenderOrgId: input.lenderOrgId,
        escrowOrgId,
        hammerPrice: result.hammerPrice,
        relatedPartyAdjustment: result.relatedPartyAdjustment,
        expenses: expenseLines.map((l) => ({ payeeOrgId: l.payeeOrgId, applied: l.applied, unpaid: { amount: l.claimed.amount - l.applied.amount, currency: l.claimed.currency } })),
        obligationPaid: obligationLine?.applied ?? { amount: 0, currency: result.currency },
        lienholderPaid: { amount: result.lines.filter((l) => l.step === 'subordinate_lien').reduce((t, l) => t + l.applied.amount, 0), currency: result.currency },
        creditRefund: result.creditRefund,
        surplus: result.surplus,
      }),
    });

    const settlement = manager.getRepository(Settlement).create({
      id,
      lenderOrgId: input.lenderOrgId,
      caseId: input.caseId,
      vehicleId: input.vehicleId,
      lotId: input.lotId,
      escrowOrgId,
      currency: result.currency,
      saleAt: input.saleAt,
      possessionAt: input.possessionAt,
      obligationAsOf,
      distributionCompletedAt: distributedAt,
      hammerPrice: result.hammerPrice.amount,
      proceedsApplied: result.proceedsApplied.amount,
      relatedPartySale: input.relatedPartySale,
      commerciallyReasonableAmount: input.commerciallyReasonableAmount?.amount ?? null,
      relatedPartyBelowMarket: result.relatedPartyBelowMarket,
      obligation: result.obligation.amount,
      obligationReflectsRebate: result.obligationReflectsRebate,
      credits: result.credits.amount,
      expensesTotal: result.expensesTotal.amount,
      agreementAllowsLegalFees: input.agreementAllowsLegalFees,
      surplus: result.surplus.amount,
      deficiency: result.deficiency.amount,
      outcome: result.outcome,
      contactPhone: input.contact?.phone?.trim() || null,
      contactAddress: input.contact?.address?.trim() || null,
      ledgerTransactionId: posted.transaction.id,
      surplusPaidAt: null,
      surplusPaidVia: null,
      surplusPaymentReference: null,
      surplusLedgerTransactionId: null,
      deficiencyPlacedAt: null,
      deficiencyPlacedByUserId: null,
      createdAt: now,
    });
    await manager.getRepository(Settlement).insert(settlement);
    const lines = linesFor(id, result);
    await manager.getRepository(SettlementLine).insert(lines);

    // The case keeps what the sale did not pay: the proceeds applied to the obligation and the
    // credits (up to the obligation) come off its balances (fees → interest → principal, as a payment would).
    const reduction = (obligationLine?.applied.amount ?? 0) + result.obligation.amount - result.obligationNet.amount;
    if (reduction > 0) {
      const allocation = allocatePayment(c.balances, reduction);
      if (!allocation.ok) throw new Error(`settlement ${id} would take case ${c.id} below zero`);
      await this.cases.applyPayment(manager, input.lenderOrgId, input.caseId, allocation.allocation, 'reduce', { receivedOn: input.saleAt.toISOString().slice(0, 10) });
    }

    // §9-615(d)(2): expenses the proceeds did not cover are owed by the borrower too (less what
    // credits beyond the obligation paid of them): the deficiency beyond the obligation's shortfall.
    const unpaidExpenses = result.deficiency.amount - (result.obligationNet.amount - (obligationLine?.applied.amount ?? 0));
    if (unpaidExpenses > 0) await this.cases.chargeFees(manager, input.lenderOrgId, input.caseId, unpaidExpenses);

    const figures = settlementFigures(settlement);
    await this.outbox.record(manager, {
      type: 'settlement.completed' as const,
      aggregateType: 'settlement',
      aggregateId: id,
      orgIds: [input.lenderOrgId, ...new Set(expenseLines.flatMap((l) => (l.payeeOrgId ? [l.payeeOrgId] : [])))],
      payload: { settlement_id: id, case_id: input.caseId, vehicle_id: input.vehicleId, lot_id: input.lotId, proceeds: figures.proceedsApplied, outcome: result.outcome, surplus: figures.surplus, deficiency: figures.deficiency },
    });
    return { settlement, lines, replayed: false };
  }

  /**
   * The lender marks the surplus paid to the borrower, once, under the settlement's row lock: the
   * borrower surplus payable closes in the ledger.
   */
  async markSurplusPaid(manager: EntityManager, lenderOrgId: string, id: string, payment: { via: SurplusPaidVia; reference: string }): Promise<Settlement> {
    const s = await this.lockOwn(manager, lenderOrgId, id);
    if (s.surplus === 0) throw SettlementErrors.noSurplus(s.id);
    if (s.surplusPaidAt) throw SettlementErrors.surplusAlreadyPaid(s.id, s.surplusPaidAt);
    const amount = { amount: s.surplus, currency: s.currency };
    const posted = await this.ledger.post(manager, { idempotencyKey: `settlement-surplus-${s.id}`, reason: 'settlement', reasonId: s.id, memo: 'surplus paid to the borrower', entries: surplusPaid({ lenderOrgId, amount, via: payment.via }) });
    const now = this.clock.now();
    await manager.getRepository(Settlement).update({ id: s.id }, { surplusPaidAt: now, surplusPaidVia: payment.via, surplusPaymentReference: payment.reference, surplusLedgerTransactionId: posted.transaction.id });
    Object.assign(s, { surplusPaidAt: now, surplusPaidVia: payment.via, surplusPaymentReference: payment.reference, surplusLedgerTransactionId: posted.transaction.id });
    await this.outbox.record(manager, {
      type: 'settlement.surplus_paid' as const,
      aggregateType: 'settlement',
      aggregateId: s.id,
      orgIds: [lenderOrgId],
      payload: { settlement_id: s.id, case_id: s.caseId, amount, via: payment.via },
    });
    return s;
  }

  /**
   * The lender places a settlement's deficiency for collection, once, under the settlement's row
   * lock: the case already carries it (`settle` left it there), so nothing is re-keyed; a case
   * back on the lender's book (new, recalled, returned) can be listed for collection at once.
   */
  async placeDeficiency(manager: EntityManager, principal: Principal, id: string): Promise<{ settlement: Settlement; case: PayableCase; listable: boolean }> {
    const s = await this.deficiencyToPlace(manager, principal.orgId, id, true);
    const c = await this.cases.lockForPayment(manager, principal.orgId, s.caseId, this.clock.today());
    const now = this.clock.now();
    await manager.getRepository(Settlement).update({ id: s.id }, { deficiencyPlacedAt: now, deficiencyPlacedByUserId: principal.userId });
    Object.assign(s, { deficiencyPlacedAt: now, deficiencyPlacedByUserId: principal.userId });
    await this.outbox.record(manager, {
      type: 'settlement.deficiency_placed' as const,
      aggregateType: 'settlement',
      aggregateId: s.id,
      orgIds: [principal.orgId],
      payload: { settlement_id: s.id, case_id: s.caseId, deficiency: { amount: s.deficiency, currency: s.currency }, case_status: c.status },
    });
    return { settlement: s, case: c, listable: LISTABLE_CASE_STATUSES.includes(c.status) };
  }

  /** A lender's settlement whose deficiency is still to be placed (404, 422 none, 409 placed); locked when `lock`. */
  async deficiencyToPlace(manager: EntityManager, lenderOrgId: string, id: string, lock = false): Promise<Settlement> {
    const s = await this.lockOwn(manager, lenderOrgId, id, lock);
    if (s.deficiency === 0) throw SettlementErrors.noDeficiency(s.id);
    if (s.deficiencyPlacedAt) throw SettlementErrors.deficiencyAlreadyPlaced(s.id, s.deficiencyPlacedAt);
    return s;
  }

  private async lockOwn(manager: EntityManager, lenderOrgId: string, id: string, lock = true): Promise<Settlement> {
    if (!isUuid(id)) throw SettlementErrors.notFound();
    const qb = manager.getRepository(Settlement).createQueryBuilder('s').where('s.id = :id AND s.lenderOrgId = :lenderOrgId', { id, lenderOrgId });
    const s = await (lock ? qb.setLock(ROW_LOCK) : qb).getOne();
    if (!s) throw SettlementErrors.notFound();
    return s;
  }

  async linesOf(manager: EntityManager, settlementId: string): Promise<SettlementLine[]> {
    return manager.getRepository(SettlementLine).find({ where: { settlementId }, order: { line: 'ASC' } });
  }
}

/** The stored lines: the distribution in §9-615(a) order, then the credits, then what was not paid and why. */
function linesFor(settlementId: string, s: SaleSettlement): SettlementLine[] {
  const rows: Omit<SettlementLine, 'settlementId' | 'line'>[] = [
    ...s.lines.map((l) => ({ step: l.step, statute: l.statute, kind: l.kind, claimed: l.claimed.amount, applied: l.applied.amount, basis: l.basis, payeeOrgId: l.payeeOrgId, payee: l.payee, sourceRef: l.sourceRef ?? null })),
    ...s.creditItems.map((x) => ({ step: 'credit' as const, statute: 'UCC §9-616(c)(5)', kind: x.type, claimed: x.amount.amount, applied: x.amount.amount, basis: x.basis, payeeOrgId: null, payee: 'borrower', sourceRef: null })),
    ...s.exclusions.map((x) => ({ step: 'excluded' as const, statute: x.statute, kind: x.kind, claimed: x.amount.amount, applied: 0, basis: x.reason, payeeOrgId: null, payee: null, sourceRef: null })),
  ];
  return rows.map((r, i) => Object.assign(new SettlementLine(), { settlementId, line: i + 1, ...r }));
}
