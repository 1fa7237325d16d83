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

/** A vehicle report from field work (DESIGN §6), with the job and the progress event it came in. */
const fieldReport = {
  vehicle_id: P.id(),
  case_id: P.nullable(P.id()),
  job_id: P.id(),
  event_id: P.id('the progress event on the job'),
  lender_org_id: P.id(),
  partner_org_id: P.id(),
  occurred_at: P.timestamp('when the reporter says it happened'),
  recorded_at: P.timestamp(),
  after_hold: P.bool('reported while the job was on hold (a compliance.alert goes with it)'),
};

export const VehicleRecovered = defineEvent('vehicle.recovered', {
  aggregate: 'vehicle',
  description: 'The partner reported the vehicle recovered (voluntary or involuntary surrender).',
  payload: { ...fieldReport, mode: P.oneOf(['voluntary', 'involuntary']) },
});
export const VehicleStored = defineEvent('vehicle.stored', {
  aggregate: 'vehicle',
  description: 'The recovered vehicle is in the partner’s storage yard.',
  payload: { ...fieldReport, yard_id: P.id() },
});

export const VEHICLE_EVENTS = [VehicleCreated, VehicleUpdated, VehicleStatusChanged, VehicleRecovered, VehicleStored] as const;
