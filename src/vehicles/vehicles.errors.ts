import { conflict, notFound, unprocessable, validationFailed } from '../common/problem/problem';
import { LENDER_SETTABLE_VEHICLE_STATUSES } from './domain/vehicle-status';

export const VehicleErrors = {
  notFound: () => notFound('vehicle'),
  invalidVin: (message: string) => validationFailed([{ field: 'vin', message }]),
  vinTaken: (vin: string) => conflict('vehicle.vin_taken', `You already have a vehicle with VIN ${vin}.`),
  caseNotFound: () => validationFailed([{ field: 'case_id', message: 'is not one of your cases' }]),
  vinIsOtherCollateral: () => validationFailed([{ field: 'vehicle.vin', message: 'is already the collateral of another of your cases' }]),
  caseHasVehicle: () => conflict('case.has_vehicle', 'The case already has a collateral vehicle; unlink it first (PATCH /v1/vehicles/{id} with case_id null).'),
  statusNotSettable: (status: string) =>
    unprocessable(
      'vehicle.status_not_settable',
      `A vehicle becomes ${status} through the tow operator's reports or the auction, not by setting it; here a lender may move a vehicle to ${LENDER_SETTABLE_VEHICLE_STATUSES.join(', ')}.`,
    ),
  plateRegionRequired: () => validationFailed([{ field: 'plate_region', message: 'is required with a plate' }]),
  valuationCurrency: (currency: string) => validationFailed([{ field: 'valuation.currency', message: `must be the case currency ${currency}` }]),
};
