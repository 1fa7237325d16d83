import { ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { notFound } from '../problem/problem';
import { Principal } from './principal';

/**
 * Row-level tenancy (DESIGN §2): the org filter is part of the query itself, so a row of
 * another org is never loaded, and its absence is indistinguishable from non-existence (404).
 */
export function scopeToOrg<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, principal: Principal, column = `${qb.alias}.orgId`): SelectQueryBuilder<T> {
  return qb.andWhere(`${column} = :tenantOrgId`, { tenantOrgId: principal.orgId });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Loads a row of the caller's org by id, or answers 404 whether it is missing or belongs to someone else. */
export async function findOwnedOr404<T extends ObjectLiteral & { id: string; orgId: string }>(
  repository: Repository<T>,
  principal: Principal,
  id: string,
  entity: string,
): Promise<T> {
  if (!isUuid(id)) throw notFound(entity);
  const row = await repository.createQueryBuilder('row').where('row.id = :id', { id }).andWhere('row.orgId = :orgId', { orgId: principal.orgId }).getOne();
  if (!row) throw notFound(entity);
  return row;
}
