import { EntityManager } from 'typeorm';
import { isUuid } from '../common/tenancy/tenancy';
import { Case } from './case.entity';
import { CaseErrors } from './cases.errors';
import { ROW_LOCK } from '../common/database/row-lock';

/** The lender's case under a row lock (`ROW_LOCK`) for the caller's transaction; 404 when it is not the lender's. */
export async function lockOwnedCase(manager: EntityManager, orgId: string, id: string): Promise<Case> {
  if (!isUuid(id)) throw CaseErrors.notFound();
  const row = await manager.getRepository(Case).createQueryBuilder('c').where('c.id = :id AND c.orgId = :orgId', { id, orgId }).setLock(ROW_LOCK).getOne();
  if (!row) throw CaseErrors.notFound();
  return row;
}

/** The orgs a case's events go to: its lender, and the partner while it is assigned or worked. */
export function partiesOf(row: Pick<Case, 'orgId' | 'assignedOrgId'>): string[] {
  return row.assignedOrgId ? [row.orgId, row.assignedOrgId] : [row.orgId];
}
