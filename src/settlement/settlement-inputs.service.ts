import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { money, Money } from '../common/money';
import { ExplanationContact } from './domain/explanation';
import { BorrowerCredit, SaleExpense, SubordinateLien } from './domain/waterfall';
import { SettlementCredit, SettlementReconditioning, SettlementSaleTerms, SubordinateLienRecord } from './settlement-inputs.entity';

/** What the lender recorded for a vehicle's settlement, as the waterfall takes it. */
export interface RecordedSettlementInputs {
  readonly credits: readonly BorrowerCredit[];
  readonly reconditioning: readonly SaleExpense[];
  /** In order of priority. */
  readonly subordinateLiens: readonly SubordinateLien[];
  readonly relatedPartySale: boolean;
  readonly commerciallyReasonableAmount: Money | null;
  readonly contact: ExplanationContact | null;
}

/**
 * The lender-recorded inputs of a sale's settlement (issue 16): credits, reconditioning,
 * subordinate liens, a related-party sale and the explanation's contact.
 */
@Injectable()
export class SettlementInputsService {
  /**
   * The inputs of a vehicle's settlement, in the caller's transaction (the vehicle locked by the
   * caller). Proof of a lien counts only when it arrived before distribution (§9-615(b)).
   */
  async forSettlement(manager: EntityManager, lenderOrgId: string, vehicleId: string, distributionAt: Date): Promise<RecordedSettlementInputs> {
    const where = { lenderOrgId, vehicleId };
    const [credits, reconditioning, liens, terms] = await Promise.all([
      manager.getRepository(SettlementCredit).find({ where, order: { createdAt: 'ASC', id: 'ASC' } }),
      manager.getRepository(SettlementReconditioning).find({ where, order: { createdAt: 'ASC', id: 'ASC' } }),
      manager.getRepository(SubordinateLienRecord).find({ where, order: { priority: 'ASC' } }),
      manager.getRepository(SettlementSaleTerms).findOneBy(where),
    ]);
    const contact = terms && (terms.contactPhone || terms.contactAddress) ? { ...(terms.contactPhone ? { phone: terms.contactPhone } : {}), ...(terms.contactAddress ? { address: terms.contactAddress } : {}) } : null;
    return {
      credits: credits.map((c) => ({ type: c.type, amount: money(c.amount, c.currency), basis: c.basis })),
      reconditioning: reconditioning.map((r) => ({ type: 'reconditioning' as const, amount: money(r.amount, r.currency), basis: `${r.description} (invoice ${r.invoiceRef})`, payeeOrgId: null, sourceRef: r.invoiceRef })),
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
