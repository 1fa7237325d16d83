import { IllegalTransitionError } from '../../common/state-machine/state-machine';
import {
  allowedVehicleTransitions,
  assertVehicleTransition,
  canTransitionVehicle,
  VEHICLE_STATUSES,
  VehicleStatus,
} from './vehicle-status';

const allowed: ReadonlyArray<readonly [VehicleStatus, VehicleStatus]> = [
  ['financed', 'repo_ordered'],
  ['repo_ordered', 'located'],
  ['repo_ordered', 'redeemed'],
  ['repo_ordered', 'order_cancelled'],
  ['located', 'recovered'],
  ['located', 'repo_ordered'],
  ['located', 'redeemed'],
  ['located', 'order_cancelled'],
  ['recovered', 'in_storage'],
  ['recovered', 'redeemed'],
  ['in_storage', 'listed'],
  ['in_storage', 'redeemed'],
  ['listed', 'sold'],
  ['listed', 'in_storage'],
  ['listed', 'redeemed'],
  ['sold', 'released'],
  ['sold', 'in_storage'],
  ['redeemed', 'repo_ordered'],
  ['order_cancelled', 'repo_ordered'],
];

const isAllowed = (from: VehicleStatus, to: VehicleStatus): boolean => allowed.some(([f, t]) => f === from && t === to);
const refused = VEHICLE_STATUSES.flatMap((from) => VEHICLE_STATUSES.filter((to) => !isAllowed(from, to)).map((to) => [from, to] as const));

describe('vehicle status machine', () => {
  it.each(allowed)('%s → %s is allowed', (from, to) => {
    expect(canTransitionVehicle(from, to)).toBe(true);
    expect(() => assertVehicleTransition(from, to)).not.toThrow();
  });

  // Every pair not listed above, including staying put, is refused: the table is exhaustive.
  it.each(refused)('%s → %s is refused', (from, to) => {
    expect(canTransitionVehicle(from, to)).toBe(false);
    expect(() => assertVehicleTransition(from, to)).toThrow(IllegalTransitionError);
  });

  it('follows the DESIGN §4 spine end to end', () => {
    const path: VehicleStatus[] = ['financed', 'repo_ordered', 'located', 'recovered', 'in_storage', 'listed', 'sold', 'released'];
    path.slice(1).forEach((to, i) => expect(() => assertVehicleTransition(path[i], to)).not.toThrow());
  });

  it.each<[VehicleStatus, boolean]>([
    ['financed', false],
    ['repo_ordered', true],
    ['located', true],
    ['recovered', true],
    ['in_storage', true],
    ['listed', true],
    ['sold', false], // the sale is final: no redemption after the hammer (UCC §9-623)
    ['released', false],
  ])('redemption from %s: %s', (from, ok) => {
    expect(canTransitionVehicle(from, 'redeemed')).toBe(ok);
  });

  it.each<[VehicleStatus, boolean]>([
    ['financed', false],
    ['repo_ordered', true],
    ['located', true],
    ['recovered', false], // in hand: a payment now is a redemption
    ['in_storage', false],
  ])('order cancellation from %s: %s', (from, ok) => {
    expect(canTransitionVehicle(from, 'order_cancelled')).toBe(ok);
  });

  it('names the transition and what was allowed in a typed error', () => {
    expect(() => assertVehicleTransition('sold', 'redeemed')).toThrow(
      expect.objectContaining({ code: 'vehicle.illegal_transition', status: 409, from: 'sold', to: 'redeemed', allowed: ['released', 'in_storage'] }),
    );
  });

  it('says a released vehicle is final', () => {
    expect(allowedVehicleTransitions('released')).toEqual([]);
    expect(() => assertVehicleTransition('released', 'in_storage')).toThrow(/none, it is final/);
  });
});
