import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { isUuid } from '../common/tenancy/tenancy';
import { Case } from './case.entity';
import { ROW_LOCK } from '../common/database/row-lock';

/** What vehicles needs of a case to link its collateral: whose it is, its currency and region. */
export interface CollateralCase {
  readonly id: string;
  readonly currency: string;
  readonly region: string;
}

/**
 * The part of cases the vehicles module calls when a lender links or edits a collateral vehicle,
 * inside the vehicle's transaction (cases own every case write).
 */
@Injectable()
export class CaseCollateralService {
  /** The lender's case under a row lock, or null when it is not the lender's. */
  async lockForCollateral(manager: EntityManager, orgId: string, caseId: string): Promise<CollateralCase | null> {
    if (!isUuid(caseId)) return null;
    const c = await manager.getRepository(Case).createQueryBuilder('c').where('c.id = :caseId AND c.orgId = :orgId', { caseId, orgId }).setLock(ROW_LOCK).getOne();
    return c ? { id: c.id, currency: c.currency, region: c.borrowerRegion } : null;
  }

  /** The cases' stored placement fingerprint no longer describes their collateral: the next upload of each applies in full. */
  async collateralChanged(manager: EntityManager, caseIds: readonly string[]): Promise<void> {
    if (caseIds.length === 0) return;
    await manager.createQueryBuilder().update(Case).set({ fingerprint: null }).where('id IN (:...ids)', { ids: [...caseIds] }).execute();
  }
}
