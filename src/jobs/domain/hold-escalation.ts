/** DESIGN §6: an unacknowledged hold escalates after 15 minutes and again after an hour. */
export const HOLD_ESCALATION_STEPS = [
  { step: 1, afterMs: 15 * 60_000 },
  { step: 2, afterMs: 60 * 60_000 },
] as const;
export type HoldEscalationStep = (typeof HOLD_ESCALATION_STEPS)[number]['step'];

/** When a step is due for a hold placed at `heldAt`. */
export function escalationDueAt(heldAt: Date, step: HoldEscalationStep): Date {
  return new Date(heldAt.getTime() + HOLD_ESCALATION_STEPS[step - 1]!.afterMs);
}

/** The steps due by `now` that have not been taken yet (`done` steps taken so far), in order. */
export function escalationsDue(heldAt: Date, done: number, now: Date): HoldEscalationStep[] {
  return HOLD_ESCALATION_STEPS.filter((s) => s.step > done && escalationDueAt(heldAt, s.step) <= now).map((s) => s.step);
}
