/**
 * Coalesces calls made in the same turn of the event loop into one call of `flush` (at most
 * `maxSize` items each), and hands every caller its own result. Many concurrent queue jobs then
 * share one database round trip instead of making one each (issue 18: webhook deliveries read
 * and record their state 50 at a time). A failed flush rejects every caller in it.
 */
export class MicroBatch<I, O> {
  private pending: { item: I; resolve: (value: O) => void; reject: (err: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly flush: (items: readonly I[]) => Promise<readonly O[]>,
    private readonly maxSize = 100,
  ) {}

  run(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxSize) this.drain();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.drain());
      }
    });
  }

  private drain(): void {
    this.scheduled = false;
    const calls = this.pending;
    this.pending = [];
    if (calls.length === 0) return;
    this.flush(calls.map((c) => c.item)).then(
      (results) => calls.forEach((c, i) => c.resolve(results[i]!)),
      (err: unknown) => calls.forEach((c) => c.reject(err)),
    );
  }
}
