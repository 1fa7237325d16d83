import type { Schemas } from '../api/client';
import type { Language } from '../i18n/i18n';

type Job = Schemas['Job'];

/** The kinds that report each progress type (src/jobs/domain/progress-events.ts). */
export const CONTACT_KINDS: readonly Job['kind'][] = ['collection', 'skip_trace', 'repossession'];
export const CONTACT_CHANNELS = ['call', 'sms', 'email', 'letter', 'visit'] as const;
export const CONTACT_OUTCOMES = ['no_answer', 'busy', 'left_message', 'right_party_contact', 'third_party_contact', 'wrong_number', 'refused', 'promise_made', 'disputed', 'delivered', 'returned_undeliverable'] as const;
export const RECOVERY_MODES = ['voluntary', 'involuntary'] as const;
/** Outcomes a job of each kind completes with (docs/field-work.md, Lifecycle). */
export const OUTCOMES: Record<Job['kind'], readonly Schemas['CompleteJobDto']['outcome'][]> = {
  collection: ['paid_in_full', 'settled', 'payment_plan'],
  repossession: ['vehicle_recovered', 'redeemed'],
  transport: ['delivered'],
  skip_trace: ['skip_traced'],
};

/** A job the partner is working: the moves and reports the API takes only in these states. */
export const isActive = (job: Pick<Job, 'status'>) => job.status === 'accepted' || job.status === 'in_progress' || job.status === 'on_hold';

/**
 * An instant in the borrower's own zone ("08:00 America/Chicago"), which is how the contact rules
 * decide; without a zone, in the browser's.
 */
export function inZone(language: Language, iso: string, zone: string | undefined): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  try {
    if (zone) return `${new Intl.DateTimeFormat(language, { ...options, timeZone: zone }).format(new Date(iso))} (${zone})`;
  } catch {
    // An unknown zone name: the instant in the browser's zone below is still right.
  }
  return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso));
}

/** A datetime-local value (the browser's local time) as an ISO instant, or undefined when empty. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

export interface SlaState {
  readonly step: 'first_action' | 'completion';
  readonly due: string;
  readonly late: boolean;
}

/**
 * Where the job stands against the SLA its bid committed to (frozen terms: `sla.first_action_hours`,
 * `sla.completion_days`, counted from acceptance): the first action until progress is reported,
 * then completion. Null when the job is not being worked or the terms carry no SLA.
 */
export function slaState(job: Pick<Job, 'status' | 'terms' | 'accepted_at' | 'last_progress_at'>, now: Date): SlaState | null {
  if (!isActive(job) || !job.accepted_at) return null;
  const sla = (job.terms as { sla?: { first_action_hours?: unknown; completion_days?: unknown } }).sla;
  const accepted = new Date(job.accepted_at).getTime();
  const firstHours = typeof sla?.first_action_hours === 'number' ? sla.first_action_hours : null;
  const days = typeof sla?.completion_days === 'number' ? sla.completion_days : null;
  if (firstHours !== null && !job.last_progress_at) {
    const due = accepted + firstHours * 3_600_000;
    return { step: 'first_action', due: new Date(due).toISOString(), late: now.getTime() > due };
  }
  if (days === null) return null;
  const due = accepted + days * 86_400_000;
  return { step: 'completion', due: new Date(due).toISOString(), late: now.getTime() > due };
}

/** The inventory as typed, one item per line, as the recovery report's `personal_property`. */
export const inventory = (text: string): { description: string }[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((description) => ({ description }));
