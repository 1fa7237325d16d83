import { AttemptCapParams, Channel, ContactRule, CountedAttempts, StopCondition } from './contact-rules';
import { addLocalDays, clockOf, instantAt, localTimeOf, minutesOf, startOfLocalDay } from './zoned-time';

/**
 * The one compliance evaluator (DESIGN §6, issue 13): the rules in force for the borrower at the
 * attempt's time, the borrower's zones and stop conditions, the contact history of the borrower
 * across the lender and all its agencies, and the attempt → every broken rule with its numbers,
 * and the earliest moment the attempt would pass. Pure: the service loads, this decides.
 */
export const CONTACT_DIRECTIONS = ['outbound', 'inbound'] as const;
export type ContactDirection = (typeof CONTACT_DIRECTIONS)[number];

/** A contact already recorded for the borrower (any debt of the lender, any agency). */
export interface RecordedContact {
  readonly at: Date;
  readonly caseIds: readonly string[];
  readonly channel: Channel;
  readonly direction: ContactDirection;
  readonly outcome: string | null;
  /** Blind index of the phone, e-mail or address used; null when not known. */
  readonly contactKey: string | null;
  readonly partnerOrgId: string | null;
}

export interface ContactAttempt extends RecordedContact {
  /** `check`: asked before contacting (no outcome, no record yet); `record`: a contact being logged. */
  readonly mode: 'check' | 'record';
  readonly party: 'borrower' | 'third_party';
  /** Why a third party is contacted: only `location` is allowed where the rules say `location_only`. */
  readonly purpose: 'collection' | 'location' | null;
  readonly recordingRef: string | null;
  readonly collectors: number | null;
}

export interface BorrowerZone {
  readonly zone: string;
  /** Where the zone comes from: `address` (the case's zone), `phone_area_code`, `contact_area_code`. */
  readonly source: string;
}

export interface BorrowerContext {
  /** The first is the borrower's own zone: day boundaries of counting rules are taken in it. */
  readonly zones: readonly BorrowerZone[];
  readonly conditions: readonly StopCondition[];
}

export interface Violation {
  readonly code: string;
  readonly kind: ContactRule['kind'];
  readonly citation: string;
  readonly message: string;
  readonly numbers: Readonly<Record<string, string | number>>;
  /** When this rule alone stops refusing; null when time does not clear it. */
  readonly clearsAt: Date | null;
}

export interface Evaluation {
  readonly allowed: boolean;
  readonly violations: readonly Violation[];
  readonly nextAllowedAt: Date | null;
}

/** Busy signal or not in service: not connected to the dialed number (Reg F comment 14(b)(3)(ii)-1). */
const NOT_CONNECTED_TO_NETWORK = new Set(['busy']);
const UNANSWERED = new Set(['no_answer', 'busy', 'left_message']);
const CONVERSATION = new Set(['right_party_contact', 'promise_made', 'disputed', 'refused']);
const ANSWERED = new Set([...CONVERSATION, 'third_party_contact', 'wrong_number']);
/** Information conveyed to the debtor: a conversation or a message left (940 CMR 7.04(1)(f)). */
const COMMUNICATION = new Set([...CONVERSATION, 'left_message']);

export interface AttemptClasses {
  readonly placed: boolean;
  readonly connected: boolean;
  readonly unanswered: boolean;
  readonly communication: boolean;
  /** A telephone conversation with the borrower, in either direction (Reg F §1006.14(b)(2)(i)(B)). */
  readonly conversation: boolean;
}

/**
 * What an attempt counts as. Calls the borrower makes are not placed by the collector and count
 * toward no cap, but a conversation in them starts the cooling-off (CFPB Reg F FAQ, call
 * frequency); an attempt without an outcome yet (a check before dialing) counts as everything.
 */
export function classifyAttempt(c: Pick<RecordedContact, 'direction' | 'outcome' | 'channel'>): AttemptClasses {
  const outbound = c.direction === 'outbound';
  const unknown = c.outcome === null;
  const is = (set: ReadonlySet<string>) => unknown || set.has(c.outcome!);
  return {
    placed: outbound && (unknown || !NOT_CONNECTED_TO_NETWORK.has(c.outcome!)),
    connected: outbound && is(ANSWERED),
    unanswered: outbound && is(UNANSWERED),
    communication: outbound && is(COMMUNICATION),
    conversation: c.channel === 'call' && c.outcome !== null && CONVERSATION.has(c.outcome),
  };
}

const NOUN: Record<CountedAttempts, string> = {
  placed: 'attempts',
  connected: 'connected attempts',
  unanswered: 'unanswered attempts',
  communication: 'communications',
};

const channelNoun = (channels: readonly Channel[]) => (channels.length === 1 ? `${channels[0]} ` : '');

const conditionText: Record<StopCondition, string> = {
  cease_contact: 'the borrower asked in writing that contact cease',
  attorney_represented: 'the borrower is known to be represented by an attorney',
  disputed: 'the debt is disputed and not yet verified',
  bankruptcy: 'the borrower is in bankruptcy',
  legal_hold: 'the case is under legal hold',
};

type Check = (rule: ContactRule, attempt: ContactAttempt, context: BorrowerContext, history: readonly RecordedContact[]) => Omit<Violation, 'code' | 'kind' | 'citation'>[];

function primaryZone(context: BorrowerContext): string {
  return context.zones[0]?.zone ?? 'UTC';
}

function capViolations(p: AttemptCapParams, attempt: ContactAttempt, context: BorrowerContext, history: readonly RecordedContact[]): Omit<Violation, 'code' | 'kind' | 'citation'>[] {
  if (!p.channels.includes(attempt.channel) || !classifyAttempt(attempt)[p.counts]) return [];
  const zone = primaryZone(context);
  const day = localTimeOf(attempt.at, zone).date;
  const firstDay = addLocalDays(day, -(p.days - 1));
  const from = startOfLocalDay(firstDay, zone).getTime();
  const until = startOfLocalDay(addLocalDays(day, 1), zone).getTime();
  const counted = history
    .filter((h) => p.channels.includes(h.channel) && h.at.getTime() >= from && h.at.getTime() < until && classifyAttempt(h)[p.counts])
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const groups: { label: string; numbers: Record<string, string>; items: RecordedContact[] }[] =
    p.scope === 'debt'
      ? attempt.caseIds.map((caseId) => ({ label: 'about this debt', numbers: { case_id: caseId }, items: counted.filter((h) => h.caseIds.includes(caseId)) }))
      : p.scope === 'contact'
        ? [{ label: 'to this contact', numbers: {}, items: counted.filter((h) => h.contactKey === attempt.contactKey) }]
        : [{ label: 'to this borrower', numbers: {}, items: counted }];
  const span = p.window === 'local_day' ? `on ${day} (${zone})` : `in the ${p.days} days ending ${day} (${zone})`;
  return groups.flatMap(({ label, numbers, items }) => {
    if (items.length + 1 <= p.max) return [];
    const oldestToDrop = items[items.length - p.max];
    const clearsAt = p.max === 0 || !oldestToDrop ? null : startOfLocalDay(addLocalDays(localTimeOf(oldestToDrop.at, zone).date, p.days), zone);
    const parties = new Set(items.map((h) => h.partnerOrgId ?? 'lender')).size;
    return [
      {
        message: `${items.length} ${channelNoun(p.channels)}${NOUN[p.counts]} ${label} ${span}${parties > 1 ? ` across ${parties} collectors` : ''}; the limit is ${p.max}`,
        numbers: { ...numbers, counted: items.length, limit: p.max, window_days: p.days, window_first_day: firstDay, window_last_day: day, zone },
        clearsAt,
      },
    ];
  });
}

const CHECKS: { readonly [K in ContactRule['kind']]: Check } = {
  contact_window: (rule, attempt, context) => {
    const p = rule.parameters as Extract<ContactRule, { kind: 'contact_window' }>['parameters'];
    if (!p.channels.includes(attempt.channel)) return [];
    const start = minutesOf(p.start);
    const end = minutesOf(p.end);
    const seen = new Set<string>();
    return context.zones.flatMap(({ zone, source }) => {
      if (seen.has(zone)) return [];
      seen.add(zone);
      const local = localTimeOf(attempt.at, zone);
      if (local.minutes >= start && local.minutes < end) return [];
      const clearsAt = local.minutes < start ? instantAt(local.date, start, zone) : instantAt(addLocalDays(local.date, 1), start, zone);
      return [
        {
          message: `${clockOf(local.minutes)} on ${local.date} in ${zone} (${source}) is outside ${p.start}–${p.end}`,
          numbers: { local_time: clockOf(local.minutes), local_date: local.date, zone, zone_source: source, window_start: p.start, window_end: p.end },
          clearsAt,
        },
      ];
    });
  },
  attempt_cap: (rule, attempt, context, history) => capViolations(rule.parameters as AttemptCapParams, attempt, context, history),
  conversation_cooloff: (rule, attempt, context, history) => {
    const p = rule.parameters as Extract<ContactRule, { kind: 'conversation_cooloff' }>['parameters'];
    if (!p.channels.includes(attempt.channel) || attempt.direction !== 'outbound') return [];
    const zone = primaryZone(context);
    const day = localTimeOf(attempt.at, zone).date;
    return attempt.caseIds.flatMap((caseId) => {
      const last = history
        .filter((h) => h.caseIds.includes(caseId) && h.at.getTime() < attempt.at.getTime() && classifyAttempt(h).conversation)
        .map((h) => localTimeOf(h.at, zone).date)
        .sort()
        .pop();
      if (!last) return [];
      const firstFreeDay = addLocalDays(last, p.days);
      if (day >= firstFreeDay) return [];
      const dayNumber = daysBetween(last, day) + 1;
      return [
        {
          message: `telephone conversation about this debt on ${last} (${zone}); ${day} is day ${dayNumber} of ${p.days}, calls may resume on ${firstFreeDay}`,
          numbers: { case_id: caseId, conversation_day: last, day_number: dayNumber, cooloff_days: p.days, first_allowed_day: firstFreeDay, zone },
          clearsAt: startOfLocalDay(firstFreeDay, zone),
        },
      ];
    });
  },
  required_attribute: (rule, attempt) => {
    const p = rule.parameters as Extract<ContactRule, { kind: 'required_attribute' }>['parameters'];
    if (attempt.mode !== 'record' || !p.channels.includes(attempt.channel)) return [];
    if (p.attribute === 'recording_ref') {
      return attempt.recordingRef && attempt.recordingRef.trim() ? [] : [{ message: `a ${attempt.channel} must carry a recording reference`, numbers: { attribute: 'recording_ref' }, clearsAt: null }];
    }
    const min = p.min ?? 1;
    const collectors = attempt.collectors ?? 0;
    return collectors >= min ? [] : [{ message: `a ${attempt.channel} needs ${min} or more collectors recorded; ${collectors} recorded`, numbers: { attribute: 'collectors', recorded: collectors, minimum: min }, clearsAt: null }];
  },
  channel_restriction: (rule, attempt) => {
    const p = rule.parameters as Extract<ContactRule, { kind: 'channel_restriction' }>['parameters'];
    return p.channels.includes(attempt.channel) ? [{ message: `contact by ${attempt.channel} is not allowed here`, numbers: { channel: attempt.channel }, clearsAt: null }] : [];
  },
  stop_flag: (rule, attempt, context) => {
    const p = rule.parameters as Extract<ContactRule, { kind: 'stop_flag' }>['parameters'];
    if (!p.channels.includes(attempt.channel) || !context.conditions.includes(p.condition)) return [];
    return [{ message: `no contact: ${conditionText[p.condition]}`, numbers: { condition: p.condition }, clearsAt: null }];
  },
  third_party: (rule, attempt) => {
    const p = rule.parameters as Extract<ContactRule, { kind: 'third_party' }>['parameters'];
    if (attempt.party !== 'third_party' || !p.channels.includes(attempt.channel)) return [];
    if (p.allowed === 'location_only' && attempt.purpose === 'location') return [];
    return [
      {
        message: p.allowed === 'none' ? 'contact with third parties about the debt is not allowed here' : 'a third party may be contacted only to acquire location information about the borrower',
        numbers: { allowed: p.allowed, purpose: attempt.purpose ?? 'collection' },
        clearsAt: null,
      },
    ];
  },
};

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Every broken rule at the attempt's moment. */
export function violationsOf(rules: readonly ContactRule[], context: BorrowerContext, history: readonly RecordedContact[], attempt: ContactAttempt): Violation[] {
  return rules.flatMap((rule) => CHECKS[rule.kind](rule, attempt, context, history).map((v) => ({ code: rule.code, kind: rule.kind, citation: rule.citation, ...v })));
}

/** How far a search for the next allowed moment goes before it answers "not by waiting". */
const MAX_STEPS = 32;

/**
 * Evaluates the attempt, and when refused, the earliest moment at or after it the same attempt
 * would pass with the same history: each refusal says when it clears, the search jumps to the
 * latest of those and evaluates again (a window opening may meet a cap still closed).
 */
export function evaluateContact(rules: readonly ContactRule[], context: BorrowerContext, history: readonly RecordedContact[], attempt: ContactAttempt): Evaluation {
  const violations = violationsOf(rules, context, history, attempt);
  if (violations.length === 0) return { allowed: true, violations, nextAllowedAt: attempt.at };
  let current = violations;
  let at = attempt.at;
  for (let step = 0; step < MAX_STEPS; step++) {
    if (current.some((v) => v.clearsAt === null)) return { allowed: false, violations, nextAllowedAt: null };
    const next = new Date(Math.max(...current.map((v) => v.clearsAt!.getTime())));
    if (next.getTime() <= at.getTime()) return { allowed: false, violations, nextAllowedAt: null };
    at = next;
    current = violationsOf(rules, context, history, { ...attempt, at });
    if (current.length === 0) return { allowed: false, violations, nextAllowedAt: at };
  }
  return { allowed: false, violations, nextAllowedAt: null };
}

/** The span of history these rules need to decide an attempt at `at`: back over the longest window, on to the end of its local day. */
export function historySpan(rules: readonly ContactRule[], at: Date): { from: Date; until: Date } {
  const days = Math.max(1, ...rules.map((r) => (r.kind === 'attempt_cap' || r.kind === 'conversation_cooloff' ? r.parameters.days : 1)));
  // One extra day on each side covers any zone's offset from UTC.
  return { from: new Date(at.getTime() - (days + 1) * 86_400_000), until: new Date(at.getTime() + 2 * 86_400_000) };
}
