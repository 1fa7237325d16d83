import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrgNamesService } from '../auth/org-names.service';
import { CaseLifecycleService } from '../cases/case-lifecycle.service';
import { money } from '../common/money';
import { paginate } from '../common/pagination/pagination';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { buildExplanation, Explanation, ExplanationError, ExplanationLanguage, explanationLanguageFor, renderExplanation } from './domain/explanation';
import { SettlementListQuery } from './dto/settlement.dto';
import { Settlement, SettlementLine } from './settlement.entity';
import { SettlementErrors } from './settlement.errors';
import { creditFigures, settlementFigures, storedSaleSettlement } from './settlement-figures';

/** How a settlement is seen: whole by its lender and the platform, a partner only its own lines. */
type Sight = { readonly kind: 'whole' } | { readonly kind: 'partner'; readonly orgId: string };

/** Reads of settlements (issue 16), tenancy decided in the query (DESIGN §2: anything else is 404). */
@Injectable()
export class SettlementQueriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CaseLifecycleService,
    private readonly orgNames: OrgNamesService,
  ) {}

  async get(principal: Principal, id: string) {
    const { settlement, lines, sight } = await this.visible(principal, id);
    return presentSettlement(settlement, lines, sight);
  }

  async explanation(principal: Principal, id: string): Promise<{ settlement: Settlement; explanation: Explanation }> {
    const { settlement, lines, sight } = await this.visible(principal, id);
    // The explanation is the borrower's, sent by the lender: a partner does not read it.
    if (sight.kind !== 'whole') throw SettlementErrors.notFound();
    try {
      const explanation = buildExplanation({
        settlement: storedSaleSettlement(settlement, lines),
        obligationAsOf: settlement.obligationAsOf,
        possessionAt: settlement.possessionAt,
        saleAt: settlement.saleAt,
        contact: { ...(settlement.contactPhone ? { phone: settlement.contactPhone } : {}), ...(settlement.contactAddress ? { address: settlement.contactAddress } : {}) },
      });
      return { settlement, explanation };
    } catch (err) {
      if (err instanceof ExplanationError) throw SettlementErrors.explanationRefused(err.errors);
      throw err;
    }
  }

  async explanationJson(principal: Principal, id: string) {
    const { settlement, explanation } = await this.explanation(principal, id);
    return presentExplanation(settlement.id, explanation);
  }

  /** The printable explanation in `language`, or else in the borrower's preferred language. */
  async explanationHtml(principal: Principal, id: string, language: ExplanationLanguage | undefined): Promise<{ html: string; language: ExplanationLanguage }> {
    const { settlement, explanation } = await this.explanation(principal, id);
    const [borrowers, lenderName, preferred] = await Promise.all([
      this.cases.maskedBorrowers(settlement.lenderOrgId, [settlement.caseId]),
      this.orgNames.nameOf(this.dataSource.manager, settlement.lenderOrgId),
      language ? Promise.resolve(null) : this.cases.borrowerLanguage(settlement.lenderOrgId, settlement.caseId),
    ]);
    const lang = language ?? explanationLanguageFor(preferred);
    return { html: renderExplanation({ explanation, language: lang, saleAt: settlement.saleAt, borrowerName: borrowers.get(settlement.caseId)?.name ?? '', lenderName, reference: settlement.id }), language: lang };
  }

  /** A lender's settlements (the platform's: all), by sale day, with totals per currency over the whole filter. */
  async list(principal: Principal, query: SettlementListQuery) {
    const filtered = (manager: EntityManager) => {
      const qb = manager.getRepository(Settlement).createQueryBuilder('s');
      if (principal.orgKind !== 'platform') qb.andWhere('s.lenderOrgId = :orgId', { orgId: principal.orgId });
      if (query.from) qb.andWhere('s.saleAt >= :from', { from: `${query.from}T00:00:00Z` });
      if (query.to) qb.andWhere("s.saleAt < (:to::date + interval '1 day')", { to: query.to });
      return qb;
    };
    const manager = this.dataSource.manager;
    const { items, nextCursor } = await paginate(filtered(manager), query);
    const lines = await this.linesOf(
      manager,
      items.map((s) => s.id),
    );
    const totals: { currency: string; count: string; proceeds: string; surplus: string; surplus_unpaid: string; deficiency: string }[] = await filtered(manager)
      .select('s.currency', 'currency')
      .addSelect('count(*)::text', 'count')
      .addSelect('sum(s.proceedsApplied)::text', 'proceeds')
      .addSelect('sum(s.surplus)::text', 'surplus')
      .addSelect('sum(CASE WHEN s.surplusPaidAt IS NULL THEN s.surplus ELSE 0 END)::text', 'surplus_unpaid')
      .addSelect('sum(s.deficiency)::text', 'deficiency')
      .groupBy('s.currency')
      .orderBy('s.currency')
      .getRawMany();
    return {
      data: items.map((s) => presentSettlement(s, lines.get(s.id) ?? [], { kind: 'whole' })),
      next_cursor: nextCursor,
      totals: totals.map((t) => ({
        currency: t.currency,
        count: Number(t.count),
        proceeds: money(Number(t.proceeds), t.currency),
        surplus: money(Number(t.surplus), t.currency),
        surplus_unpaid: money(Number(t.surplus_unpaid), t.currency),
        deficiency: money(Number(t.deficiency), t.currency),
      })),
    };
  }

  private async visible(principal: Principal, id: string): Promise<{ settlement: Settlement; lines: SettlementLine[]; sight: Sight }> {
    if (!isUuid(id)) throw SettlementErrors.notFound();
    const manager = this.dataSource.manager;
    const qb = manager.getRepository(Settlement).createQueryBuilder('s').where('s.id = :id', { id });
    const whole = principal.orgKind === 'platform' || principal.orgKind === 'lender';
    if (principal.orgKind === 'lender') qb.andWhere('s.lenderOrgId = :orgId', { orgId: principal.orgId });
    if (!whole) qb.andWhere('EXISTS (SELECT 1 FROM settlement_lines l WHERE l.settlement_id = s.id AND l.payee_org_id = :orgId)', { orgId: principal.orgId });
    const settlement = await qb.getOne();
    if (!settlement) throw SettlementErrors.notFound();
    const lines = (await this.linesOf(manager, [settlement.id])).get(settlement.id) ?? [];
    return { settlement, lines, sight: whole ? { kind: 'whole' } : { kind: 'partner', orgId: principal.orgId } };
  }

  private async linesOf(manager: EntityManager, ids: readonly string[]): Promise<Map<string, SettlementLine[]>> {
    const byId = new Map<string, SettlementLine[]>();
    if (ids.length === 0) return byId;
    const rows = await manager.getRepository(SettlementLine).createQueryBuilder('l').where('l.settlementId IN (:...ids)', { ids }).orderBy('l.settlementId').addOrderBy('l.line').getMany();
    for (const r of rows) byId.set(r.settlementId, [...(byId.get(r.settlementId) ?? []), r]);
    return byId;
  }
}

export function presentSettlement(s: Settlement, lines: readonly SettlementLine[], sight: Sight) {
  const m = (n: number) => money(n, s.currency);
  const f = settlementFigures(s);
  const credit = creditFigures(s, lines);
  const shown = sight.kind === 'whole' ? lines : lines.filter((l) => l.payeeOrgId === sight.orgId);
  const distributed = lines.filter((l) => l.step !== 'credit' && l.step !== 'excluded').reduce((t, l) => t + l.applied, 0);
  return {
    id: s.id,
    case_id: s.caseId,
    vehicle_id: s.vehicleId,
    lot_id: s.lotId,
    currency: s.currency,
    sale_at: s.saleAt.toISOString(),
    possession_at: s.possessionAt?.toISOString() ?? null,
    obligation_as_of: s.obligationAsOf.toISOString(),
    distribution_completed_at: s.distributionCompletedAt.toISOString(),
    figures:
      sight.kind === 'whole'
        ? {
            outcome: s.outcome,
            hammer_price: f.hammerPrice,
            proceeds_applied: f.proceedsApplied,
            related_party_sale: s.relatedPartySale,
            related_party_below_market: s.relatedPartyBelowMarket,
            commercially_reasonable_amount: s.commerciallyReasonableAmount === null ? null : m(s.commerciallyReasonableAmount),
            obligation: f.obligation,
            obligation_reflects_rebate: s.obligationReflectsRebate,
            credits: f.credits,
            obligation_net: credit.obligationNet,
            credit_refund: credit.creditRefund,
            expenses_total: f.expensesTotal,
            distributed: m(distributed),
            surplus: f.surplus,
            deficiency: f.deficiency,
          }
        : null,
    lines: shown.map((l) => ({ line: l.line, step: l.step, statute: l.statute, kind: l.kind, claimed: m(l.claimed), applied: m(l.applied), basis: l.basis, payee_org_id: l.payeeOrgId, payee: l.payee, source_ref: l.sourceRef })),
    ledger_transaction_ids: [s.ledgerTransactionId, ...(s.surplusLedgerTransactionId ? [s.surplusLedgerTransactionId] : [])],
    surplus_payment: s.surplusPaidAt && s.surplusPaidVia && s.surplusLedgerTransactionId ? { paid_at: s.surplusPaidAt.toISOString(), via: s.surplusPaidVia, reference: s.surplusPaymentReference ?? '', ledger_transaction_id: s.surplusLedgerTransactionId } : null,
    deficiency_placed_at: s.deficiencyPlacedAt?.toISOString() ?? null,
    created_at: s.createdAt.toISOString(),
  };
}

export function presentExplanation(settlementId: string, e: Explanation) {
  return {
    settlement_id: settlementId,
    statute: e.statute,
    currency: e.currency,
    aggregate_obligation: { amount: e.aggregateObligation.amount, as_of: e.aggregateObligation.asOf, reflects_rebate: e.aggregateObligation.reflectsRebate },
    proceeds: { amount: e.proceeds.amount, hammer_price: e.proceeds.hammerPrice, related_party_below_market: e.proceeds.relatedPartyBelowMarket },
    obligation_less_proceeds: e.obligationLessProceeds,
    expenses: { by_type: e.expenses.byType, total: e.expenses.total },
    credits: { by_type: e.credits.byType, total: e.credits.total },
    result: e.result,
    lienholder_payments: e.lienholderPayments,
    future_changes_statement: e.futureChangesStatement,
    contact: { phone: e.contact.phone ?? null, address: e.contact.address ?? null },
  };
}
