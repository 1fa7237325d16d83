import { DEFAULT_ANTI_SNIPING, endAfterBid } from './anti-sniping';

const end = new Date('2026-12-02T12:00:00Z');
const at = (iso: string) => new Date(`2026-12-02T${iso}Z`);

describe('anti-sniping (DESIGN §7: 2 minutes / 2 minutes)', () => {
  it.each([
    ['11:57:59', '12:00:00'], // before the window: unchanged
    ['11:58:00', '12:00:00'], // window start: bid + 2 min is the end itself
    ['11:59:00', '12:01:00'],
    ['11:59:59', '12:01:59'],
  ])('a bid at %s ends the lot at %s', (bid, expected) => {
    expect(endAfterBid(end, at(bid), DEFAULT_ANTI_SNIPING).toISOString()).toBe(at(expected).toISOString());
  });

  it('chains: each bid in the moved window moves the end again', () => {
    const first = endAfterBid(end, at('11:59:30'), DEFAULT_ANTI_SNIPING);
    const second = endAfterBid(first, at('12:01:00'), DEFAULT_ANTI_SNIPING);
    expect([first.toISOString(), second.toISOString()]).toEqual([at('12:01:30').toISOString(), at('12:03:00').toISOString()]);
  });

  it('never shortens a lot when the extension is shorter than the window', () => {
    expect(endAfterBid(end, at('11:55:00'), { windowSeconds: 600, extensionSeconds: 60 }).toISOString()).toBe(end.toISOString());
  });
});
