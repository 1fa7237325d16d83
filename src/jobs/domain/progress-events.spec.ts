import { eventTypesFor, PROGRESS_EVENT_TYPES, statusRefusal, validateProgressEvent } from './progress-events';

const now = new Date('2026-03-06T12:00:00.000Z');
const CASE = '11111111-1111-4111-8111-111111111111';
const context = { now, caseIds: [CASE] };
const usd = (amount: number) => ({ amount, currency: 'USD' });

const fieldsOf = (body: unknown) => {
  const result = validateProgressEvent(body, context);
  return result.ok ? [] : result.errors.map((e) => e.field);
};

describe('validateProgressEvent: one valid body per type', () => {
  it.each([
    [{ type: 'contact_attempt', channel: 'call', outcome: 'no_answer' }, { channel: 'call', direction: 'outbound', outcome: 'no_answer' }],
    [{ type: 'promise_to_pay', amount: usd(50_000), date: '2026-04-01' }, { amount: usd(50_000), date: '2026-04-01' }],
    [{ type: 'payment_reported', amount: usd(100), date: '2026-03-05', method: 'cash' }, { method: 'cash', reference: null }],
    [{ type: 'skip_trace_result', employer: { name: 'Acme' }, source: 'bureau' }, { source: 'bureau', found: ['employer'] }],
    [{ type: 'vehicle_located', position: { latitude: 0, longitude: 0 }, source: 'gps' }, { source: 'gps' }],
    [{ type: 'vehicle_recovered', mode: 'voluntary', odometer: 0 }, { mode: 'voluntary', personal_property: [], photo_document_ids: [] }],
    [{ type: 'vehicle_stored', yard_id: CASE }, { yard_id: CASE }],
    [{ type: 'vehicle_transported', from: 'lot A', to: 'yard B', distance_m: 12_000 }, { distance_m: 12_000 }],
    [{ type: 'legal_action', action: 'suit_filed', court: 'Travis County' }, { action: 'suit_filed' }],
    [{ type: 'note', text: 'first visit planned' }, { text: 'first visit planned' }],
  ])('%j', (body, payload) => {
    const result = validateProgressEvent(body, context);
    expect(result).toMatchObject({ ok: true, event: { type: body.type, occurredAt: now, caseId: CASE, payload } });
  });

  it('keeps PII out of the clear payload', () => {
    const result = validateProgressEvent({ type: 'contact_attempt', channel: 'call', outcome: 'right_party_contact', contact_used: '+14155550123' }, context);
    expect(result.ok && JSON.stringify(result.event.payload)).not.toContain('4155550123');
    expect(result.ok && result.event.pii).toEqual({ contact_used: '+14155550123' });
  });

  it('keeps the claimed time, and tolerates a few minutes of clock skew', () => {
    const claimed = validateProgressEvent({ type: 'note', text: 'x', occurred_at: '2026-03-06T12:04:00.000Z' }, context);
    expect(claimed.ok && claimed.event.occurredAt.toISOString()).toBe('2026-03-06T12:04:00.000Z');
  });
});

describe('validateProgressEvent: one refusal per field rule', () => {
  it.each([
    ['not an object', [], 'body'],
    ['unknown type', { type: 'teleport' }, 'type'],
    ['claimed time in the future', { type: 'note', text: 'x', occurred_at: '2026-03-06T12:06:00.000Z' }, 'occurred_at'],
    ['claimed time not a date-time', { type: 'note', text: 'x', occurred_at: 'yesterday' }, 'occurred_at'],
    ['case not of the job', { type: 'note', text: 'x', case_id: '22222222-2222-4222-8222-222222222222' }, 'case_id'],
    ['field of another type', { type: 'note', text: 'x', odometer: 5 }, 'odometer'],
    ['note without text', { type: 'note' }, 'text'],
    ['note too long', { type: 'note', text: 'x'.repeat(5001) }, 'text'],
    ['channel unknown', { type: 'contact_attempt', channel: 'fax', outcome: 'no_answer' }, 'channel'],
    ['outcome missing', { type: 'contact_attempt', channel: 'call' }, 'outcome'],
    ['direction unknown', { type: 'contact_attempt', channel: 'call', outcome: 'no_answer', direction: 'sideways' }, 'direction'],
    ['negative duration', { type: 'contact_attempt', channel: 'call', outcome: 'no_answer', duration_seconds: -1 }, 'duration_seconds'],
    ['promise in floats', { type: 'promise_to_pay', amount: { amount: 1.5, currency: 'USD' }, date: '2026-04-01' }, 'amount.amount'],
    ['promise of nothing', { type: 'promise_to_pay', amount: usd(0), date: '2026-04-01' }, 'amount.amount'],
    ['promise currency', { type: 'promise_to_pay', amount: { amount: 1, currency: 'usd' }, date: '2026-04-01' }, 'amount.currency'],
    ['promise impossible date', { type: 'promise_to_pay', amount: usd(1), date: '2026-02-29' }, 'date'],
    ['payment method', { type: 'payment_reported', amount: usd(1), date: '2026-03-01', method: 'barter' }, 'method'],
    ['payment without amount', { type: 'payment_reported', date: '2026-03-01', method: 'cash' }, 'amount'],
    ['skip trace with nothing found', { type: 'skip_trace_result', source: 'bureau' }, 'phone'],
    ['skip trace bad phone', { type: 'skip_trace_result', phone: 'call me', source: 'bureau' }, 'phone'],
    ['skip trace address without city', { type: 'skip_trace_result', address: { line1: '1 Elm' }, source: 'bureau' }, 'address.city'],
    ['skip trace without source', { type: 'skip_trace_result', phone: '+15125550199' }, 'source'],
    ['skip trace confidence', { type: 'skip_trace_result', phone: '+15125550199', source: 'x', confidence: 101 }, 'confidence'],
    ['located latitude', { type: 'vehicle_located', position: { latitude: 91, longitude: 0 }, source: 'gps' }, 'position.latitude'],
    ['located longitude', { type: 'vehicle_located', position: { latitude: 0, longitude: 181 }, source: 'gps' }, 'position.longitude'],
    ['located source', { type: 'vehicle_located', position: { latitude: 0, longitude: 0 }, source: 'dream' }, 'source'],
    ['recovery mode', { type: 'vehicle_recovered', mode: 'stolen', odometer: 1 }, 'mode'],
    ['recovery odometer', { type: 'vehicle_recovered', mode: 'voluntary', odometer: -1 }, 'odometer'],
    ['recovery inventory item', { type: 'vehicle_recovered', mode: 'voluntary', odometer: 1, personal_property: [{ description: '' }] }, 'personal_property[0].description'],
    ['recovery inventory not a list', { type: 'vehicle_recovered', mode: 'voluntary', odometer: 1, personal_property: 'bag' }, 'personal_property'],
    ['recovery photos', { type: 'vehicle_recovered', mode: 'voluntary', odometer: 1, photo_document_ids: ['x'] }, 'photo_document_ids'],
    ['recovery keys', { type: 'vehicle_recovered', mode: 'voluntary', odometer: 1, keys_recovered: 'yes' }, 'keys_recovered'],
    ['stored yard', { type: 'vehicle_stored', yard_id: 'yard 1' }, 'yard_id'],
    ['transport distance', { type: 'vehicle_transported', from: 'a', to: 'b', distance_m: 1.5 }, 'distance_m'],
    ['transport without destination', { type: 'vehicle_transported', from: 'a', distance_m: 1 }, 'to'],
    ['legal action', { type: 'legal_action', action: 'duel' }, 'action'],
  ])('%s', (_, body, field) => {
    expect(fieldsOf(body)).toContain(field);
  });
});

describe('eventTypesFor and statusRefusal', () => {
  it('a collection job reports no vehicle events; a transport job no collection events', () => {
    expect(eventTypesFor('collection')).not.toContain('vehicle_recovered');
    expect(eventTypesFor('transport')).not.toContain('contact_attempt');
    expect(PROGRESS_EVENT_TYPES.every((type) => Object.values({ c: 'collection', r: 'repossession', t: 'transport', s: 'skip_trace' } as const).some((k) => eventTypesFor(k).includes(type)))).toBe(true);
  });

  it.each([
    ['accepted', 'note', null],
    ['in_progress', 'note', null],
    ['on_hold', 'note', 'on_hold'],
    ['on_hold', 'vehicle_recovered', null],
    ['offered', 'note', 'not_active'],
    ['completed', 'note', 'not_active'],
    ['recalled', 'vehicle_recovered', 'not_active'],
  ] as const)('%s job, %s → %s', (status, type, expected) => {
    expect(statusRefusal(status, type)).toBe(expected);
  });
});
