import { parentPort, ResourceLimits, Worker, workerData } from 'node:worker_threads';

/** What a pool worker posts back for one task: its result, or the message of what it threw. */
export type WorkerReply<O> = { readonly id: number; readonly ok: true; readonly value: O } | { readonly id: number; readonly ok: false; readonly error: string };

interface Task<I, O> {
  readonly id: number;
  readonly input: I;
  readonly resolve: (value: O) => void;
  readonly reject: (err: Error) => void;
}

interface Slot<I, O> {
  readonly worker: Worker;
  task: Task<I, O> | null;
}

/**
 * Running from TypeScript sources (tests): the worker compiles each `.ts` file it requires with
 * SWC, as Jest does in the main thread; built code (`dist`) is required as it is.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.entry.endsWith('.ts')) {
  const { readFileSync } = require('node:fs');
  const { transformSync } = require('@swc/core');
  require.extensions['.ts'] = (module, filename) => module._compile(transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false }, target: 'es2022' },
    module: { type: 'commonjs' },
  }).code, filename);
}
require(workerData.entry);
`;

/**
 * A fixed set of `worker_threads` running one module (`entry`), each taking one task at a time
 * from a shared queue (issue 18: a placement's CPU work — validation, encryption, blind indexes,
 * fingerprints — on every core instead of the event loop's one). Tasks resolve in the order their
 * worker finishes; callers that need file order await them in order. A worker that dies fails its
 * task and is replaced. Workers are unref'ed: an idle pool never keeps the process alive.
 */
export class WorkerPool<I, O> {
  private readonly slots: Slot<I, O>[] = [];
  private readonly queue: Task<I, O>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly entry: string,
    private readonly size: number,
    private readonly data: unknown,
    private readonly limits?: ResourceLimits,
  ) {}

  run(input: I): Promise<O> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    if (this.slots.length === 0) for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, input, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('the worker pool is closed'));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot<I, O> {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { entry: this.entry, data: this.data }, resourceLimits: this.limits });
    worker.unref();
    const slot: Slot<I, O> = { worker, task: null };
    worker.on('message', (reply: WorkerReply<O>) => {
      const task = slot.task;
      slot.task = null;
      if (task && task.id === reply.id) {
        if (reply.ok) task.resolve(reply.value);
        else task.reject(new Error(reply.error));
      }
      this.dispatch();
    });
    worker.on('error', (err) => this.replace(slot, err));
    worker.on('exit', (code) => {
      if (!this.closed) this.replace(slot, new Error(`a pool worker exited with code ${code}`));
    });
    return slot;
  }

  private replace(slot: Slot<I, O>, err: Error): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    slot.task?.reject(err);
    slot.task = null;
    void slot.worker.terminate();
    if (this.closed) return;
    this.slots[index] = this.spawn();
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.task || this.queue.length === 0) continue;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.postMessage({ id: task.id, input: task.input });
    }
  }
}

/**
 * The worker side of a pool: answers each task posted by `WorkerPool.run` with `handle`'s result.
 * `setup` runs once with the data the pool was made with (keys, settings).
 */
export function serveWorkerTasks<I, O, C>(setup: (data: unknown) => C, handle: (input: I, context: C) => O): void {
  if (!parentPort) throw new Error('serveWorkerTasks runs in a worker thread');
  const port = parentPort;
  const context = setup((workerData as { data: unknown }).data);
  port.on('message', ({ id, input }: { id: number; input: I }) => {
    let reply: WorkerReply<O>;
    try {
      reply = { id, ok: true, value: handle(input, context) };
    } catch (err) {
      reply = { id, ok: false, error: (err as Error).message };
    }
    port.postMessage(reply);
  });
}
