import { conflict, notFound, validationFailed } from '../common/problem/problem';

export const VehicleErrors = {
  notFound: () => notFound('vehicle'),
  invalidVin: (message: string) => validationFailed([{ field: 'vin', message }]),
  vinTaken: (vin: string) => conflict('vehicle.vin_taken', `You already have a vehicle with VIN ${vin}.`),
  caseNotFound: () => validationFailed([{ field: 'case_id', message: 'is not one of your cases' }]),
  caseHasVehicle: () => conflict('case.has_vehicle', 'The case already has a collateral vehicle; unlink it first (PATCH /v1/vehicles/{id} with case_id null).'),
  plateRegionRequired: () => validationFailed([{ field: 'plate_region', message: 'is required with a plate' }]),
  valuationCurrency: (currency: string) => validationFailed([{ field: 'valuation.currency', message: `must be the case currency ${currency}` }]),
};
