import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { Clock } from '../common/clock/clock';
import { JsonObject, JsonValue } from '../common/json';
import { OutboxService } from '../common/outbox/outbox.service';
import { Page, paginate } from '../common/pagination/pagination';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { CaseCollateralService, CollateralCase } from '../cases/case-collateral.service';
import type { PlacementVehicle } from '../cases/domain/placement-row';
import { isUniqueViolation } from '../common/database/unique-violation';
import { assertVehicleTransition, LENDER_SETTABLE_VEHICLE_STATUSES, VehicleStatus } from './domain/vehicle-status';
import { validateVin } from './domain/vin';
import { CreateVehicleDto, UpdateVehicleDto, VehicleListQuery } from './dto/vehicle.dto';
import { presentVehicle, VehicleView } from './vehicle.presenter';
import { Vehicle } from './vehicle.entity';
import { VehicleErrors } from './vehicles.errors';
import { ROW_LOCK } from '../common/database/row-lock';

const TRACKED: readonly (keyof Vehicle)[] = [
  'caseId', 'plate', 'plateRegion', 'make', 'model', 'year', 'mileage', 'colour', 'valuationAmount', 'valuationCurrency',
  'valuationSource', 'valuationDate', 'lastLatitude', 'lastLongitude', 'lastPositionAt', 'keysAvailable', 'lienRef', 'titleStatus',
];
/** Fields a placement row also carries: changing them makes the next upload of the case apply in full. */
const PLACED: ReadonlySet<keyof Vehicle> = new Set(['caseId', 'plate', 'plateRegion', 'make', 'model', 'year', 'mileage', 'colour', 'valuationAmount', 'valuationCurrency', 'valuationSource', 'valuationDate']);

/** What a case shows of its collateral vehicle. */
export type VehicleSummary = Pick<Vehicle, 'id' | 'vin' | 'status' | 'make' | 'model' | 'year'> & { readonly caseId: string };

/** What an auction lot copies of its vehicle (DESIGN §7: title status, odometer). */
export type SaleVehicle = Pick<Vehicle, 'id' | 'vin' | 'status' | 'make' | 'model' | 'year' | 'mileage' | 'titleStatus' | 'caseId'>;

function saleVehicleOf(v: Vehicle): SaleVehicle {
  return { id: v.id, vin: v.vin, status: v.status, make: v.make, model: v.model, year: v.year, mileage: v.mileage, titleStatus: v.titleStatus, caseId: v.caseId };
}

/**
 * Vehicles (DESIGN §4): the one writer of vehicle rows. Cases place collateral through
 * `placeCollateral` and read it through `collateralOf`, inside the caller's transaction.
 */
@Injectable()
export class VehiclesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Vehicle) private readonly vehicles: Repository<Vehicle>,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly cases: CaseCollateralService,
  ) {}

  async create(principal: Principal, dto: CreateVehicleDto): Promise<VehicleView> {
    const now = this.clock.now();
    const vehicle = await this.dataSource.transaction(async (manager) => {
      const linked = dto.case_id ? await this.lockCase(manager, principal.orgId, dto.case_id) : null;
      const v = manager.create(Vehicle, {
        id: randomUUID(),
        orgId: principal.orgId,
        vin: '',
        caseId: null,
        plate: null,
        plateRegion: null,
        make: null,
        model: null,
        year: null,
        mileage: null,
        colour: null,
        valuationAmount: null,
        valuationCurrency: null,
        valuationSource: null,
        valuationDate: null,
        lastLatitude: null,
        lastLongitude: null,
        lastPositionAt: null,
        keysAvailable: null,
        lienRef: null,
        titleStatus: null,
        status: 'financed',
        createdAt: now,
        updatedAt: now,
      });
      this.apply(v, dto, linked);
      v.vin = this.checkVin(dto.vin, v.plateRegion ?? linked?.region ?? null);
      if (linked) await this.assertCaseFree(manager, linked.id, v.id);
      try {
        await manager.insert(Vehicle, v);
      } catch (err) {
        if (isUniqueViolation(err, 'vehicles_org_vin_key')) throw VehicleErrors.vinTaken(v.vin);
        if (isUniqueViolation(err, 'vehicles_case_key')) throw VehicleErrors.caseHasVehicle();
        throw err;
      }
      if (linked) await this.cases.collateralChanged(manager, [linked.id]);
      await this.outbox.record(manager, { type: 'vehicle.created', ...this.eventOf(v), payload: vehicleRef(v) });
      return v;
    });
    return presentVehicle(vehicle);
  }

  async list(principal: Principal, query: VehicleListQuery): Promise<Page<VehicleView>> {
    const qb = this.vehicles.createQueryBuilder('v').where('v.orgId = :orgId', { orgId: principal.orgId });
    if (query.status) qb.andWhere('v.status = :status', { status: query.status });
    if (query.case_id) qb.andWhere('v.caseId = :caseId', { caseId: query.case_id });
    if (query.vin) qb.andWhere('v.vin = :vin', { vin: query.vin.trim().toUpperCase() });
    if (query.has_case) qb.andWhere(query.has_case === 'true' ? 'v.caseId IS NOT NULL' : 'v.caseId IS NULL');
    const { items, nextCursor } = await paginate(qb, query);
    return { data: items.map(presentVehicle), next_cursor: nextCursor };
  }

  async get(principal: Principal, id: string): Promise<VehicleView> {
    if (!isUuid(id)) throw VehicleErrors.notFound();
    const v = await this.vehicles.findOneBy({ id, orgId: principal.orgId });
    if (!v) throw VehicleErrors.notFound();
    return presentVehicle(v);
  }

  async update(principal: Principal, id: string, dto: UpdateVehicleDto): Promise<VehicleView> {
    const vehicle = await this.dataSource.transaction(async (manager) => {
      const v = await this.lockOwned(manager, principal.orgId, id);
      const before = { ...v };
      const linked = dto.case_id ? await this.lockCase(manager, principal.orgId, dto.case_id) : null;
      this.apply(v, dto, linked);
      if (v.plate && !v.plateRegion) throw VehicleErrors.plateRegionRequired();
      // The region decides whether the VIN's check digit applies: a move to a North-American plate must still hold.
      this.checkVin(v.vin, v.plateRegion ?? linked?.region ?? null);
      if (linked && before.caseId !== linked.id) await this.assertCaseFree(manager, linked.id, v.id);
      const changes = changed(before, v);
      if (Object.keys(changes).length === 0) return v;
      v.updatedAt = this.clock.now();
      await manager.save(Vehicle, v);
      // The case's stored fingerprint no longer describes its collateral: the next upload applies in full.
      const placedChanged = Object.keys(changes).some((k) => PLACED.has(k as keyof Vehicle));
      const affectedCases = [before.caseId, v.caseId].filter((c): c is string => c !== null);
      if (placedChanged && affectedCases.length > 0) await this.cases.collateralChanged(manager, affectedCases);
      await this.audit.record({ action: 'vehicle.updated', principal, entityType: 'vehicle', entityId: v.id, changes, outcomeStatus: 200 }, manager);
      await this.outbox.record(manager, { type: 'vehicle.updated', ...this.eventOf(v), payload: { ...vehicleRef(v), fields: Object.keys(changes) } });
      return v;
    });
    return presentVehicle(vehicle);
  }

  /** The lender's own moves (`LENDER_SETTABLE_VEHICLE_STATUSES`); 422 for the moves reports and auctions make. */
  async changeStatus(principal: Principal, id: string, to: VehicleStatus, reason?: string): Promise<VehicleView> {
    const vehicle = await this.dataSource.transaction(async (manager) => {
      const v = await this.lockOwned(manager, principal.orgId, id);
      if (!LENDER_SETTABLE_VEHICLE_STATUSES.includes(to)) throw VehicleErrors.statusNotSettable(to);
      return this.moveStatus(manager, v, to, { reason, actor: principal });
    });
    return presentVehicle(vehicle);
  }

  /** Moves a vehicle along its machine (409 when illegal) in the caller's transaction; for jobs and auctions too. */
  async moveStatus(manager: EntityManager, v: Vehicle, to: VehicleStatus, options: { reason?: string; actor?: Principal | null } = {}): Promise<Vehicle> {
    const from = v.status;
    assertVehicleTransition(from, to);
    v.status = to;
    v.updatedAt = this.clock.now();
    await manager.update(Vehicle, { id: v.id }, { status: to, updatedAt: v.updatedAt });
    if (options.actor) {
      await this.audit.record({ action: 'vehicle.status_changed', principal: options.actor, entityType: 'vehicle', entityId: v.id, changes: { status: { before: from, after: to } } }, manager);
    }
    await this.outbox.record(manager, { type: 'vehicle.status_changed', ...this.eventOf(v), payload: { ...vehicleRef(v), from, to, reason: options.reason ?? null } });
    return v;
  }

  private eventOf(v: Vehicle) {
    return { aggregateType: 'vehicle', aggregateId: v.id, orgIds: [v.orgId] };
  }

  private checkVin(vin: string, region: string | null): string {
    const result = validateVin(vin, region);
    if (!result.ok) throw VehicleErrors.invalidVin(result.message);
    return result.vin;
  }

  private apply(v: Vehicle, dto: UpdateVehicleDto, linked: CollateralCase | null): void {
    if (dto.case_id !== undefined) v.caseId = dto.case_id === null ? null : linked!.id;
    if (dto.plate !== undefined) v.plate = dto.plate?.trim().toUpperCase() || null;
    if (dto.plate_region !== undefined) v.plateRegion = dto.plate_region;
    if (dto.make !== undefined) v.make = dto.make?.trim() || null;
    if (dto.model !== undefined) v.model = dto.model?.trim() || null;
    if (dto.year !== undefined) v.year = dto.year;
    if (dto.mileage !== undefined) v.mileage = dto.mileage;
    if (dto.colour !== undefined) v.colour = dto.colour?.trim() || null;
    if (dto.valuation !== undefined) {
      v.valuationAmount = dto.valuation?.amount ?? null;
      v.valuationCurrency = dto.valuation?.currency ?? null;
      v.valuationSource = dto.valuation?.source.trim() ?? null;
      v.valuationDate = dto.valuation?.date ?? null;
    }
    if (dto.last_position !== undefined) {
      v.lastLatitude = dto.last_position?.latitude ?? null;
      v.lastLongitude = dto.last_position?.longitude ?? null;
      v.lastPositionAt = dto.last_position ? new Date(dto.last_position.at) : null;
    }
    if (dto.keys_available !== undefined) v.keysAvailable = dto.keys_available;
    if (dto.lien_ref !== undefined) v.lienRef = dto.lien_ref?.trim() || null;
    if (dto.title_status !== undefined) v.titleStatus = dto.title_status;
    if (v.plate && !v.plateRegion) throw VehicleErrors.plateRegionRequired();
    const caseCurrency = linked?.currency;
    if (caseCurrency && v.valuationCurrency && v.valuationCurrency !== caseCurrency) throw VehicleErrors.valuationCurrency(caseCurrency);
  }

  /**
   * A repossession listing was awarded (DESIGN §4: financed → repo_ordered), inside the award's
   * transaction. A vehicle already past `financed` (re-offers, re-listing) is left as it is.
   */
  async markRepoOrdered(manager: EntityManager, orgId: string, vehicleId: string, reason: string): Promise<void> {
    const v = await this.lockOwned(manager, orgId, vehicleId);
    if (v.status === 'financed') await this.moveStatus(manager, v, 'repo_ordered', { reason });
  }

  /**
   * The collateral of a case placed through `POST /v1/cases`, in the case's transaction: the
   * lender's vehicle with that VIN is linked and updated, or a new one is created. 400 when the
   * VIN is already another case's collateral.
   */
  async placeCollateral(manager: EntityManager, orgId: string, caseId: string, row: PlacementVehicle): Promise<VehicleSummary> {
    const now = this.clock.now();
    const existing = await manager.findOne(Vehicle, { where: { orgId, vin: row.vin }, lock: { mode: ROW_LOCK } });
    if (existing?.caseId) throw VehicleErrors.vinIsOtherCollateral();
    const placed = manager.create(Vehicle, {
      ...(existing ?? { id: randomUUID(), orgId, status: 'financed', createdAt: now, lastLatitude: null, lastLongitude: null, lastPositionAt: null, keysAvailable: null, lienRef: null, titleStatus: null }),
      caseId,
      vin: row.vin,
      plate: row.plate,
      plateRegion: row.plate_region,
      make: row.make,
      model: row.model,
      year: row.year,
      mileage: row.mileage,
      colour: row.colour,
      valuationAmount: row.valuation?.amount ?? null,
      valuationCurrency: row.valuation?.currency ?? null,
      valuationSource: row.valuation?.source ?? null,
      valuationDate: row.valuation?.date ?? null,
      updatedAt: now,
    });
    await manager.save(Vehicle, placed);
    await this.outbox.record(manager, { type: existing ? 'vehicle.updated' : 'vehicle.created', ...this.eventOf(placed), payload: vehicleRef(placed) });
    return summaryOf(placed, caseId);
  }

  /** The collateral vehicle of each of these cases (those that have one). */
  async collateralOf(caseIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<VehicleSummary[]> {
    if (caseIds.length === 0) return [];
    const rows = await manager.getRepository(Vehicle).find({
      select: { id: true, vin: true, status: true, make: true, model: true, year: true, caseId: true },
      where: { caseId: In([...caseIds]) },
    });
    return rows.flatMap((v) => (v.caseId ? [summaryOf(v, v.caseId)] : []));
  }

  /** The last known position of each case's vehicle, where one was reported (the award's proximity, DESIGN §5). */
  async lastPositionsOf(caseIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, { latitude: number; longitude: number }>> {
    if (caseIds.length === 0) return new Map();
    const rows = await manager.getRepository(Vehicle).find({ select: { caseId: true, lastLatitude: true, lastLongitude: true }, where: { caseId: In([...caseIds]) } });
    return new Map(rows.flatMap((v) => (v.caseId && v.lastLatitude !== null && v.lastLongitude !== null ? [[v.caseId, { latitude: v.lastLatitude, longitude: v.lastLongitude }] as const] : [])));
  }

  /** Auctions (DESIGN §7): the lender's vehicle, locked in the caller's transaction; null when it is not the lender's. */
  async lockForSale(manager: EntityManager, orgId: string, id: string): Promise<SaleVehicle | null> {
    if (!isUuid(id)) return null;
    const v = await manager.getRepository(Vehicle).createQueryBuilder('v').where('v.id = :id AND v.orgId = :orgId', { id, orgId }).setLock(ROW_LOCK).getOne();
    return v ? saleVehicleOf(v) : null;
  }

  /** Auctions move a vehicle through listed → sold, or back to in_storage (no sale, cancelled), in the caller's transaction. */
  async moveForSale(manager: EntityManager, orgId: string, id: string, to: VehicleStatus, reason: string): Promise<void> {
    await this.moveStatus(manager, await this.lockOwned(manager, orgId, id), to, { reason });
  }

  private async lockOwned(manager: EntityManager, orgId: string, id: string): Promise<Vehicle> {
    if (!isUuid(id)) throw VehicleErrors.notFound();
    const v = await manager.getRepository(Vehicle).createQueryBuilder('v').where('v.id = :id AND v.orgId = :orgId', { id, orgId }).setLock(ROW_LOCK).getOne();
    if (!v) throw VehicleErrors.notFound();
    return v;
  }

  private async lockCase(manager: EntityManager, orgId: string, caseId: string): Promise<CollateralCase> {
    const c = await this.cases.lockForCollateral(manager, orgId, caseId);
    if (!c) throw VehicleErrors.caseNotFound();
    return c;
  }

  private async assertCaseFree(manager: EntityManager, caseId: string, vehicleId: string): Promise<void> {
    const other = await manager.getRepository(Vehicle).findOne({ where: { caseId }, select: { id: true } });
    if (other && other.id !== vehicleId) throw VehicleErrors.caseHasVehicle();
  }
}

function summaryOf(v: Vehicle, caseId: string): VehicleSummary {
  return { id: v.id, vin: v.vin, status: v.status, make: v.make, model: v.model, year: v.year, caseId };
}

function changed(before: Vehicle, after: Vehicle): JsonObject {
  const changes: JsonObject = {};
  for (const key of TRACKED) {
    const [b, a] = [before[key], after[key]];
    const norm = (x: unknown): JsonValue => (x instanceof Date ? x.toISOString() : (x as JsonValue));
    if (JSON.stringify(norm(b)) !== JSON.stringify(norm(a))) changes[key] = { before: norm(b), after: norm(a) };
  }
  return changes;
}

function vehicleRef(v: Vehicle) {
  return { vehicle_id: v.id, case_id: v.caseId, vin: v.vin, status: v.status };
}
