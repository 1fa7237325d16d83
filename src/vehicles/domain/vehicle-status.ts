import { assertTransition, canTransition, defineStateMachine, StateMachine } from '../../common/state-machine/state-machine';

/**
 * Vehicle lifecycle (DESIGN §4, §7). The spine is financed → repo_ordered → located → recovered →
 * in_storage → listed → sold → released; the other edges:
 *
 * - redeemed from repo_ordered, located, recovered, in_storage or listed: the borrower may pay or
 *   reinstate until the sale is final (§7 Redemption; UCC §9-623). Once the hammer falls (`sold`)
 *   the vehicle is contracted away and redemption is over.
 * - order_cancelled from repo_ordered or located: the lender cancels before the vehicle is in hand
 *   (a close fee may be due, §5). Once recovered, a borrower who pays is a redemption.
 * - located → repo_ordered: the vehicle moved before it could be recovered and must be found again.
 * - listed → in_storage: the lot closed without a sale (reserve not met) or was cancelled; the
 *   vehicle waits in the yard to be relisted (§7 `no_sale`).
 * - sold → in_storage: the buyer did not pay and no second-chance bidder took it (§7).
 * - redeemed | order_cancelled → repo_ordered: the loan goes on after a redemption or a cancelled
 *   order, and a later default orders the same vehicle again rather than creating a second record.
 * - released is final.
 */
export const VEHICLE_STATUSES = [
  'financed',
  'repo_ordered',
  'located',
  'recovered',
  'in_storage',
  'listed',
  'sold',
  'released',
  'redeemed',
  'order_cancelled',
] as const;

export type VehicleStatus = (typeof VEHICLE_STATUSES)[number];

const TRANSITIONS: { readonly [S in VehicleStatus]: readonly VehicleStatus[] } = {
  financed: ['repo_ordered'],
  repo_ordered: ['located', 'redeemed', 'order_cancelled'],
  located: ['recovered', 'repo_ordered', 'redeemed', 'order_cancelled'],
  recovered: ['in_storage', 'redeemed'],
  in_storage: ['listed', 'redeemed'],
  listed: ['sold', 'in_storage', 'redeemed'],
  sold: ['released', 'in_storage'],
  released: [],
  redeemed: ['repo_ordered'],
  order_cancelled: ['repo_ordered'],
};

/** The vehicle machine; an illegal move is a 409 `vehicle.illegal_transition` naming current, requested and allowed. */
export const VEHICLE_STATUS_MACHINE: StateMachine<VehicleStatus> = defineStateMachine<VehicleStatus>('vehicle', TRANSITIONS);

/**
 * Moves a lender makes by hand (`POST /v1/vehicles/{id}/status`), where a person decides: order
 * the repossession outside the marketplace, cancel the order, record a redemption. Located,
 * recovered, stored, listed, sold and released follow the tow operator's reports and the auction
 * (DESIGN §6, §7; issue 9 §6), which move the vehicle through `VehiclesService.moveStatus`.
 */
export const LENDER_SETTABLE_VEHICLE_STATUSES: readonly VehicleStatus[] = ['repo_ordered', 'order_cancelled', 'redeemed'];

export function allowedVehicleTransitions(from: VehicleStatus): readonly VehicleStatus[] {
  return TRANSITIONS[from];
}

/** Staying in the same status is not a transition; replaying a request is the service's concern. */
export function canTransitionVehicle(from: VehicleStatus, to: VehicleStatus): boolean {
  return canTransition(VEHICLE_STATUS_MACHINE, from, to);
}

/** Throws `IllegalTransitionError` (409) when the table does not allow the move. */
export function assertVehicleTransition(from: VehicleStatus, to: VehicleStatus): void {
  assertTransition(VEHICLE_STATUS_MACHINE, from, to);
}
