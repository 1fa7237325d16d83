import { money } from '../../common/money';
import { costToCollectBps } from './cost-to-collect';

const usd = (n: number) => money(n, 'USD');

describe('costToCollectBps', () => {
  it.each([
    ['15 %', 1_500, 10_000, 1500],
    ['nothing paid in fees', 0, 10_000, 0],
    // 1/3 = 3333.33… bps → 3333; 2/3 = 6666.67 → 6667
    ['a third, half-up', 1, 3, 3333],
    ['two thirds, half-up', 2, 3, 6667],
    ['nothing recovered', 0, 0, null],
  ])('%s', (_, fees, recovered, expected) => {
    expect(costToCollectBps(usd(fees), usd(recovered))).toBe(expected);
  });
});
