import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Case } from './case.entity';
import { Product } from './domain/placement-row';

/** A placed case as reports count it (DESIGN §10 lender portfolio): no borrower data. */
export interface PlacedCase {
  readonly id: string;
  readonly lenderOrgId: string;
  readonly product: Product;
  readonly region: string;
  readonly currency: string;
  /** Total due now (principal + interest + fees), minor units. */
  readonly totalDue: number;
  readonly firstMissedDueDate: string;
  readonly placedAt: Date;
}

/**
 * The cases a `case.placed` event is about — one case, or every case a bulk placement wrote — for
 * the readers that keep placement statistics (analytics). In the caller's transaction.
 */
@Injectable()
export class CasePlacements {
  async placed(manager: EntityManager, placement: { readonly caseId?: string; readonly importId?: string }): Promise<PlacedCase[]> {
    if (placement.caseId) return this.byIds(manager, [placement.caseId]);
    return placement.importId ? this.rows(manager, { lastImportId: placement.importId }) : [];
  }

  /** The same for cases named by id (a case whose placement came before the reader). */
  async byIds(manager: EntityManager, ids: readonly string[]): Promise<PlacedCase[]> {
    return ids.length === 0 ? [] : this.rows(manager, { id: In([...new Set(ids)]) });
  }

  private async rows(manager: EntityManager, where: { id: ReturnType<typeof In> } | { lastImportId: string }): Promise<PlacedCase[]> {
    const rows = await manager.getRepository(Case).find({
      select: { id: true, orgId: true, product: true, borrowerRegion: true, currency: true, principal: true, interest: true, fees: true, firstMissedDueDate: true, createdAt: true },
      where,
    });
    return rows.map((c) => ({
      id: c.id,
      lenderOrgId: c.orgId,
      product: c.product,
      region: c.borrowerRegion,
      currency: c.currency,
      totalDue: c.principal + c.interest + c.fees,
      firstMissedDueDate: c.firstMissedDueDate,
      placedAt: c.createdAt,
    }));
  }
}
