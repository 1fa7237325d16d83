import { minutesOf } from './zoned-time';

/**
 * Compliance rules as data (DESIGN §6, issue 13): a rule set per jurisdiction (`*` the default
 * layer, a country such as `US` or `CN`, a region such as `US-MA`), versioned with the moment it
 * takes effect; each rule is a typed row whose parameters are checked against its kind.
 */
export const RULE_KINDS = [
  'contact_window',
  'attempt_cap',
  'conversation_cooloff',
  'required_attribute',
  'channel_restriction',
  'stop_flag',
  'third_party',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const CHANNELS = ['call', 'sms', 'email', 'letter', 'visit'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What a cap counts (see `classifyAttempt`). */
export const COUNTED_ATTEMPTS = ['placed', 'connected', 'unanswered', 'communication'] as const;
export type CountedAttempts = (typeof COUNTED_ATTEMPTS)[number];

export const CAP_SCOPES = ['debt', 'debtor', 'contact'] as const;
export type CapScope = (typeof CAP_SCOPES)[number];

/** The states of a borrower that stop contact; `attorney_represented` and the case flags. */
export const STOP_CONDITIONS = ['cease_contact', 'attorney_represented', 'disputed', 'bankruptcy', 'legal_hold'] as const;
export type StopCondition = (typeof STOP_CONDITIONS)[number];

export const REQUIRED_ATTRIBUTES = ['recording_ref', 'collectors'] as const;
export type RequiredAttribute = (typeof REQUIRED_ATTRIBUTES)[number];

export interface ContactWindowParams {
  /** Local `HH:MM` from which contact is allowed, inclusive. */
  readonly start: string;
  /** Local `HH:MM` at which contact stops being allowed, exclusive. */
  readonly end: string;
  readonly channels: readonly Channel[];
}

export interface AttemptCapParams {
  readonly max: number;
  /** `rolling_days`: the `days` consecutive local days ending on the attempt's day; `local_day`: the attempt's local day. */
  readonly window: 'rolling_days' | 'local_day';
  readonly days: number;
  readonly scope: CapScope;
  readonly counts: CountedAttempts;
  readonly channels: readonly Channel[];
}

export interface ConversationCooloffParams {
  /** Days refused after a conversation, the conversation's day being day 1. */
  readonly days: number;
  readonly channels: readonly Channel[];
}

export interface RequiredAttributeParams {
  readonly attribute: RequiredAttribute;
  readonly channels: readonly Channel[];
  /** For `collectors`: the fewest collectors on the visit. */
  readonly min?: number;
}

export interface ChannelRestrictionParams {
  readonly channels: readonly Channel[];
}

export interface StopFlagParams {
  readonly condition: StopCondition;
  readonly channels: readonly Channel[];
}

export interface ThirdPartyParams {
  /** `none`: no contact with third parties; `location_only`: only to acquire location information. */
  readonly allowed: 'none' | 'location_only';
  readonly channels: readonly Channel[];
}

export interface RuleParamsByKind {
  contact_window: ContactWindowParams;
  attempt_cap: AttemptCapParams;
  conversation_cooloff: ConversationCooloffParams;
  required_attribute: RequiredAttributeParams;
  channel_restriction: ChannelRestrictionParams;
  stop_flag: StopFlagParams;
  third_party: ThirdPartyParams;
}

export type ContactRule = {
  readonly [K in RuleKind]: {
    /** Stable within a jurisdiction's layers: a region's rule with a country's code replaces it. */
    readonly code: string;
    readonly kind: K;
    /** The source, e.g. "Reg F 12 CFR §1006.14(b)(2)(i)(A)". */
    readonly citation: string;
    readonly description: string;
    readonly parameters: RuleParamsByKind[K];
  };
}[RuleKind];

export interface RuleSet {
  /** `*`, a country (`US`) or a region (`US-MA`). */
  readonly jurisdiction: string;
  readonly version: number;
  readonly effectiveFrom: Date;
  readonly rules: readonly ContactRule[];
}

export const JURISDICTION = /^(\*|[A-Z]{2}(-[A-Z0-9]{1,3})?)$/;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const CODE = /^[a-z][a-z0-9_.-]{1,79}$/;

/** The layers that apply to a borrower's region, least specific first: `*`, the country, the region. */
export function jurisdictionsFor(region: string): string[] {
  const country = region.split('-')[0]!;
  return [...new Set(['*', country, region])];
}

function specificity(jurisdiction: string): number {
  return jurisdiction === '*' ? 0 : jurisdiction.includes('-') ? 2 : 1;
}

/** The rules in force: the layers merged, a more specific layer's rule replacing one with its code. */
export function mergeLayers(layers: readonly RuleSet[]): ContactRule[] {
  const byCode = new Map<string, ContactRule>();
  const order = [...layers].sort((a, b) => specificity(a.jurisdiction) - specificity(b.jurisdiction));
  for (const layer of order) for (const rule of layer.rules) byCode.set(rule.code, rule);
  return [...byCode.values()];
}

export interface RuleProblem {
  readonly field: string;
  readonly message: string;
}

type Reader = {
  readonly problems: RuleProblem[];
  readonly at: string;
  readonly params: Record<string, unknown>;
};

function channelsOf(r: Reader, required = false): readonly Channel[] {
  const value = r.params.channels;
  if (value === undefined && !required) return CHANNELS;
  if (!Array.isArray(value) || value.length === 0 || !value.every((c) => (CHANNELS as readonly string[]).includes(c))) {
    r.problems.push({ field: `${r.at}.channels`, message: `channels must be a non-empty list of ${CHANNELS.join(', ')}` });
    return [];
  }
  return [...new Set(value as Channel[])];
}

function intOf(r: Reader, name: string, min: number, max: number): number {
  const value = r.params[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    r.problems.push({ field: `${r.at}.${name}`, message: `${name} must be an integer from ${min} to ${max}` });
    return min;
  }
  return value;
}

function oneOf<T extends string>(r: Reader, name: string, values: readonly T[]): T {
  const value = r.params[name];
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    r.problems.push({ field: `${r.at}.${name}`, message: `${name} must be one of ${values.join(', ')}` });
    return values[0]!;
  }
  return value as T;
}

function clockOf(r: Reader, name: string): string {
  const value = r.params[name];
  if (typeof value !== 'string' || !CLOCK.test(value)) {
    r.problems.push({ field: `${r.at}.${name}`, message: `${name} must be a local time HH:MM` });
    return '00:00';
  }
  return value;
}

const PARSERS: { readonly [K in RuleKind]: (r: Reader) => RuleParamsByKind[K] } = {
  contact_window: (r) => {
    const start = clockOf(r, 'start');
    const end = clockOf(r, 'end');
    if (minutesOf(start) >= minutesOf(end)) r.problems.push({ field: `${r.at}.end`, message: 'end must be later than start on the same day' });
    return { start, end, channels: channelsOf(r) };
  },
  attempt_cap: (r) => {
    const window = oneOf(r, 'window', ['rolling_days', 'local_day'] as const);
    return {
      max: intOf(r, 'max', 0, 1000),
      window,
      days: window === 'local_day' ? 1 : intOf(r, 'days', 1, 90),
      scope: oneOf(r, 'scope', CAP_SCOPES),
      counts: oneOf(r, 'counts', COUNTED_ATTEMPTS),
      channels: channelsOf(r),
    };
  },
  conversation_cooloff: (r) => ({ days: intOf(r, 'days', 1, 90), channels: channelsOf(r) }),
  required_attribute: (r) => {
    const attribute = oneOf(r, 'attribute', REQUIRED_ATTRIBUTES);
    return { attribute, channels: channelsOf(r, true), ...(attribute === 'collectors' ? { min: intOf(r, 'min', 1, 20) } : {}) };
  },
  channel_restriction: (r) => ({ channels: channelsOf(r, true) }),
  stop_flag: (r) => ({ condition: oneOf(r, 'condition', STOP_CONDITIONS), channels: channelsOf(r) }),
  third_party: (r) => ({ allowed: oneOf(r, 'allowed', ['none', 'location_only'] as const), channels: channelsOf(r) }),
};

const KNOWN_PARAMS: { readonly [K in RuleKind]: readonly string[] } = {
  contact_window: ['start', 'end', 'channels'],
  attempt_cap: ['max', 'window', 'days', 'scope', 'counts', 'channels'],
  conversation_cooloff: ['days', 'channels'],
  required_attribute: ['attribute', 'channels', 'min'],
  channel_restriction: ['channels'],
  stop_flag: ['condition', 'channels'],
  third_party: ['allowed', 'channels'],
};

export interface RuleInput {
  readonly code: unknown;
  readonly kind: unknown;
  readonly citation: unknown;
  readonly description: unknown;
  readonly parameters: unknown;
}

/** Checks one rule row against its kind; answers the typed rule, or every problem with its field. */
export function parseRule(input: RuleInput, at: string): { rule: ContactRule | null; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  if (typeof input.code !== 'string' || !CODE.test(input.code)) problems.push({ field: `${at}.code`, message: 'code must be lower-case letters, digits, ".", "_" or "-" (2–80)' });
  if (typeof input.citation !== 'string' || input.citation.trim().length === 0 || input.citation.length > 300) problems.push({ field: `${at}.citation`, message: 'citation must name the source (1–300 characters)' });
  if (typeof input.description !== 'string' || input.description.length > 1000) problems.push({ field: `${at}.description`, message: 'description must be text of at most 1000 characters' });
  if (typeof input.kind !== 'string' || !(RULE_KINDS as readonly string[]).includes(input.kind)) {
    problems.push({ field: `${at}.kind`, message: `kind must be one of ${RULE_KINDS.join(', ')}` });
    return { rule: null, problems };
  }
  const kind = input.kind as RuleKind;
  if (typeof input.parameters !== 'object' || input.parameters === null || Array.isArray(input.parameters)) {
    problems.push({ field: `${at}.parameters`, message: 'parameters must be an object' });
    return { rule: null, problems };
  }
  const params = input.parameters as Record<string, unknown>;
  for (const name of Object.keys(params)) if (!KNOWN_PARAMS[kind].includes(name)) problems.push({ field: `${at}.parameters.${name}`, message: `${kind} has no parameter ${name}` });
  const reader: Reader = { problems, at: `${at}.parameters`, params };
  const parameters = PARSERS[kind](reader);
  if (problems.length > 0) return { rule: null, problems };
  return { rule: { code: input.code as string, kind, citation: (input.citation as string).trim(), description: input.description as string, parameters } as ContactRule, problems };
}

