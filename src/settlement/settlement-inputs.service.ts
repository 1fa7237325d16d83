import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CaseLifecycleService } from '../cases/case-lifecycle.service';
import { AuditService } from '../common/audit/audit.service';
import { Clock } from '../common/clock/clock';
import { money, Money } from '../common/money';
import { FieldError } from '../common/problem/problem';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { VehiclesService } from '../vehicles/vehicles.service';
import { ExplanationContact } from './domain/explanation';
import { BorrowerCredit, SaleExpense, SubordinateLien } from './domain/waterfall';
import { ExplanationContactDto, InvoicedExpenseDto, ObligationRebateDto, LegalExpenseDto, LegalFeesAgreementDto, LienTimesDto, ReconditioningDto, RelatedPartySaleDto, SettlementCreditDto, SubordinateLienDto } from './dto/settlement-inputs.dto';
import { Settlement } from './settlement.entity';
import { SettlementErrors } from './settlement.errors';
import { SettlementCredit, SettlementLegalExpense, SettlementReconditioning, SettlementSaleTerms, SubordinateLienRecord } from './settlement-inputs.entity';

/** The vehicle whose settlement inputs are being recorded, locked, with its case's currency and what is due. */
interface OpenVehicle {
  readonly vehicleId: string;
  readonly caseId: string;
  readonly currency: string;
  readonly totalDue: Money;
  readonly settlementId: string | null;
}

/** What the lender recorded for a vehicle's settlement, as the waterfall takes it. */
export interface RecordedSettlementInputs {
  readonly credits: readonly BorrowerCredit[];
  readonly reconditioning: readonly SaleExpense[];
  readonly legal: readonly SaleExpense[];
  /** The agreement provides for attorney's fees and legal expenses (§9-615(a)(1)): a clause is recorded. */
  readonly agreementAllowsLegalFees: boolean;
  /** The total due already reflects a rebate of unearned interest (§9-616(c)(1)). */
  readonly obligationReflectsRebate: boolean;
  /** In order of priority. */
  readonly subordinateLiens: readonly SubordinateLien[];
  readonly relatedPartySale: boolean;
  readonly commerciallyReasonableAmount: Money | null;
  readonly contact: ExplanationContact | null;
}

/**
 * The lender-recorded inputs of a sale's settlement (issue 16): credits, reconditioning, legal
 * expenses with the agreement's clause providing for them, subordinate liens, a related-party
 * sale and the explanation's contact.
 */
@Injectable()
export class SettlementInputsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly vehicles: VehiclesService,
    private readonly cases: CaseLifecycleService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async get(principal: Principal, vehicleId: string) {
    return this.dataSource.transaction(async (m) => this.present(m, principal.orgId, await this.open(m, principal, vehicleId, { settled: 'allowed' })));
  }

  /** A credit the borrower is entitled to (§9-616(c)(5)); together they may not exceed what is due. */
  async recordCredit(principal: Principal, vehicleId: string, dto: SettlementCreditDto) {
    return this.write(principal, vehicleId, 'settlement_inputs.credit_recorded', async (m, v) => {
      this.refuse(moneyErrors('amount', dto.amount, v.currency));
      const recorded = (await m.getRepository(SettlementCredit).findBy({ lenderOrgId: principal.orgId, vehicleId: v.vehicleId })).reduce((t, c) => t + c.amount, 0);
      if (recorded + dto.amount.amount > v.totalDue.amount) {
        this.refuse([{ field: 'amount', code: 'settlement.credits_exceed_obligation', message: `credits of ${recorded + dto.amount.amount} would exceed the ${v.totalDue.amount} due on the case` }]);
      }
      const row = { id: randomUUID(), lenderOrgId: principal.orgId, vehicleId: v.vehicleId, type: dto.type, amount: dto.amount.amount, currency: v.currency, basis: dto.basis.trim(), recordedByUserId: principal.userId, createdAt: this.clock.now() };
      await m.getRepository(SettlementCredit).insert(row);
      return { credit_id: row.id, type: row.type, amount: row.amount };
    });
  }

  /** Reconditioning invoiced before the sale: an expense of preparing for disposition (§9-615(a)(1)). */
  async recordReconditioning(principal: Principal, vehicleId: string, dto: ReconditioningDto) {
    return this.write(principal, vehicleId, 'settlement_inputs.reconditioning_recorded', async (m, v) => ({ reconditioning_id: await this.insertInvoiced(m, SettlementReconditioning, principal, v, dto) }));
  }

  /**
   * The clause of the security agreement that provides for attorney's fees and legal expenses
   * (§9-615(a)(1)); null records that it does not, and any legal expense is then excluded.
   */
  async recordLegalFeesAgreement(principal: Principal, vehicleId: string, dto: LegalFeesAgreementDto) {
    return this.write(principal, vehicleId, 'settlement_inputs.legal_fees_agreement_recorded', async (m, v) => {
      const clause = dto.clause?.trim() || null;
      await this.saveTerms(m, principal, v.vehicleId, { legalFeesClause: clause });
      return { legal_fees_clause: clause };
    });
  }

  /** Whether the total due already reflects a rebate of unearned interest (§9-616(c)(1)); the explanation states it. */
  async recordObligationRebate(principal: Principal, vehicleId: string, dto: ObligationRebateDto) {
    return this.write(principal, vehicleId, 'settlement_inputs.obligation_rebate_recorded', async (m, v) => {
      await this.saveTerms(m, principal, v.vehicleId, { obligationReflectsRebate: dto.reflects_rebate });
      return { obligation_reflects_rebate: dto.reflects_rebate };
    });
  }

  /** An attorney's fee or legal expense as invoiced; only under a clause of the agreement that provides for it (§9-615(a)(1)). */
  async recordLegalExpense(principal: Principal, vehicleId: string, dto: LegalExpenseDto) {
    return this.write(principal, vehicleId, 'settlement_inputs.legal_expense_recorded', async (m, v) => {
      const terms = await m.getRepository(SettlementSaleTerms).findOneBy({ vehicleId: v.vehicleId });
      if (!terms?.legalFeesClause) {
        this.refuse([{ field: 'legal_fees_clause', code: 'settlement.legal_fees_not_provided', message: "record the clause of the agreement that provides for attorney's fees first (UCC §9-615(a)(1)): PUT …/legal-fees-agreement" }]);
      }
      return { legal_expense_id: await this.insertInvoiced(m, SettlementLegalExpense, principal, v, dto) };
    });
  }

  private async insertInvoiced(m: EntityManager, entity: typeof SettlementReconditioning | typeof SettlementLegalExpense, principal: Principal, v: OpenVehicle, dto: InvoicedExpenseDto): Promise<string> {
    this.refuse(moneyErrors('amount', dto.amount, v.currency));
    const row = { id: randomUUID(), lenderOrgId: principal.orgId, vehicleId: v.vehicleId, amount: dto.amount.amount, currency: v.currency, description: dto.description.trim(), invoiceRef: dto.invoice_ref.trim(), recordedByUserId: principal.userId, createdAt: this.clock.now() };
    await m.getRepository(entity).insert(row);
    return row.id;
  }

  /** A subordinate lien, after those already recorded in priority. */
  async recordLien(principal: Principal, vehicleId: string, dto: SubordinateLienDto) {
    return this.write(principal, vehicleId, 'settlement_inputs.lien_recorded', async (m, v) => {
      const times = this.lienTimes(dto, { demandReceivedAt: null, proofRequestedAt: null, proofReceivedAt: null });
      this.refuse([...moneyErrors('amount', dto.amount, v.currency), ...times.errors]);
      const [{ next }] = (await m.query('SELECT coalesce(max(priority), 0) + 1 AS next FROM subordinate_liens WHERE vehicle_id = $1', [v.vehicleId])) as { next: number }[];
      const now = this.clock.now();
      const row = { id: randomUUID(), lenderOrgId: principal.orgId, vehicleId: v.vehicleId, priority: Number(next), holder: dto.holder.trim(), amount: dto.amount.amount, currency: v.currency, ...times.value, recordedByUserId: principal.userId, createdAt: now, updatedAt: now };
      await m.getRepository(SubordinateLienRecord).insert(row);
      return { lien_id: row.id, holder: row.holder, amount: row.amount };
    });
  }

  /** The demand and proof times of a lien as they come in; null clears a time recorded in error. */
  async updateLien(principal: Principal, vehicleId: string, lienId: string, dto: LienTimesDto) {
    return this.write(principal, vehicleId, 'settlement_inputs.lien_updated', async (m, v) => {
      const lien = isUuid(lienId) ? await m.getRepository(SubordinateLienRecord).findOneBy({ id: lienId, vehicleId: v.vehicleId, lenderOrgId: principal.orgId }) : null;
      if (!lien) throw SettlementErrors.lienNotFound();
      const times = this.lienTimes(dto, lien);
      this.refuse(times.errors);
      await m.getRepository(SubordinateLienRecord).update({ id: lien.id }, { ...times.value, updatedAt: this.clock.now() });
      return { lien_id: lien.id, ...Object.fromEntries(Object.entries(times.value).map(([k, d]) => [k, d?.toISOString() ?? null])) };
    });
  }

  /**
   * A sale to the lender, a related person or a secondary obligor (UCC §9-615(f)), with what a
   * complying sale would have brought when the lender has it; the settlement is then flagged and
   * calculated on that amount when the price was below it.
   */
  async recordRelatedPartySale(principal: Principal, vehicleId: string, dto: RelatedPartySaleDto) {
    return this.write(principal, vehicleId, 'settlement_inputs.related_party_sale_recorded', async (m, v) => {
      const amount = dto.commercially_reasonable_amount ?? null;
      const errors: FieldError[] = amount ? moneyErrors('commercially_reasonable_amount', amount, v.currency) : [];
      if (amount && dto.buyer_relation === null) errors.push({ field: 'commercially_reasonable_amount', code: 'settlement.invalid_input', message: '§9-615(f) applies only to a sale to the lender, a related person or a secondary obligor' });
      if (amount && !dto.basis?.trim()) errors.push({ field: 'basis', code: 'settlement.invalid_input', message: 'say how the amount a complying sale would have brought was found' });
      this.refuse(errors);
      const terms = { relatedPartySale: dto.buyer_relation !== null, buyerRelation: dto.buyer_relation, commerciallyReasonableAmount: amount?.amount ?? null, commerciallyReasonableCurrency: amount ? v.currency : null, commerciallyReasonableBasis: amount ? dto.basis!.trim() : null };
      await this.saveTerms(m, principal, v.vehicleId, terms);
      return { buyer_relation: dto.buyer_relation, commercially_reasonable_amount: amount?.amount ?? null };
    });
  }

  /**
   * The telephone number or mailing address the explanation gives (§9-616(a)(1)(D)). It may be
   * recorded after the sale was settled: it is no figure, and the explanation waits for it.
   */
  async recordContact(principal: Principal, vehicleId: string, dto: ExplanationContactDto) {
    return this.write(
      principal,
      vehicleId,
      'settlement_inputs.explanation_contact_recorded',
      async (m, v) => {
        const contact = { contactPhone: dto.phone?.trim() || null, contactAddress: dto.address?.trim() || null };
        if (!contact.contactPhone && !contact.contactAddress) this.refuse([{ field: 'phone', code: 'settlement.contact_required', message: 'a telephone number or mailing address is required (UCC §9-616(a)(1)(D))' }]);
        await this.saveTerms(m, principal, v.vehicleId, contact);
        if (v.settlementId) await m.getRepository(Settlement).update({ id: v.settlementId }, contact);
        return { phone: contact.contactPhone, address: contact.contactAddress };
      },
      { settled: 'allowed' },
    );
  }

  private async write(principal: Principal, vehicleId: string, action: string, apply: (m: EntityManager, v: OpenVehicle) => Promise<Record<string, unknown>>, options: { settled?: 'allowed' } = {}) {
    return this.dataSource.transaction(async (m) => {
      const v = await this.open(m, principal, vehicleId, options);
      const changes = await apply(m, v);
      await this.audit.record({ action, principal, entityType: 'vehicle', entityId: v.vehicleId, changes: JSON.parse(JSON.stringify(changes)) }, m);
      return this.present(m, principal.orgId, v);
    });
  }

  /** The lender's vehicle locked (as the settlement locks it), its case's currency; closed once settled. */
  private async open(m: EntityManager, principal: Principal, vehicleId: string, options: { settled?: 'allowed' } = {}): Promise<OpenVehicle> {
    const vehicle = await this.vehicles.lockForSale(m, principal.orgId, vehicleId);
    if (!vehicle) throw SettlementErrors.vehicleNotFound();
    if (!vehicle.caseId) throw SettlementErrors.vehicleWithoutCase(vehicle.id);
    const settled = await m.getRepository(Settlement).findOne({ where: { vehicleId: vehicle.id }, select: { id: true } });
    if (settled && options.settled !== 'allowed') throw SettlementErrors.inputsClosed(settled.id);
    const c = await this.cases.lockForPayment(m, principal.orgId, vehicle.caseId, this.clock.today());
    return { vehicleId: vehicle.id, caseId: vehicle.caseId, currency: c.totalDue.currency, totalDue: c.totalDue, settlementId: settled?.id ?? null };
  }

  private refuse(errors: readonly FieldError[]): void {
    if (errors.length > 0) throw SettlementErrors.inputRefused(errors);
  }

  /** Lien times after a change: none in the future, proof received only once asked for and not before. */
  private lienTimes(dto: LienTimesDto, current: Pick<SubordinateLienRecord, 'demandReceivedAt' | 'proofRequestedAt' | 'proofReceivedAt'>) {
    const now = this.clock.now().getTime();
    const errors: FieldError[] = [];
    const pick = (field: keyof LienTimesDto, was: Date | null): Date | null => {
      const given = dto[field];
      if (given === undefined) return was;
      if (given === null) return null;
      const d = new Date(given);
      if (d.getTime() > now) errors.push({ field, code: 'settlement.invalid_input', message: 'must not be in the future' });
      return d;
    };
    const value = { demandReceivedAt: pick('demand_received_at', current.demandReceivedAt), proofRequestedAt: pick('proof_requested_at', current.proofRequestedAt), proofReceivedAt: pick('proof_received_at', current.proofReceivedAt) };
    if (value.proofReceivedAt && (!value.proofRequestedAt || value.proofReceivedAt < value.proofRequestedAt)) {
      errors.push({ field: 'proof_received_at', code: 'settlement.invalid_input', message: 'proof is received in answer to a request, after it (UCC §9-615(b))' });
    }
    return { value, errors };
  }

  private async saveTerms(m: EntityManager, principal: Principal, vehicleId: string, change: Partial<SettlementSaleTerms>): Promise<void> {
    const repo = m.getRepository(SettlementSaleTerms);
    const existing = await repo.findOneBy({ vehicleId });
    const base = existing ?? { vehicleId, lenderOrgId: principal.orgId, relatedPartySale: false, buyerRelation: null, commerciallyReasonableAmount: null, commerciallyReasonableCurrency: null, commerciallyReasonableBasis: null, legalFeesClause: null, obligationReflectsRebate: false, contactPhone: null, contactAddress: null };
    await repo.save({ ...base, ...change, updatedByUserId: principal.userId, updatedAt: this.clock.now() });
  }

  private async rows(m: EntityManager, lenderOrgId: string, vehicleId: string) {
    const where = { lenderOrgId, vehicleId };
    // One after the other: a transaction's connection runs one query at a time.
    const credits = await m.getRepository(SettlementCredit).find({ where, order: { createdAt: 'ASC', id: 'ASC' } });
    const reconditioning = await m.getRepository(SettlementReconditioning).find({ where, order: { createdAt: 'ASC', id: 'ASC' } });
    const legal = await m.getRepository(SettlementLegalExpense).find({ where, order: { createdAt: 'ASC', id: 'ASC' } });
    const liens = await m.getRepository(SubordinateLienRecord).find({ where, order: { priority: 'ASC' } });
    const terms = await m.getRepository(SettlementSaleTerms).findOneBy(where);
    return { credits, reconditioning, legal, liens, terms };
  }

  private async present(m: EntityManager, lenderOrgId: string, v: OpenVehicle) {
    const { credits, reconditioning, legal, liens, terms } = await this.rows(m, lenderOrgId, v.vehicleId);
    const invoiced = (r: SettlementReconditioning | SettlementLegalExpense) => ({ id: r.id, amount: money(r.amount, r.currency), description: r.description, invoice_ref: r.invoiceRef, recorded_at: r.createdAt.toISOString() });
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return {
      vehicle_id: v.vehicleId,
      case_id: v.caseId,
      currency: v.currency,
      settlement_id: v.settlementId,
      credits: credits.map((c) => ({ id: c.id, type: c.type, amount: money(c.amount, c.currency), basis: c.basis, recorded_at: c.createdAt.toISOString() })),
      reconditioning: reconditioning.map(invoiced),
      legal_fees: { agreement_clause: terms?.legalFeesClause ?? null, expenses: legal.map(invoiced) },
      obligation_reflects_rebate: terms?.obligationReflectsRebate ?? false,
      subordinate_liens: liens.map((l) => ({ id: l.id, priority: l.priority, holder: l.holder, amount: money(l.amount, l.currency), demand_received_at: iso(l.demandReceivedAt), proof_requested_at: iso(l.proofRequestedAt), proof_received_at: iso(l.proofReceivedAt) })),
      related_party_sale: {
        buyer_relation: terms?.buyerRelation ?? null,
        commercially_reasonable_amount: terms?.commerciallyReasonableAmount != null && terms.commerciallyReasonableCurrency ? money(terms.commerciallyReasonableAmount, terms.commerciallyReasonableCurrency) : null,
        basis: terms?.commerciallyReasonableBasis ?? null,
      },
      explanation_contact: { phone: terms?.contactPhone ?? null, address: terms?.contactAddress ?? null },
    };
  }
  /**
   * The inputs of a vehicle's settlement, in the caller's transaction (the vehicle locked by the
   * caller). Proof of a lien counts only when it arrived before distribution (§9-615(b)).
   */
  async forSettlement(manager: EntityManager, lenderOrgId: string, vehicleId: string, distributionAt: Date): Promise<RecordedSettlementInputs> {
    const { credits, reconditioning, legal, liens, terms } = await this.rows(manager, lenderOrgId, vehicleId);
    const clause = terms?.legalFeesClause ?? null;
    const contact = terms && (terms.contactPhone || terms.contactAddress) ? { ...(terms.contactPhone ? { phone: terms.contactPhone } : {}), ...(terms.contactAddress ? { address: terms.contactAddress } : {}) } : null;
    return {
      credits: credits.map((c) => ({ type: c.type, amount: money(c.amount, c.currency), basis: c.basis })),
      reconditioning: reconditioning.map((r) => ({ type: 'reconditioning' as const, amount: money(r.amount, r.currency), basis: `${r.description} (invoice ${r.invoiceRef})`, payeeOrgId: null, sourceRef: r.invoiceRef })),
      legal: legal.map((r) => ({ type: 'legal' as const, amount: money(r.amount, r.currency), basis: `${r.description} (invoice ${r.invoiceRef}${clause ? `; provided for by ${clause}` : ''})`, payeeOrgId: null, sourceRef: r.invoiceRef })),
      agreementAllowsLegalFees: clause !== null,
      obligationReflectsRebate: terms?.obligationReflectsRebate ?? false,
      subordinateLiens: liens.map((l) => ({
        holder: l.holder,
        amount: money(l.amount, l.currency),
        demandReceivedAt: l.demandReceivedAt,
        proofRequested: l.proofRequestedAt !== null,
        proofFurnished: l.proofReceivedAt !== null && l.proofReceivedAt.getTime() <= distributionAt.getTime(),
      })),
      relatedPartySale: terms?.relatedPartySale ?? false,
      commerciallyReasonableAmount: terms?.commerciallyReasonableAmount != null && terms.commerciallyReasonableCurrency ? money(terms.commerciallyReasonableAmount, terms.commerciallyReasonableCurrency) : null,
      contact,
    };
  }
}

/** Money the lender records: above zero, in the case's currency (amounts in different currencies are never added). */
function moneyErrors(field: string, m: Money, currency: string): FieldError[] {
  const errors: FieldError[] = [];
  if (m.amount <= 0) errors.push({ field: `${field}.amount`, code: 'settlement.invalid_input', message: 'must be above zero' });
  if (m.currency !== currency) errors.push({ field: `${field}.currency`, code: 'settlement.currency_mismatch', message: `must be ${currency}, the case's currency` });
  return errors;
}
