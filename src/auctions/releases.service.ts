import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { OutboxService } from '../common/outbox/outbox.service';
import { Page, PageQuery, paginate } from '../common/pagination/pagination';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { JobSaleRecords, VehicleWork } from '../jobs/job-sale-records.service';
import { StorageYardRates } from '../partners/storage-yard-rates.service';
import type { StorageTerms } from '../settlement/domain/holding-charges';
import { VehiclesService } from '../vehicles/vehicles.service';
import { AuctionInvoice, AuctionLot } from './auction-lot.entity';
import { AuctionRelease } from './auction-release.entity';
import { AuctionErrors } from './auctions.errors';
import { AuctionsService } from './auctions.service';
import { newReleaseCode, releaseCodeMatches } from './domain/release-code';
import { presentRelease, storageOf } from './releases.presenter';
import { lockLotOrFail } from './lot-lock';
import { ROW_LOCK } from '../common/database/row-lock';

export type ReleaseView = ReturnType<typeof presentRelease>;

/**
 * Release from the yard (DESIGN §7): a paid lot's release order goes to whoever holds the vehicle
 * — the tow operator whose job reported it stored (the jobs module answers), else the lender —
 * and the buyer gets a release code. The holder confirms the pick-up with that code: the vehicle
 * and the lot are released and the storage until then is itemised. Under the release's row lock.
 */
@Injectable()
export class ReleasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobSaleRecords,
    private readonly yards: StorageYardRates,
    private readonly vehicles: VehiclesService,
    private readonly lots: AuctionsService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /** In the payment's transaction: the release order for the paid lot, once per lot. */
  async order(m: EntityManager, lot: AuctionLot, invoice: AuctionInvoice): Promise<AuctionRelease> {
    const held = await this.custodyOf(m, lot);
    const now = this.clock.now();
    const row = m.create(AuctionRelease, {
      id: randomUUID(),
      lotId: lot.id,
      invoiceId: invoice.id,
      vehicleId: lot.vehicleId,
      buyerOrgId: invoice.buyerOrgId,
      lenderOrgId: lot.orgId,
      holderOrgId: held?.partnerOrgId ?? lot.orgId,
      jobId: held?.jobId ?? null,
      yardId: held?.yardId ?? null,
      storedAt: held?.storedAt ?? null,
      storageTerms: held?.storageTerms ?? null,
      releaseCode: newReleaseCode(),
      failedAttempts: 0,
      status: 'ordered',
      pickedUpAt: null,
      pickedUpByUserId: null,
      storageDays: null,
      storageCharge: null,
      storageBasis: null,
      currency: lot.currency,
      createdAt: now,
      updatedAt: now,
    });
    await m.insert(AuctionRelease, row);
    await this.outbox.record(m, {
      type: 'auction.release_ordered' as const,
      aggregateType: 'auction_release',
      aggregateId: row.id,
      orgIds: [...new Set([row.holderOrgId, row.lenderOrgId, row.buyerOrgId])],
      payload: { release_id: row.id, lot_id: lot.id, vehicle_id: lot.vehicleId, vin: lot.vin, buyer_org_id: row.buyerOrgId, holder_org_id: row.holderOrgId, pickup_name: lot.pickupLocation.name, pickup_address: lot.pickupLocation.address },
    });
    return row;
  }

  /** The holder's work list, the buyer's and the lender's releases; platform staff all. */
  async list(principal: Principal, query: PageQuery & { status?: string }): Promise<Page<ReleaseView>> {
    const qb = this.dataSource.getRepository(AuctionRelease).createQueryBuilder('r');
    if (principal.orgKind === 'platform') qb.where('TRUE');
    else qb.where('(r.holderOrgId = :org OR r.buyerOrgId = :org OR r.lenderOrgId = :org)', { org: principal.orgId });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    const { items, nextCursor } = await paginate(qb, query);
    return { data: await this.present(this.dataSource.manager, principal, items), next_cursor: nextCursor };
  }

  async get(principal: Principal, id: string): Promise<ReleaseView> {
    const row = await this.visible(this.dataSource.manager, principal, id);
    const [view] = await this.present(this.dataSource.manager, principal, [row]);
    return view!;
  }

  /** The release of an invoice, for the invoice's own view. */
  async ofInvoice(m: EntityManager, principal: Principal, invoiceId: string): Promise<ReleaseView | null> {
    const row = await m.findOneBy(AuctionRelease, { invoiceId });
    if (!row) return null;
    const [view] = await this.present(m, principal, [row]);
    return view!;
  }

  /**
   * The holder confirms the pick-up with the code the buyer shows. A wrong code is refused (422)
   * and counted (the count is kept although the request fails); the right one releases the
   * vehicle and the lot and itemises the storage until now.
   */
  async pickUp(principal: Principal, id: string, typedCode: string): Promise<ReleaseView> {
    const outcome = await this.dataSource.transaction(async (m) => {
      if (!isUuid(id)) throw AuctionErrors.releaseNotFound();
      const row = await m.getRepository(AuctionRelease).createQueryBuilder('r').where('r.id = :id AND r.holderOrgId = :org', { id, org: principal.orgId }).setLock(ROW_LOCK).getOne();
      if (!row) throw AuctionErrors.releaseNotFound();
      if (row.status === 'picked_up') throw AuctionErrors.releasePickedUp(row.pickedUpAt!);
      const now = this.clock.now();
      if (!releaseCodeMatches(row.releaseCode, typedCode)) {
        row.failedAttempts += 1;
        await m.update(AuctionRelease, { id: row.id }, { failedAttempts: row.failedAttempts, updatedAt: now });
        return { wrong: true as const, failedAttempts: row.failedAttempts };
      }
      row.status = 'picked_up';
      row.pickedUpAt = now;
      row.pickedUpByUserId = principal.userId;
      const storage = storageOf(row, now);
      row.storageDays = storage?.days ?? null;
      row.storageCharge = storage?.charge.amount ?? null;
      row.storageBasis = storage?.basis ?? null;
      row.updatedAt = now;
      await m.update(AuctionRelease, { id: row.id }, { status: row.status, pickedUpAt: now, pickedUpByUserId: row.pickedUpByUserId, storageDays: row.storageDays, storageCharge: row.storageCharge, storageBasis: row.storageBasis, updatedAt: now });
      const lot = await lockLotOrFail(m, row.lotId);
      await this.lots.move(m, lot, 'released', now);
      await this.vehicles.moveForSale(m, lot.orgId, lot.vehicleId, 'released', `auction lot ${lot.id} picked up by the buyer`);
      await this.outbox.record(m, {
        type: 'auction.released' as const,
        aggregateType: 'auction_release',
        aggregateId: row.id,
        orgIds: [...new Set([row.holderOrgId, row.lenderOrgId, row.buyerOrgId])],
        payload: {
          release_id: row.id,
          lot_id: lot.id,
          vehicle_id: lot.vehicleId,
          vin: lot.vin,
          buyer_org_id: row.buyerOrgId,
          holder_org_id: row.holderOrgId,
          picked_up_at: now.toISOString(),
          storage_days: row.storageDays ?? 0,
          storage_charge: storage ? storage.charge : null,
        },
      });
      return { wrong: false as const, view: presentRelease(row, lot, { callerOrgId: principal.orgId, now }) };
    });
    if (outcome.wrong) throw AuctionErrors.releaseWrongCode(outcome.failedAttempts);
    return outcome.view;
  }

  /**
   * Who holds the vehicle: the job that reported it stored last (the jobs module's record), at
   * the storage terms frozen into that job — or, when they price no storage, the posted daily rate
   * of the partner's own yard with no free days (DESIGN §3), as the sale settlement prices it.
   */
  private async custodyOf(m: EntityManager, lot: AuctionLot): Promise<{ jobId: string; partnerOrgId: string; yardId: string | null; storedAt: Date; storageTerms: StorageTerms } | null> {
    const works = await this.jobs.onVehicle(m, lot.orgId, lot.vehicleId);
    const stored = works
      .flatMap((w: VehicleWork) => w.events.flatMap((e) => (e.type === 'vehicle_stored' ? [{ work: w, at: e.at, yardId: e.yardId }] : [])))
      .sort((a, b) => b.at.getTime() - a.at.getTime())[0];
    if (!stored) return null;
    const { schedule, partnerOrgId } = stored.work;
    let storageTerms: StorageTerms = { currency: schedule.currency, ...(schedule.storage_per_day ? { storage_per_day: schedule.storage_per_day } : {}), ...(schedule.free_storage_days !== undefined ? { free_storage_days: schedule.free_storage_days } : {}) };
    if (!schedule.storage_per_day && stored.yardId) {
      const yard = (await this.yards.of(m, [stored.yardId])).get(stored.yardId);
      if (yard && yard.orgId === partnerOrgId && yard.dailyRate.currency === schedule.currency) storageTerms = { currency: schedule.currency, storage_per_day: yard.dailyRate };
    }
    return { jobId: stored.work.id, partnerOrgId, yardId: stored.yardId, storedAt: stored.at, storageTerms };
  }

  private async visible(m: EntityManager, principal: Principal, id: string): Promise<AuctionRelease> {
    if (!isUuid(id)) throw AuctionErrors.releaseNotFound();
    const qb = m.getRepository(AuctionRelease).createQueryBuilder('r').where('r.id = :id', { id });
    if (principal.orgKind !== 'platform') qb.andWhere('(r.holderOrgId = :org OR r.buyerOrgId = :org OR r.lenderOrgId = :org)', { org: principal.orgId });
    const row = await qb.getOne();
    if (!row) throw AuctionErrors.releaseNotFound();
    return row;
  }

  private async present(m: EntityManager, principal: Principal, rows: readonly AuctionRelease[]): Promise<ReleaseView[]> {
    if (rows.length === 0) return [];
    const lots = new Map((await m.findBy(AuctionLot, { id: In(rows.map((r) => r.lotId)) })).map((l) => [l.id, l]));
    const now = this.clock.now();
    return rows.map((r) => presentRelease(r, lots.get(r.lotId)!, { callerOrgId: principal.orgId, now }));
  }
}
