import { DomainError } from '../problem/problem';

/**
 * A small, generic finite-state machine: a named table of allowed transitions. Listings and jobs
 * use it; cases, vehicles, partners and auction lots follow the same pattern (DESIGN §3–§7).
 */
export interface StateMachine<S extends string> {
  /** Prefix of the error code, e.g. `listing` gives `listing.illegal_transition`. */
  readonly name: string;
  /** Every state is a key; terminal states map to an empty list. */
  readonly transitions: { readonly [K in S]: readonly S[] };
}

/** 409 problem naming the current and requested state, and what the current state allows. */
export class IllegalTransitionError<S extends string = string> extends DomainError {
  constructor(
    readonly machine: string,
    readonly from: S,
    readonly to: S,
    readonly allowed: readonly S[],
  ) {
    const next = allowed.length > 0 ? allowed.join(', ') : 'none, it is final';
    super(`${machine}.illegal_transition`, 409, 'Conflict', `A ${machine.replace(/_/g, ' ')} that is ${from} cannot become ${to} (allowed: ${next}).`, {
      current: from,
      requested: to,
      allowed: [...allowed],
    });
    this.name = 'IllegalTransitionError';
  }
}

export function defineStateMachine<S extends string>(
  name: string,
  transitions: { readonly [K in S]: readonly S[] },
): StateMachine<S> {
  return Object.freeze({ name, transitions: Object.freeze({ ...transitions }) });
}

/** Staying in the same state is not a transition; it is allowed only where the table lists it. */
export function canTransition<S extends string>(machine: StateMachine<S>, from: S, to: S): boolean {
  return machine.transitions[from]?.includes(to) ?? false;
}

export function assertTransition<S extends string>(machine: StateMachine<S>, from: S, to: S): void {
  if (!canTransition(machine, from, to)) {
    throw new IllegalTransitionError<S>(machine.name, from, to, machine.transitions[from] ?? []);
  }
}

export function isTerminal<S extends string>(machine: StateMachine<S>, state: S): boolean {
  return machine.transitions[state].length === 0;
}
