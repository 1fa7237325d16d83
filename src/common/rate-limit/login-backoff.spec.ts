import { lockSeconds } from './login-backoff';

describe('lockSeconds (per-account login backoff)', () => {
  it.each<[number, number]>([
    [0, 0],
    [4, 0],
    [5, 30],
    [6, 60],
    [7, 120],
    [9, 480],
    [10, 900],
    [50, 900],
  ])('%i failures with 5 tolerated → wait %i s', (failures, seconds) => {
    expect(lockSeconds(failures, 5)).toBe(seconds);
  });
});
