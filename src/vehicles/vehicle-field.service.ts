import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { VehicleStatus } from './domain/vehicle-status';
import { presentVehicle } from './vehicle.presenter';
import { Vehicle } from './vehicle.entity';
import { VehicleErrors } from './vehicles.errors';
import { VehiclesService } from './vehicles.service';
import { ROW_LOCK } from '../common/database/row-lock';

/** A listing's vehicle as a bidder sees it before award. */
export type ListedVehicle = {
  readonly make: string | null;
  readonly model: string | null;
  readonly year: number | null;
  readonly colour: string | null;
  readonly keys_available: boolean | null;
};

export interface FieldPosition {
  readonly latitude: number;
  readonly longitude: number;
  readonly at: Date;
}

/**
 * The vehicle in field work (DESIGN §4, §6): what the tow operator reads, and the moves its
 * reports drive (`repo_ordered → located → recovered → in_storage`), in the job's transaction.
 * Status moves go through `VehiclesService.moveStatus`, the one writer of the machine.
 */
@Injectable()
export class VehicleFieldService {
  constructor(
    private readonly vehicles: VehiclesService,
    private readonly clock: Clock,
  ) {}

  /**
   * What a listing may show of its vehicles before award (issue 12: priced without PII): make,
   * model, year, colour and whether keys exist — no VIN, plate, position or valuation.
   */
  async describedForListing(orgId: string, caseIds: readonly string[], manager: EntityManager): Promise<Map<string, ListedVehicle>> {
    if (caseIds.length === 0) return new Map();
    const rows = await manager.find(Vehicle, { where: { orgId, caseId: In([...caseIds]) } });
    return new Map(rows.map((v) => [v.caseId!, { make: v.make, model: v.model, year: v.year, colour: v.colour, keys_available: v.keysAvailable }]));
  }

  async forWork(manager: EntityManager, orgId: string, vehicleId: string, options: { lock?: boolean } = {}): Promise<Vehicle> {
    const qb = manager.getRepository(Vehicle).createQueryBuilder('v').where('v.id = :vehicleId AND v.orgId = :orgId', { vehicleId, orgId });
    if (options.lock) qb.setLock(ROW_LOCK);
    const v = await qb.getOne();
    if (!v) throw VehicleErrors.notFound();
    return v;
  }

  /** Moves the (locked) vehicle along `path` and records the reported position when newer than the last one. */
  async advance(manager: EntityManager, v: Vehicle, path: readonly VehicleStatus[], options: { reason: string; position?: FieldPosition | null }): Promise<Vehicle> {
    for (const to of path) await this.vehicles.moveStatus(manager, v, to, { reason: options.reason });
    const position = options.position;
    if (position && (!v.lastPositionAt || v.lastPositionAt < position.at)) {
      v.lastLatitude = position.latitude;
      v.lastLongitude = position.longitude;
      v.lastPositionAt = position.at;
      v.updatedAt = this.clock.now();
      await manager.update(Vehicle, { id: v.id }, { lastLatitude: position.latitude, lastLongitude: position.longitude, lastPositionAt: position.at, updatedAt: v.updatedAt });
    }
    return v;
  }
}

/** The vehicle as the tow operator needs it to find and take it (DESIGN §4): no valuation, lien or title. */
export function presentVehicleForWork(v: Vehicle) {
  const { id, vin, plate, plate_region, make, model, year, colour, keys_available, last_position, status } = presentVehicle(v);
  return { id, vin, plate, plate_region, make, model, year, colour, keys_available, last_position, status };
}
