import { describe, expect, it } from 'vitest';
import { countdown, lotDeadline } from './lot';

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
