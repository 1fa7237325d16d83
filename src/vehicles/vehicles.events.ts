import { defineEvent, P } from '../common/outbox/event-definition';
import { VEHICLE_STATUSES } from './domain/vehicle-status';

const vehicle = { vehicle_id: P.id(), case_id: P.nullable(P.id()), vin: P.text(), status: P.oneOf(VEHICLE_STATUSES) };

export const VehicleCreated = defineEvent('vehicle.created', {
  aggregate: 'vehicle',
  description: 'A vehicle was registered, on its own or with a placed case.',
  payload: { ...vehicle, fields: P.optional(P.texts()) },
});
export const VehicleUpdated = defineEvent('vehicle.updated', {
  aggregate: 'vehicle',
  description: 'Fields of a vehicle changed (`fields` names them).',
  payload: { ...vehicle, fields: P.optional(P.texts()) },
});
export const VehicleStatusChanged = defineEvent('vehicle.status_changed', {
  aggregate: 'vehicle',
  description: 'A vehicle moved along its status machine.',
  payload: { ...vehicle, from: P.oneOf(VEHICLE_STATUSES), to: P.oneOf(VEHICLE_STATUSES), reason: P.nullable(P.text()) },
});

export const VEHICLE_EVENTS = [VehicleCreated, VehicleUpdated, VehicleStatusChanged] as const;
