import { MicroBatch } from './micro-batch';

describe('MicroBatch', () => {
  it('answers calls made together with one flush, each caller getting its own result', async () => {
    const flushes: number[][] = [];
    const batch = new MicroBatch<number, number>(async (items) => {
      flushes.push([...items]);
      return items.map((n) => n * 10);
    });
    const results = await Promise.all([1, 2, 3].map((n) => batch.run(n)));
    expect(results).toEqual([10, 20, 30]);
    expect(flushes).toEqual([[1, 2, 3]]);
  });

  it('splits at the maximum size', async () => {
    const sizes: number[] = [];
    const batch = new MicroBatch<number, number>(async (items) => {
      sizes.push(items.length);
      return [...items];
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => batch.run(n)));
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('rejects every caller of a failed flush, and later calls start afresh', async () => {
    let fail = true;
    const batch = new MicroBatch<number, number>(async (items) => {
      if (fail) throw new Error('database down');
      return [...items];
    });
    const failed = await Promise.allSettled([batch.run(1), batch.run(2)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(batch.run(3)).resolves.toBe(3);
  });
});
