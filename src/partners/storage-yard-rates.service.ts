import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Money, money } from '../common/money';
import { isUuid } from '../common/tenancy/tenancy';
import { StorageYard } from './storage-yard.entity';

/** A storage yard's posted daily rate (DESIGN §3), as a sale's holding expenses read it. */
export interface YardRate {
  readonly yardId: string;
  readonly orgId: string;
  readonly name: string;
  readonly dailyRate: Money;
}

/** The partners module's read of storage yards for sale settlement (issue 16), in the caller's transaction. */
@Injectable()
export class StorageYardRates {
  async of(manager: EntityManager, yardIds: readonly string[]): Promise<Map<string, YardRate>> {
    const ids = [...new Set(yardIds)].filter(isUuid);
    if (ids.length === 0) return new Map();
    const rows = await manager.getRepository(StorageYard).findBy({ id: In(ids) });
    return new Map(rows.map((y) => [y.id, { yardId: y.id, orgId: y.orgId, name: y.name, dailyRate: money(y.dailyRateAmount, y.dailyRateCurrency) }]));
  }
}
