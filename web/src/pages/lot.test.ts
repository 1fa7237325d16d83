import { describe, expect, it } from 'vitest';
import { applyStreamEvent, countdown, lotDeadline } from './lot';

describe('lotDeadline', () => {
  const received = Date.parse('2026-12-02T10:00:00Z');
  it('counts the server’s time left from when the answer arrived, whatever the ends_at on this clock', () => {
    expect(lotDeadline({ status: 'live', ends_at: '2026-12-02T09:00:00Z', time_left_seconds: 90 }, received)).toBe(received + 90_000);
  });
  it('uses ends_at when the server gives no time left', () => {
    expect(lotDeadline({ status: 'live', ends_at: '2026-12-02T11:00:00Z', time_left_seconds: null }, received)).toBe(Date.parse('2026-12-02T11:00:00Z'));
  });
  it.each(['scheduled', 'closed', 'sold', 'no_sale', 'cancelled', 'draft'] as const)('has no deadline when %s', (status) => {
    expect(lotDeadline({ status, ends_at: '2026-12-02T11:00:00Z', time_left_seconds: 30 }, received)).toBeNull();
  });
});

describe('countdown', () => {
  it.each([
    [0, '0:00:00'],
    [-5_000, '0:00:00'],
    [999, '0:00:01'],
    [61_000, '0:01:01'],
    [3_600_000, '1:00:00'],
    [26 * 3_600_000 + 5 * 60_000 + 9_000, '26:05:09'],
  ])('%d ms → %s', (ms, clock) => {
    expect(countdown(ms)).toBe(clock);
  });
});

describe('applyStreamEvent', () => {
  const usd = (amount: number) => ({ amount, currency: 'USD' });
  const lot = {
    status: 'live' as const,
    current_price: usd(50_000),
    bid_count: 1,
    ends_at: '2026-12-02T11:00:00.000Z',
    time_left_seconds: 600,
    reserve_met: false,
    buy_now_available: true,
    my_standing: { leading: true, your_max: usd(90_000), cover: null },
  };
  const event = { seq: 4, lot_id: '0190c6a0-0000-7000-8000-000000000001', status: 'live' as const, current_price: usd(92_500), bid_count: 2, ends_at: lot.ends_at, reserve_met: true, buy_now_available: false, leader: { bidder: 2, you: false } };

  it('takes the price, count and reserve from another buyer’s bid and marks the caller outbid, keeping its maximum', () => {
    expect(applyStreamEvent(lot, event)).toEqual({ ...lot, current_price: usd(92_500), bid_count: 2, reserve_met: true, buy_now_available: false, my_standing: { leading: false, your_max: usd(90_000), cover: null } });
  });
  it('drops the time left when anti-sniping moved the end, so the countdown follows the new end', () => {
    expect(applyStreamEvent(lot, { ...event, ends_at: '2026-12-02T11:02:00.000Z' }).time_left_seconds).toBeNull();
  });
  it('marks a caller without a standing as leading when the event says it is them', () => {
    expect(applyStreamEvent({ ...lot, my_standing: null }, { ...event, leader: { bidder: 1, you: true } }).my_standing).toEqual({ leading: true, your_max: null, cover: null });
    expect(applyStreamEvent({ ...lot, my_standing: null }, event).my_standing).toBeNull();
  });
  it('closes the lot when the status event says so', () => {
    expect(applyStreamEvent(lot, { ...event, status: 'sold' })).toMatchObject({ status: 'sold', time_left_seconds: null });
  });
});
