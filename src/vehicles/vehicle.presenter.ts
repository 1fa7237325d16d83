import { allowedVehicleTransitions } from './domain/vehicle-status';
import { Vehicle } from './vehicle.entity';

/** The JSON shape of a vehicle: snake_case, valuation as money with its source and date. */
export const presentVehicle = (v: Vehicle) => ({
  id: v.id,
  case_id: v.caseId,
  vin: v.vin,
  plate: v.plate,
  plate_region: v.plateRegion,
  make: v.make,
  model: v.model,
  year: v.year,
  mileage: v.mileage,
  colour: v.colour,
  valuation:
    v.valuationAmount !== null && v.valuationCurrency !== null
      ? { amount: v.valuationAmount, currency: v.valuationCurrency, source: v.valuationSource, date: v.valuationDate }
      : null,
  last_position:
    v.lastLatitude !== null && v.lastLongitude !== null ? { latitude: v.lastLatitude, longitude: v.lastLongitude, at: v.lastPositionAt?.toISOString() ?? null } : null,
  keys_available: v.keysAvailable,
  lien_ref: v.lienRef,
  title_status: v.titleStatus,
  status: v.status,
  allowed_transitions: [...allowedVehicleTransitions(v.status)],
  created_at: v.createdAt.toISOString(),
  updated_at: v.updatedAt.toISOString(),
});

export type VehicleView = ReturnType<typeof presentVehicle>;
