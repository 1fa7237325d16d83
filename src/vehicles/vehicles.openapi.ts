import { arrayOf, boolean, calendarDate, dateTime, defineSchema, enumOf, integer, nullable, objectOf, text, uuid } from '../common/openapi/schema';
import { VEHICLE_STATUSES } from './domain/vehicle-status';
import { TITLE_STATUSES } from './vehicle.entity';

/** The shape of `vehicle.presenter.ts` (DESIGN §4). */
export const VehicleSchema = defineSchema(
  'Vehicle',
  objectOf({
    id: uuid,
    case_id: nullable(uuid),
    vin: { type: 'string', example: '1HGCM82633A004352' },
    plate: nullable(text),
    plate_region: nullable({ type: 'string', example: 'US-TX' }),
    make: nullable(text),
    model: nullable(text),
    year: nullable(integer),
    mileage: nullable(integer),
    colour: nullable(text),
    valuation: nullable(
      objectOf(
        { amount: { type: 'integer', format: 'int64' }, currency: { type: 'string', example: 'USD' }, source: nullable(text), date: nullable(calendarDate) },
        { description: 'money (minor units) with where and when the value was taken' },
      ),
    ),
    last_position: nullable(objectOf({ latitude: { type: 'number' }, longitude: { type: 'number' }, at: nullable(dateTime) })),
    keys_available: nullable(boolean),
    lien_ref: nullable(text),
    title_status: nullable(enumOf(TITLE_STATUSES)),
    status: enumOf(VEHICLE_STATUSES),
    allowed_transitions: arrayOf(enumOf(VEHICLE_STATUSES), 'statuses this vehicle may move to next'),
    created_at: dateTime,
    updated_at: dateTime,
  }),
);
