import { isCalendarDate } from '../../common/calendar/calendar-date';
import { JsonObject } from '../../common/json';
import { FieldError } from '../../common/problem/problem';
import type { JobStatus } from './job-status';
import type { WorkKind } from './work-kind';

/** The typed progress events of DESIGN §6, in the trade's words. */
export const PROGRESS_EVENT_TYPES = [
  'contact_attempt',
  'promise_to_pay',
  'payment_reported',
  'skip_trace_result',
  'vehicle_located',
  'vehicle_recovered',
  'vehicle_stored',
  'vehicle_transported',
  'legal_action',
  'note',
] as const;
export type ProgressEventType = (typeof PROGRESS_EVENT_TYPES)[number];

export const CONTACT_CHANNELS = ['call', 'sms', 'email', 'letter', 'visit'] as const;
export const CONTACT_DIRECTIONS = ['outbound', 'inbound'] as const;
export const CONTACT_OUTCOMES = ['no_answer', 'busy', 'left_message', 'right_party_contact', 'third_party_contact', 'wrong_number', 'refused', 'promise_made', 'disputed', 'delivered', 'returned_undeliverable'] as const;
export const PAYMENT_METHODS = ['card', 'bank_transfer', 'cash', 'check', 'money_order', 'other'] as const;
export const LOCATION_SOURCES = ['gps', 'lpr', 'field'] as const;
export const RECOVERY_MODES = ['voluntary', 'involuntary'] as const;
export type RecoveryMode = (typeof RECOVERY_MODES)[number];
export const LEGAL_ACTIONS = ['demand_letter', 'suit_filed', 'hearing', 'judgment', 'garnishment', 'other'] as const;

/** Which work each event reports on (DESIGN §6): a collection job cannot report a recovery. */
const TYPES_BY_KIND: { readonly [K in WorkKind]: readonly ProgressEventType[] } = {
  collection: ['contact_attempt', 'promise_to_pay', 'payment_reported', 'skip_trace_result', 'legal_action', 'note'],
  skip_trace: ['skip_trace_result', 'contact_attempt', 'note'],
  repossession: ['vehicle_located', 'vehicle_recovered', 'vehicle_stored', 'vehicle_transported', 'skip_trace_result', 'contact_attempt', 'payment_reported', 'note'],
  transport: ['vehicle_transported', 'vehicle_stored', 'note'],
};

export function eventTypesFor(kind: WorkKind): readonly ProgressEventType[] {
  return TYPES_BY_KIND[kind];
}

/**
 * Why a job in this status may not take this event, or null when it may. Work is reported on an
 * accepted job (the first report starts it) or one in progress; while on hold only a recovery is
 * stored (flagged `after_hold`: a wrongful repossession must be on record, DESIGN §6), and an
 * ended job takes nothing.
 */
export function statusRefusal(status: JobStatus, type: ProgressEventType): 'on_hold' | 'not_active' | null {
  if (status === 'accepted' || status === 'in_progress') return null;
  if (status === 'on_hold') return type === 'vehicle_recovered' ? null : 'on_hold';
  return 'not_active';
}

/** A validated event: what is stored in clear, the borrower PII stored encrypted, and when it happened. */
export interface ValidProgressEvent {
  readonly type: ProgressEventType;
  readonly occurredAt: Date;
  readonly caseId: string | null;
  readonly payload: JsonObject;
  /** Borrower PII the event carries (contact used, skip-traced phone/address/employer), encrypted at rest. */
  readonly pii: JsonObject | null;
}

export type ProgressEventResult = { readonly ok: true; readonly event: ValidProgressEvent } | { readonly ok: false; readonly errors: readonly FieldError[] };

/** Claims more than five minutes ahead of the server clock are refused as mistakes, not kept. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURRENCY = /^[A-Z]{3}$/;
const PHONE = /^\+?[0-9 ().-]{7,20}$/;

/** One reader per body: collects every field error, so a reporter fixes all of them at once. */
class Fields {
  readonly errors: FieldError[] = [];
  constructor(private readonly body: Record<string, unknown>) {}

  fail(field: string, message: string): undefined {
    this.errors.push({ field, message });
    return undefined;
  }

  raw(field: string): unknown {
    return this.body[field];
  }

  has(field: string): boolean {
    return this.body[field] !== undefined && this.body[field] !== null;
  }

  text(field: string, options: { required?: boolean; max?: number; from?: Record<string, unknown>; prefix?: string } = {}): string | undefined {
    const value = (options.from ?? this.body)[field];
    const name = `${options.prefix ?? ''}${field}`;
    if (value === undefined || value === null) return options.required ? this.fail(name, 'is required') : undefined;
    if (typeof value !== 'string' || value.trim() === '') return this.fail(name, 'must be a non-empty string');
    if (value.length > (options.max ?? 500)) return this.fail(name, `must be at most ${options.max ?? 500} characters`);
    return value.trim();
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], options: { required?: boolean; fallback?: T } = {}): T | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return options.required ? this.fail(field, `is required: one of ${allowed.join(', ')}`) : options.fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) return this.fail(field, `must be one of ${allowed.join(', ')}`);
    return value as T;
  }

  integer(field: string, options: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return options.required ? this.fail(field, 'is required') : undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return this.fail(field, 'must be an integer');
    if (options.min !== undefined && value < options.min) return this.fail(field, `must be at least ${options.min}`);
    if (options.max !== undefined && value > options.max) return this.fail(field, `must be at most ${options.max}`);
    return value;
  }

  boolean(field: string, options: { required?: boolean } = {}): boolean | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return options.required ? this.fail(field, 'is required') : undefined;
    if (typeof value !== 'boolean') return this.fail(field, 'must be true or false');
    return value;
  }

  date(field: string, options: { required?: boolean } = {}): string | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return options.required ? this.fail(field, 'is required') : undefined;
    if (typeof value !== 'string' || !isCalendarDate(value)) return this.fail(field, 'must be a calendar date YYYY-MM-DD');
    return value;
  }

  uuid(field: string, options: { required?: boolean } = {}): string | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return options.required ? this.fail(field, 'is required') : undefined;
    if (typeof value !== 'string' || !UUID.test(value)) return this.fail(field, 'must be a UUID');
    return value.toLowerCase();
  }

  object(field: string, options: { required?: boolean } = {}): Record<string, unknown> | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return options.required ? this.fail(field, 'is required') : undefined;
    if (typeof value !== 'object' || Array.isArray(value)) return this.fail(field, 'must be an object');
    return value as Record<string, unknown>;
  }

  /** Money (DESIGN §2): integer minor units above zero and an ISO 4217 currency. */
  money(field: string): { amount: number; currency: string } | undefined {
    const value = this.object(field, { required: true });
    if (!value) return undefined;
    const { amount, currency } = value;
    const before = this.errors.length;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) this.fail(`${field}.amount`, 'must be a positive integer number of minor units');
    if (typeof currency !== 'string' || !CURRENCY.test(currency)) this.fail(`${field}.currency`, 'must be an ISO 4217 code');
    return this.errors.length === before ? { amount: amount as number, currency: currency as string } : undefined;
  }

  position(field: string, options: { required?: boolean } = {}): { latitude: number; longitude: number } | undefined {
    const value = this.object(field, options);
    if (!value) return undefined;
    const { latitude, longitude } = value;
    const before = this.errors.length;
    if (typeof latitude !== 'number' || !Number.isFinite(latitude) || latitude < -90 || latitude > 90) this.fail(`${field}.latitude`, 'must be a number from -90 to 90');
    if (typeof longitude !== 'number' || !Number.isFinite(longitude) || longitude < -180 || longitude > 180) this.fail(`${field}.longitude`, 'must be a number from -180 to 180');
    return this.errors.length === before ? { latitude: latitude as number, longitude: longitude as number } : undefined;
  }

  uuids(field: string, max: number): string[] | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.length > max || value.some((v) => typeof v !== 'string' || !UUID.test(v))) return this.fail(field, `must be a list of at most ${max} document ids`);
    return value as string[];
  }

  /** Only the fields a type declares are accepted: a misspelt field is a mistake, not extra data. */
  only(allowed: readonly string[]): void {
    for (const key of Object.keys(this.body)) if (!allowed.includes(key)) this.fail(key, 'is not a field of this event type');
  }
}

type Shape = (f: Fields) => { payload: JsonObject; pii: JsonObject | null; fields: readonly string[] };

const SHAPES: { readonly [T in ProgressEventType]: Shape } = {
  contact_attempt: (f) => {
    const contactUsed = f.text('contact_used', { max: 200 });
    return {
      fields: ['channel', 'direction', 'outcome', 'contact_used', 'duration_seconds', 'recording_ref'],
      payload: {
        channel: f.oneOf('channel', CONTACT_CHANNELS, { required: true }) ?? null,
        direction: f.oneOf('direction', CONTACT_DIRECTIONS, { fallback: 'outbound' }) ?? null,
        outcome: f.oneOf('outcome', CONTACT_OUTCOMES, { required: true }) ?? null,
        duration_seconds: f.integer('duration_seconds', { min: 0, max: 86_400 }) ?? null,
        recording_ref: f.text('recording_ref', { max: 300 }) ?? null,
      },
      pii: contactUsed ? { contact_used: contactUsed } : null,
    };
  },
  promise_to_pay: (f) => ({
    fields: ['amount', 'date'],
    payload: { amount: f.money('amount') ?? null, date: f.date('date', { required: true }) ?? null },
    pii: null,
  }),
  payment_reported: (f) => ({
    fields: ['amount', 'date', 'method', 'reference'],
    payload: {
      amount: f.money('amount') ?? null,
      date: f.date('date', { required: true }) ?? null,
      method: f.oneOf('method', PAYMENT_METHODS, { required: true }) ?? null,
      reference: f.text('reference', { max: 200 }) ?? null,
    },
    pii: null,
  }),
  skip_trace_result: (f) => {
    const phone = f.text('phone', { max: 30 });
    if (phone && !PHONE.test(phone)) f.fail('phone', 'must be a phone number');
    const addressIn = f.object('address');
    const address = addressIn
      ? {
          line1: f.text('line1', { required: true, max: 200, from: addressIn, prefix: 'address.' }) ?? null,
          line2: f.text('line2', { max: 200, from: addressIn, prefix: 'address.' }) ?? null,
          city: f.text('city', { required: true, max: 100, from: addressIn, prefix: 'address.' }) ?? null,
          postal_code: f.text('postal_code', { max: 20, from: addressIn, prefix: 'address.' }) ?? null,
        }
      : null;
    const employerIn = f.object('employer');
    const employer = employerIn
      ? { name: f.text('name', { required: true, max: 200, from: employerIn, prefix: 'employer.' }) ?? null, phone: f.text('phone', { max: 30, from: employerIn, prefix: 'employer.' }) ?? null }
      : null;
    if (!f.has('phone') && !f.has('address') && !f.has('employer')) f.fail('phone', 'a skip-trace result names at least one of phone, address, employer');
    return {
      fields: ['phone', 'address', 'employer', 'source', 'confidence'],
      payload: { source: f.text('source', { required: true, max: 200 }) ?? null, confidence: f.integer('confidence', { min: 0, max: 100 }) ?? null, found: [phone && 'phone', address && 'address', employer && 'employer'].filter((k): k is string => typeof k === 'string') },
      pii: { phone: phone ?? null, address, employer },
    };
  },
  vehicle_located: (f) => ({
    fields: ['position', 'source'],
    payload: { position: f.position('position', { required: true }) ?? null, source: f.oneOf('source', LOCATION_SOURCES, { required: true }) ?? null },
    pii: null,
  }),
  vehicle_recovered: (f) => {
    const inventoryIn = f.has('personal_property') ? f.raw('personal_property') : [];
    const inventory: JsonObject[] = [];
    if (!Array.isArray(inventoryIn) || inventoryIn.length > 200) f.fail('personal_property', 'must be a list of at most 200 items');
    else
      inventoryIn.forEach((item: unknown, i) => {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) {
          f.fail(`personal_property[${i}]`, 'must be an object');
          return;
        }
        const row = item as Record<string, unknown>;
        inventory.push({ description: f.text('description', { required: true, max: 500, from: row, prefix: `personal_property[${i}].` }) ?? null });
      });
    const report = f.object('condition_report');
    return {
      fields: ['mode', 'odometer', 'position', 'keys_recovered', 'condition_report', 'personal_property', 'photo_document_ids'],
      payload: {
        mode: f.oneOf('mode', RECOVERY_MODES, { required: true }) ?? null,
        odometer: f.integer('odometer', { required: true, min: 0, max: 5_000_000 }) ?? null,
        position: f.position('position') ?? null,
        keys_recovered: f.boolean('keys_recovered') ?? null,
        condition_report: report ? { notes: f.text('notes', { max: 5000, from: report, prefix: 'condition_report.' }) ?? null } : null,
        personal_property: inventory,
        photo_document_ids: f.uuids('photo_document_ids', 50) ?? [],
      },
      pii: null,
    };
  },
  vehicle_stored: (f) => ({
    fields: ['yard_id'],
    payload: { yard_id: f.uuid('yard_id', { required: true }) ?? null },
    pii: null,
  }),
  vehicle_transported: (f) => ({
    fields: ['from', 'to', 'distance_m'],
    payload: { from: f.text('from', { required: true, max: 300 }) ?? null, to: f.text('to', { required: true, max: 300 }) ?? null, distance_m: f.integer('distance_m', { required: true, min: 0, max: 10_000_000 }) ?? null },
    pii: null,
  }),
  legal_action: (f) => ({
    fields: ['action', 'court', 'reference', 'description'],
    payload: {
      action: f.oneOf('action', LEGAL_ACTIONS, { required: true }) ?? null,
      court: f.text('court', { max: 300 }) ?? null,
      reference: f.text('reference', { max: 200 }) ?? null,
      description: f.text('description', { max: 5000 }) ?? null,
    },
    pii: null,
  }),
  note: (f) => ({ fields: ['text'], payload: { text: f.text('text', { required: true, max: 5000 }) ?? null }, pii: null }),
};

/**
 * Validates a `POST /v1/jobs/{id}/events` body for its type (DESIGN §6): every field error at
 * once, the reporter's claimed time kept (never more than a few minutes ahead of `now`),
 * `case_id` one of the job's cases (defaulting to its only case).
 */
export function validateProgressEvent(body: unknown, context: { now: Date; caseIds: readonly string[] }): ProgressEventResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object' }] };
  const { type, occurred_at: occurredAtIn, case_id: caseIdIn, ...rest } = body as Record<string, unknown>;
  if (typeof type !== 'string' || !(PROGRESS_EVENT_TYPES as readonly string[]).includes(type)) {
    return { ok: false, errors: [{ field: 'type', message: `must be one of ${PROGRESS_EVENT_TYPES.join(', ')}` }] };
  }
  const f = new Fields(rest);
  let occurredAt = context.now;
  if (occurredAtIn !== undefined && occurredAtIn !== null) {
    const parsed = typeof occurredAtIn === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(occurredAtIn) ? new Date(occurredAtIn) : null;
    if (!parsed || Number.isNaN(parsed.getTime())) f.fail('occurred_at', 'must be an ISO 8601 date-time');
    else if (parsed.getTime() > context.now.getTime() + FUTURE_TOLERANCE_MS) f.fail('occurred_at', 'must not be in the future');
    else occurredAt = parsed;
  }
  let caseId: string | null = context.caseIds.length === 1 ? context.caseIds[0]! : null;
  if (caseIdIn !== undefined && caseIdIn !== null) {
    if (typeof caseIdIn !== 'string' || !context.caseIds.includes(caseIdIn)) f.fail('case_id', "must be one of the job's cases");
    else caseId = caseIdIn;
  }
  const shape = SHAPES[type as ProgressEventType](f);
  f.only(shape.fields);
  if (f.errors.length > 0) return { ok: false, errors: f.errors };
  return { ok: true, event: { type: type as ProgressEventType, occurredAt, caseId, payload: shape.payload, pii: shape.pii } };
}
