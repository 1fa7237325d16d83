import { FeeSchedule } from './fee-schedule';
import { freezeTerms, frozenSchedule, parseFrozenTerms } from './frozen-terms';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const schedule: FeeSchedule = { schema_version: 1, currency: 'USD', contingency_bps: 2500, flat_fees: { close_fee: usd(7_500) }, min_fee: usd(1_000) };
const published = { id: '6f1c2a7e-3f4b-4c1d-9a55-0d3c2b1a0e9f', version: 3, schedule };
const at = new Date('2024-06-30T12:00:00.000Z');

describe('frozen terms', () => {
  it('holds the schedule version, the bid terms, the schedule they produce and when', () => {
    const terms = { contingency_bps: 1800, sla: { first_action_hours: 24, completion_days: 30 } };
    expect(freezeTerms(published, terms, 'collection', at)).toEqual({
      schema_version: 1,
      fee_schedule_id: published.id,
      fee_schedule_version: 3,
      fee_schedule: schedule,
      bid_terms: terms,
      effective_schedule: { ...schedule, contingency_bps: 1800 },
      effective_at: '2024-06-30T12:00:00.000Z',
    });
  });

  it('re-freezes the same published schedule for a re-offer with the next terms', () => {
    const first = freezeTerms(published, { contingency_bps: 1800, sla: { first_action_hours: 24, completion_days: 30 } }, 'collection', at);
    const next = freezeTerms(frozenSchedule(first), { contingency_bps: 2000, sla: { first_action_hours: 12, completion_days: 20 } }, 'collection', new Date('2024-07-01T00:00:00Z'));
    expect(next).toMatchObject({ fee_schedule_id: published.id, fee_schedule_version: 3, fee_schedule: schedule, effective_schedule: { contingency_bps: 2000 }, effective_at: '2024-07-01T00:00:00.000Z' });
  });

  it('parses what it stores (through JSON, as jsonb does)', () => {
    const frozen = freezeTerms(published, { flat_fee: usd(30_000), sla: { first_action_hours: 4, completion_days: 14 } }, 'repossession', at);
    expect(parseFrozenTerms(JSON.parse(JSON.stringify(frozen)))).toEqual(frozen);
  });

  it.each([
    ['nothing', null],
    ['an unknown schema version', { ...freezeTerms(published, { sla: { first_action_hours: 1, completion_days: 1 } }, 'collection', at), schema_version: 2 }],
    ['a schedule without its version', { ...freezeTerms(published, { sla: { first_action_hours: 1, completion_days: 1 } }, 'collection', at), fee_schedule: { currency: 'USD' } }],
    ['terms without an SLA', { ...freezeTerms(published, { sla: { first_action_hours: 1, completion_days: 1 } }, 'collection', at), bid_terms: { contingency_bps: 1 } }],
    ['no effective time', { ...freezeTerms(published, { sla: { first_action_hours: 1, completion_days: 1 } }, 'collection', at), effective_at: 'soon' }],
  ])('refuses to read %s', (_why, stored) => {
    expect(() => parseFrozenTerms(stored)).toThrow(TypeError);
  });
});
