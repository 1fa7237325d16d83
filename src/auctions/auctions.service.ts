import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { AfterCommit } from '../common/database/after-commit';
import { isUniqueViolation } from '../common/database/unique-violation';
import type { Money } from '../common/money';
import { OutboxService } from '../common/outbox/outbox.service';
import { Page, paginate } from '../common/pagination/pagination';
import { FieldError } from '../common/problem/problem';
import { Deadlines } from '../common/queue/deadlines.service';
import { assertTransition } from '../common/state-machine/state-machine';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { BuyerVerificationService } from '../partners/partner-eligibility.service';
import { CaseCollateralService } from '../cases/case-collateral.service';
import { VehiclesService } from '../vehicles/vehicles.service';
import { RecoveryReport, RecoveryReports } from '../jobs/recovery-reports.service';
import { AuctionBid, AuctionLot, ConditionReport } from './auction-lot.entity';
import { LOT_CLOSE, LOT_OPEN } from './auction-timers';
import { AuctionErrors } from './auctions.errors';
import { AuctionStream } from './auction-stream.service';
import { SaleNoticesService } from './sale-notices.service';
import { DepositHolds } from './deposit-holds.service';
import { InvoicesService } from './invoices.service';
import { presentLot, Standing, stateOf, termsOf } from './auctions.presenter';
import { BuyerCover } from './buyer-cover.service';
import { DEFAULT_ANTI_SNIPING } from './domain/anti-sniping';
import { buyerPremiumErrors } from './domain/buyer-premium';
import { DEFAULT_INCREMENT_TABLE, IncrementTable, incrementTableErrors } from './domain/increment-table';
import { LOT_STATE_MACHINE, LotStatus, PUBLIC_LOT_STATUSES } from './domain/lot-status';
import { reserveMet } from './domain/proxy-bidding';
import { AuctionQuery, CreateAuctionDto } from './dto/auction.dto';
import { lockLot } from './lot-lock';
import { ROW_LOCK } from '../common/database/row-lock';

type LotView = ReturnType<typeof presentLot>;

/** Lots whose vehicle is taken: one lot that is not over per vehicle. */
export const OPEN_LOT_STATUSES: readonly LotStatus[] = ['draft', 'scheduled', 'live', 'closed'];

/**
 * Auction lots (DESIGN §7): a lender lists a vehicle in storage as a draft and schedules it;
 * opening and closing are deadline timers with a sweep. Every change of a lot's state happens
 * under the lot's row lock, the same lock bids and buy-now take.
 */
@Injectable()
export class AuctionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly vehicles: VehiclesService,
    private readonly buyers: BuyerVerificationService,
    private readonly outbox: OutboxService,
    private readonly deadlines: Deadlines,
    private readonly afterCommit: AfterCommit,
    private readonly deposits: DepositHolds,
    private readonly invoices: InvoicesService,
    private readonly clock: Clock,
    private readonly stream: AuctionStream,
    private readonly notices: SaleNoticesService,
    private readonly cover: BuyerCover,
    private readonly collateral: CaseCollateralService,
    private readonly recoveries: RecoveryReports,
  ) {}

  async create(principal: Principal, dto: CreateAuctionDto): Promise<LotView> {
    const currency = dto.start_price.currency;
    const increments: IncrementTable = dto.increment_table?.map((b) => ({ below: b.below ?? null, increment: b.increment })) ?? DEFAULT_INCREMENT_TABLE;
    const premium = { bps: dto.buyer_premium.bps, min: dto.buyer_premium.min.amount, max: dto.buyer_premium.max?.amount ?? null };
    const errors = lotErrors(dto, increments);
    errors.push(...buyerPremiumErrors(premium));
    if (errors.length > 0) throw AuctionErrors.invalidLot(errors);
    try {
      const lot = await this.dataSource.transaction(async (m) => {
        const vehicle = await this.vehicles.lockForSale(m, principal.orgId, dto.vehicle_id);
        if (!vehicle) throw AuctionErrors.vehicleNotFound();
        if (vehicle.status !== 'in_storage') throw AuctionErrors.vehicleNotInStorage(vehicle.status);
        // The sale's proceeds settle against the case (UCC §9-615): a lot is in the case's currency.
        const secured = vehicle.caseId ? await this.collateral.lockForCollateral(m, principal.orgId, vehicle.caseId) : null;
        if (secured && secured.currency !== currency) throw AuctionErrors.lotCurrency(secured.currency, lotMoney(dto).map(([field]) => `${field}.currency`));
        if (await m.existsBy(AuctionLot, { vehicleId: vehicle.id, status: In([...OPEN_LOT_STATUSES]) })) throw AuctionErrors.vehicleAlreadyListed();
        const now = this.clock.now();
        const recovery = await this.recoveries.latestOnVehicle(m, principal.orgId, vehicle.id);
        const row = m.create(AuctionLot, {
          id: randomUUID(),
          orgId: principal.orgId,
          vehicleId: vehicle.id,
          vin: vehicle.vin,
          make: vehicle.make,
          model: vehicle.model,
          year: vehicle.year,
          odometer: vehicle.mileage,
          titleStatus: vehicle.titleStatus,
          region: dto.pickup_location.region,
          pickupLocation: { name: dto.pickup_location.name.trim(), address: dto.pickup_location.address.trim(), region: dto.pickup_location.region },
          currency,
          startPrice: dto.start_price.amount,
          reservePrice: dto.reserve_price?.amount ?? null,
          buyNowPrice: dto.buy_now_price?.amount ?? null,
          incrementTable: increments,
          depositRequired: dto.deposit_required.amount,
          buyerPremium: premium,
          startsAt: new Date(dto.starts_at),
          endsAt: new Date(dto.ends_at),
          scheduledEndsAt: new Date(dto.ends_at),
          antiSnipingWindowSeconds: dto.anti_sniping?.window_seconds ?? DEFAULT_ANTI_SNIPING.windowSeconds,
          antiSnipingExtensionSeconds: dto.anti_sniping?.extension_seconds ?? DEFAULT_ANTI_SNIPING.extensionSeconds,
          status: 'draft',
          leaderOrgId: null,
          leaderMax: null,
          currentPrice: null,
          bidCount: 0,
          soldBy: null,
          hammerPrice: null,
          closedAt: null,
          createdAt: now,
          updatedAt: now,
          sellerFees: (dto.seller_fees ?? []).map((f) => ({ label: f.label.trim(), amount: f.amount.amount })),
          conditionReport: conditionReportOf(recovery, dto.condition_note?.trim() || null),
          photos: (recovery?.photos ?? []).map((p) => ({ id: p.id, jobId: p.jobId, contentType: p.contentType, takenAt: p.takenAt.toISOString() })),
        });
        await m.insert(AuctionLot, row);
        return row;
      });
      return presentLot(lot, { now: this.clock.now(), isOwner: true, buyerOrgId: null, standing: null });
    } catch (e) {
      if (isUniqueViolation(e)) throw AuctionErrors.vehicleAlreadyListed();
      throw e;
    }
  }

  /** draft → scheduled: the vehicle becomes `listed` and the opening timer is set. */
  async schedule(principal: Principal, lotId: string): Promise<LotView> {
    const lot = await this.dataSource.transaction(async (m) => {
      const row = await this.lockOwned(m, principal.orgId, lotId);
      if (row.status !== 'draft') throw AuctionErrors.notDraft(row.status);
      const now = this.clock.now();
      if (row.endsAt.getTime() <= now.getTime()) throw AuctionErrors.endInPast();
      const vehicle = await this.vehicles.lockForSale(m, principal.orgId, row.vehicleId);
      if (!vehicle || vehicle.status !== 'in_storage') throw AuctionErrors.vehicleNotInStorage(vehicle?.status ?? 'gone');
      await this.notices.assertMayOpen(m, row.vehicleId, row.startsAt);
      await this.move(m, row, 'scheduled', now);
      await this.vehicles.moveForSale(m, row.orgId, row.vehicleId, 'listed', `auction lot ${row.id} scheduled`);
      await this.outbox.record(m, {
        type: 'auction.scheduled' as const,
        aggregateType: 'auction_lot',
        aggregateId: row.id,
        orgIds: [row.orgId],
        payload: { ...lotRef(row), starts_at: row.startsAt.toISOString(), ends_at: row.endsAt.toISOString() },
      });
      this.afterCommit.run(m, () => this.deadlines.schedule(LOT_OPEN, { lotId: row.id }, row.startsAt));
      return row;
    });
    return presentLot(lot, { now: this.clock.now(), isOwner: true, buyerOrgId: null, standing: null });
  }

  /**
   * draft, scheduled or live → cancelled (DESIGN §7, e.g. redemption): the vehicle goes back to
   * storage, every hold is released, the timers removed and bidders told.
   */
  async cancel(principal: Principal, lotId: string, reason: string): Promise<LotView> {
    const lot = await this.dataSource.transaction(async (m) => {
      const row = await this.lockOwned(m, principal.orgId, lotId);
      await this.cancelLocked(m, row, reason);
      return row;
    });
    return presentLot(lot, { now: this.clock.now(), isOwner: true, buyerOrgId: null, standing: null });
  }

  /** The cancellation of a lot the caller holds locked, in its transaction (the lender's cancel, a redemption); answers the bidders told. */
  async cancelLocked(m: EntityManager, row: AuctionLot, reason: string): Promise<string[]> {
    const now = this.clock.now();
    const wasListed = row.status === 'scheduled' || row.status === 'live';
    await this.move(m, row, 'cancelled', now);
    if (wasListed) await this.vehicles.moveForSale(m, row.orgId, row.vehicleId, 'in_storage', `auction lot ${row.id} cancelled: ${reason}`);
    await this.deposits.releaseAtClose(m, row, null);
    const bidders = await this.biddersOf(m, row.id);
    await this.outbox.record(m, {
      type: 'auction.cancelled' as const,
      aggregateType: 'auction_lot',
      aggregateId: row.id,
      orgIds: [row.orgId, ...bidders],
      payload: { ...lotRef(row), reason, bid_count: row.bidCount },
    });
    this.afterCommit.run(m, async () => {
      await this.deadlines.cancel(LOT_OPEN, { lotId: row.id });
      await this.deadlines.cancel(LOT_CLOSE, { lotId: row.id });
    });
    return bidders;
  }

  /** The vehicle's lot that is not over (or its sold lot), locked, for a redemption; null when it has none. */
  async lockCurrentLotOf(m: EntityManager, orgId: string, vehicleId: string): Promise<AuctionLot | null> {
    if (!isUuid(vehicleId)) return null;
    return m
      .getRepository(AuctionLot)
      .createQueryBuilder('l')
      .where('l.vehicleId = :vehicleId AND l.orgId = :orgId AND l.status NOT IN (:...over)', { vehicleId, orgId, over: ['no_sale', 'cancelled'] })
      .orderBy('l.createdAt', 'DESC')
      .setLock(ROW_LOCK)
      .getOne();
  }

  /** Lenders see their own lots; verified buyers the catalogue; platform staff everything. */
  async list(principal: Principal, query: AuctionQuery): Promise<Page<LotView>> {
    await this.assertMayBrowse(principal);
    const qb = this.dataSource.getRepository(AuctionLot).createQueryBuilder('l');
    if (principal.orgKind === 'lender') qb.where('l.orgId = :orgId', { orgId: principal.orgId });
    else if (principal.orgKind === 'buyer') qb.where('l.status IN (:...visible)', { visible: [...PUBLIC_LOT_STATUSES] });
    else qb.where('TRUE');
    if (query.status) qb.andWhere('l.status = :status', { status: query.status });
    if (query.make) qb.andWhere('lower(l.make) = lower(:make)', { make: query.make.trim() });
    if (query.model) qb.andWhere('lower(l.model) = lower(:model)', { model: query.model.trim() });
    if (query.year_min !== undefined) qb.andWhere('l.year >= :yearMin', { yearMin: query.year_min });
    if (query.year_max !== undefined) qb.andWhere('l.year <= :yearMax', { yearMax: query.year_max });
    if (query.region) qb.andWhere('l.region = :region', { region: query.region });
    if (query.ends_before) qb.andWhere('l.endsAt < :endsBefore', { endsBefore: new Date(query.ends_before) });
    const { items, nextCursor } = await paginate(qb, query);
    const standings = await this.buyerStandings(principal, items);
    const now = this.clock.now();
    return { data: items.map((l) => this.view(l, principal, now, standings)), next_cursor: nextCursor };
  }

  async get(principal: Principal, lotId: string): Promise<LotView> {
    await this.assertMayBrowse(principal);
    const lot = await this.visibleLot(this.dataSource.manager, principal, lotId);
    return this.view(lot, principal, this.clock.now(), await this.buyerStandings(principal, [lot]));
  }

  /** A lot the caller may know of, or 404 (DESIGN §2: existence does not leak). */
  async visibleLot(m: EntityManager, principal: Principal, lotId: string, lock = false): Promise<AuctionLot> {
    if (!isUuid(lotId)) throw AuctionErrors.lotNotFound();
    const qb = m.getRepository(AuctionLot).createQueryBuilder('l').where('l.id = :lotId', { lotId });
    if (principal.orgKind === 'lender') qb.andWhere('l.orgId = :orgId', { orgId: principal.orgId });
    if (principal.orgKind === 'buyer') qb.andWhere('l.status IN (:...visible)', { visible: [...PUBLIC_LOT_STATUSES] });
    if (lock) qb.setLock(ROW_LOCK);
    const lot = await qb.getOne();
    if (!lot) throw AuctionErrors.lotNotFound();
    return lot;
  }

  /** A photo of a lot the caller may read, with its bytes; 404 for a photo the lot does not show (DESIGN §2). */
  async photo(principal: Principal, lotId: string, photoId: string) {
    const lot = await this.readable(principal, lotId);
    const shown = lot.photos.find((p) => p.id === photoId);
    const photo = shown ? await this.recoveries.photo(this.dataSource.manager, lot.orgId, shown.jobId, shown.id) : null;
    if (!photo) throw AuctionErrors.photoNotFound();
    return photo;
  }

  /** A lot the caller may read (as `GET /v1/auctions/:id`), or 403/404. */
  async readable(principal: Principal, lotId: string): Promise<AuctionLot> {
    await this.assertMayBrowse(principal);
    return this.visibleLot(this.dataSource.manager, principal, lotId);
  }

  /** Buyers must be verified to see lots (DESIGN §3, §7); lenders and platform staff always may. */
  async assertMayBrowse(principal: Principal): Promise<void> {
    if (principal.orgKind !== 'buyer') return;
    const verdict = await this.buyers.mayBid(principal.orgId);
    if (!verdict.eligible) throw AuctionErrors.buyerNotVerified(verdict.reasons);
  }

  // ---- timers ---------------------------------------------------------------------------------

  async overdue(status: 'scheduled' | 'live', dueBy: Date, limit: number): Promise<{ lotId: string }[]> {
    const column = status === 'scheduled' ? 'l.startsAt' : 'l.endsAt';
    const rows = await this.dataSource
      .getRepository(AuctionLot)
      .createQueryBuilder('l')
      .select(['l.id'])
      .where('l.status = :status', { status })
      .andWhere(`${column} <= :dueBy`, { dueBy })
      .orderBy(column, 'ASC')
      .take(limit)
      .getMany();
    return rows.map((l) => ({ lotId: l.id }));
  }

  /** scheduled → live at the start; the close timer is set for the end. */
  async open(lotId: string): Promise<{ outcome: 'opened' | 'skipped' }> {
    return this.dataSource.transaction(async (m) => {
      const lot = await lockLot(m, lotId);
      const now = this.clock.now();
      if (!lot || lot.status !== 'scheduled' || lot.startsAt.getTime() > now.getTime()) return { outcome: 'skipped' as const };
      // A notice recorded after scheduling restarts the period (DESIGN §7): the sweep opens the lot once it has passed.
      if (!(await this.notices.mayOpen(m, lot.vehicleId, now))) return { outcome: 'skipped' as const };
      await this.move(m, lot, 'live', now);
      await this.outbox.record(m, { type: 'auction.opened' as const, aggregateType: 'auction_lot', aggregateId: lot.id, orgIds: [lot.orgId], payload: { ...lotRef(lot), ends_at: lot.endsAt.toISOString() } });
      this.afterCommit.run(m, () => this.deadlines.schedule(LOT_CLOSE, { lotId: lot.id }, lot.endsAt));
      return { outcome: 'opened' as const };
    });
  }

  /** live → closed → sold (a leader at or above the reserve) or no_sale, at the (possibly extended) end. */
  async close(lotId: string): Promise<{ outcome: 'sold' | 'no_sale' | 'skipped' }> {
    return this.dataSource.transaction(async (m) => {
      const lot = await lockLot(m, lotId);
      const now = this.clock.now();
      // A timer from before an extension finds the end moved: the rescheduled timer closes it.
      if (!lot || lot.status !== 'live' || lot.endsAt.getTime() > now.getTime()) return { outcome: 'skipped' as const };
      const outcome = lot.leaderOrgId !== null && reserveMet(termsOf(lot), stateOf(lot)) ? 'sold' : 'no_sale';
      assertTransition(LOT_STATE_MACHINE, lot.status, 'closed');
      lot.soldBy = outcome === 'sold' ? 'auction' : null;
      lot.hammerPrice = outcome === 'sold' ? lot.currentPrice : null;
      lot.closedAt = now;
      lot.status = 'closed';
      await this.move(m, lot, outcome, now);
      await this.vehicles.moveForSale(m, lot.orgId, lot.vehicleId, outcome === 'sold' ? 'sold' : 'in_storage', `auction lot ${lot.id} ${outcome}`);
      await this.settleAtClose(m, lot);
      await this.recordClosed(m, lot);
      return { outcome };
    });
  }

  /** Losers' holds released; a sold lot's winner invoiced with the deposit held for it applied. */
  async settleAtClose(m: EntityManager, lot: AuctionLot): Promise<void> {
    const sold = lot.status === 'sold';
    const depositHeld = await this.deposits.releaseAtClose(m, lot, sold ? lot.leaderOrgId : null);
    if (sold) await this.invoices.issueAtClose(m, lot, depositHeld);
  }

  /** `auction.closed` to the lender and every bidder of the lot. */
  async recordClosed(m: EntityManager, lot: AuctionLot): Promise<void> {
    const bidders = await this.biddersOf(m, lot.id);
    const money = (amount: number | null): Money | null => (amount === null ? null : { amount, currency: lot.currency });
    await this.outbox.record(m, {
      type: 'auction.closed' as const,
      aggregateType: 'auction_lot',
      aggregateId: lot.id,
      orgIds: [lot.orgId, ...bidders],
      payload: {
        ...lotRef(lot),
        outcome: lot.status === 'sold' ? 'sold' : 'no_sale',
        sold_by: lot.soldBy,
        winner_org_id: lot.status === 'sold' ? lot.leaderOrgId : null,
        hammer_price: money(lot.hammerPrice),
        bid_count: lot.bidCount,
      },
    });
  }

  private async biddersOf(m: EntityManager, lotId: string): Promise<string[]> {
    const rows = await m.getRepository(AuctionBid).createQueryBuilder('b').select('DISTINCT b.bidderOrgId', 'org').where('b.lotId = :lotId', { lotId }).getRawMany<{ org: string }>();
    return rows.map((r) => r.org);
  }

  /** A checked move of the lot's status, written with its columns; live readers see it (`status` stream event). */
  async move(m: EntityManager, lot: AuctionLot, to: LotStatus, now: Date): Promise<void> {
    assertTransition(LOT_STATE_MACHINE, lot.status, to);
    lot.status = to;
    lot.updatedAt = now;
    await m.update(AuctionLot, { id: lot.id }, { status: to, updatedAt: now, soldBy: lot.soldBy, hammerPrice: lot.hammerPrice, closedAt: lot.closedAt, endsAt: lot.endsAt });
    await this.stream.record(m, lot, 'status');
  }

  async standingsOf(m: EntityManager, bidderOrgId: string, lotIds: readonly string[]): Promise<Map<string, number>> {
    if (lotIds.length === 0) return new Map();
    const rows = await m
      .getRepository(AuctionBid)
      .createQueryBuilder('b')
      .select('b.lotId', 'lot')
      .addSelect('MAX(b.maxAmount)', 'max')
      .where('b.bidderOrgId = :bidderOrgId AND b.lotId IN (:...lotIds)', { bidderOrgId, lotIds: [...lotIds] })
      .groupBy('b.lotId')
      .getRawMany<{ lot: string; max: string }>();
    return new Map(rows.map((r) => [r.lot, Number(r.max)]));
  }

  /** A buyer's own maximum and cover on each lot; nothing for lenders and platform staff. */
  private async buyerStandings(principal: Principal, lots: readonly AuctionLot[]): Promise<Map<string, Standing>> {
    if (principal.orgKind !== 'buyer') return new Map();
    const m = this.dataSource.manager;
    const maxima = await this.standingsOf(m, principal.orgId, lots.map((l) => l.id));
    const reach = await this.cover.reachOn(m, principal.orgId, lots);
    return new Map(lots.map((l) => [l.id, { yourMax: maxima.get(l.id) ?? null, cover: reach.get(l.id) ?? null }]));
  }

  private view(lot: AuctionLot, principal: Principal, now: Date, standings: Map<string, Standing>): LotView {
    const buyerOrgId = principal.orgKind === 'buyer' ? principal.orgId : null;
    return presentLot(lot, { now, isOwner: lot.orgId === principal.orgId, buyerOrgId, standing: standings.get(lot.id) ?? null });
  }

  private async lockOwned(m: EntityManager, orgId: string, lotId: string): Promise<AuctionLot> {
    if (!isUuid(lotId)) throw AuctionErrors.lotNotFound();
    const lot = await m.getRepository(AuctionLot).createQueryBuilder('l').where('l.id = :lotId AND l.orgId = :orgId', { lotId, orgId }).setLock(ROW_LOCK).getOne();
    if (!lot) throw AuctionErrors.lotNotFound();
    return lot;
  }
}

/** DESIGN §7: the lot's condition report is the tow operator's at recovery, with the lender's note; null when neither exists. */
function conditionReportOf(recovery: RecoveryReport | null, lenderNote: string | null): ConditionReport | null {
  if (!recovery && !lenderNote) return null;
  return { recoveredAt: recovery?.recoveredAt.toISOString() ?? null, notes: recovery?.notes ?? null, odometer: recovery?.odometer ?? null, keysRecovered: recovery?.keysRecovered ?? null, lenderNote };
}

export function lotRef(lot: AuctionLot) {
  return { lot_id: lot.id, lender_org_id: lot.orgId, vehicle_id: lot.vehicleId, status: lot.status };
}

/** The lot's money fields that are given, by their field name. */
function lotMoney(dto: CreateAuctionDto): [string, Money][] {
  const amounts: [string, Money | undefined][] = [
    ['start_price', dto.start_price],
    ['reserve_price', dto.reserve_price],
    ['buy_now_price', dto.buy_now_price],
    ['deposit_required', dto.deposit_required],
    ['buyer_premium.min', dto.buyer_premium.min],
    ['buyer_premium.max', dto.buyer_premium.max],
  ];
  (dto.seller_fees ?? []).forEach((f, i) => amounts.push([`seller_fees[${i}].amount`, f.amount]));
  return amounts.filter((a): a is [string, Money] => a[1] !== undefined);
}

/** The lot's terms checked as a whole: one currency, an end after the start, buy-now above the start and reserve. */
function lotErrors(dto: CreateAuctionDto, increments: IncrementTable): FieldError[] {
  const currency = dto.start_price.currency;
  const errors: FieldError[] = [];
  for (const [field, m] of lotMoney(dto)) if (m.currency !== currency) errors.push({ field: `${field}.currency`, message: `must be ${currency}, the start price's currency` });
  (dto.seller_fees ?? []).forEach((f, i) => {
    if (f.amount.amount < 0) errors.push({ field: `seller_fees[${i}].amount.amount`, message: 'must not be negative' });
  });
  if (dto.start_price.amount <= 0) errors.push({ field: 'start_price.amount', message: 'must be positive' });
  if (dto.reserve_price && dto.reserve_price.amount <= 0) errors.push({ field: 'reserve_price.amount', message: 'must be positive' });
  if (dto.buy_now_price) {
    const floor = Math.max(dto.start_price.amount, dto.reserve_price?.amount ?? 0);
    if (dto.buy_now_price.amount <= floor) errors.push({ field: 'buy_now_price.amount', message: 'must be above the start price and the reserve' });
  }
  if (new Date(dto.ends_at).getTime() <= new Date(dto.starts_at).getTime()) errors.push({ field: 'ends_at', message: 'must be after starts_at' });
  errors.push(...incrementTableErrors(increments));
  return errors;
}
