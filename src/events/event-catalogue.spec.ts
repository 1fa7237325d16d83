import { Value } from '@sinclair/typebox/value';
import { catalogueView, eventDefinition, EVENT_DEFINITIONS, isEventType } from './event-catalogue';

describe('event catalogue', () => {
  it('declares each type once, named <aggregate>.<what happened>', () => {
    const types = EVENT_DEFINITIONS.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    for (const type of types) expect(type).toMatch(/^[a-z_]+\.[a-z_]+$/);
  });

  it('knows its types and nothing else', () => {
    expect(isEventType('listing.published')).toBe(true);
    expect(isEventType('listing.publshed')).toBe(false);
    expect(isEventType('job.sla_breach')).toBe(false);
    expect(eventDefinition('bid.placed')?.aggregateType).toBe('bid');
  });

  it.each<[string, Record<string, unknown>, boolean]>([
    [
      'listing.published',
      {
        listing_id: '6f1c1c2e-8d6a-4e0b-9a43-0d7a5f6f1a11',
        listing_title: 'Austin',
        lender_org_id: '6f1c1c2e-8d6a-4e0b-9a43-0d7a5f6f1a12',
        kind: 'collection',
        bidding_mode: 'sealed',
        capability: 'soft_collection',
        regions: ['US-TX'],
        case_count: 1,
        total_balance: { amount: 100, currency: 'USD' },
        deadline: '2025-06-20T17:00:00.000Z',
      },
      true,
    ],
    ['listing.awarded without its title', { listing_id: '6f1c1c2e-8d6a-4e0b-9a43-0d7a5f6f1a11', award_id: '6f1c1c2e-8d6a-4e0b-9a43-0d7a5f6f1a12', mode: 'auto', jobs: [], unallocated_lot_keys: [] }, false],
    ['job.declined with an extra field', { job_id: 'x', job_title: 'T', listing_id: 'y', lot_key: 'all', partner_org_id: 'z', reason: 'r', extra: 1 }, false],
    ['case.placed of a bulk import', { import_id: '6f1c1c2e-8d6a-4e0b-9a43-0d7a5f6f1a11', created: 2, updated: 0, unchanged: 0, rejected: 1, vehicles_created: 0, vehicles_updated: 0 }, true],
    ['credential.expiring on a malformed day', { org_id: '6f1c1c2e-8d6a-4e0b-9a43-0d7a5f6f1a11', partner_name: 'A', credential_id: '6f1c1c2e-8d6a-4e0b-9a43-0d7a5f6f1a12', credential_type: 'on_hook', expires_on: '15/07/2025', days_left: 7, threshold_days: 7 }, false],
    ['bid.placed with a float amount where an id belongs', { bid_id: 1.5, listing_id: 'l', listing_title: 'T', partner_org_id: 'p', partner_name: 'P', replaces: null }, false],
  ])('checks a payload against its schema: %s', (name, payload, valid) => {
    const definition = eventDefinition(name.split(' ')[0]!)!;
    expect(Value.Check(definition.payload, payload)).toBe(valid);
  });

  it('serves plain JSON Schema, sorted by type', () => {
    const view = catalogueView();
    expect(view.map((e) => e.type)).toEqual(view.map((e) => e.type).sort());
    const money = view.find((e) => e.type === 'listing.published')!.payload_schema;
    expect(JSON.parse(JSON.stringify(money))).toEqual(money);
    expect(money).toMatchObject({ type: 'object', properties: { total_balance: { type: 'object', required: ['amount', 'currency'] } } });
  });
});
