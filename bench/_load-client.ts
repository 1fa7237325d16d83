/**
 * The load client of `bench/search.ts`, in its own process so that it does not take the event
 * loop of the server it measures: autocannon with the given connections for the given seconds,
 * or, for a paced job, reporters sending at even intervals. Receives one job over IPC, answers
 * with the figures.
 */
import autocannon from 'autocannon';
import { Agent, request } from 'node:http';
import { percentile } from './_stats';

export interface LoadJob {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  /** One of these paths is picked per request, round robin (e.g. a bid on each listing in turn). */
  readonly paths: readonly string[];
  readonly body?: string;
  readonly connections: number;
  readonly seconds: number;
  /**
   * Requests per second each connection sends (a paced reporter), evenly spaced from a random
   * start within the first interval; as fast as answers come back when absent.
   */
  readonly connectionRate?: number;
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  /** 2xx answers per second: what the route served, refusals left out. */
  readonly okPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly total: number;
  /** Answers by HTTP status, e.g. { "201": 800, "409": 3 }. */
  readonly statusCodes: Record<string, number>;
}

/**
 * Paced reporters: each sends one request every 1/rate s on its own keep-alive connection,
 * starting at a random point of the first interval, so arrivals are spread as field agents'
 * reports are (autocannon's own rate limit sends each second's requests in one burst). A request
 * that cannot leave on time (the previous one is still out) leaves when that one is answered, and
 * its latency counts from when it was due: a server that falls behind is charged for the wait.
 */
async function paced(job: LoadJob & { connectionRate: number }): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
  const target = new URL(job.url);
  const period = 1000 / job.connectionRate;
  const started = performance.now();
  const until = started + job.seconds * 1000;
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let next = 0;
  const send = (path: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request({ host: target.hostname, port: target.port, path, method: job.method, headers: job.body ? { ...job.headers, 'content-length': Buffer.byteLength(job.body) } : job.headers, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(job.body);
    });
  const reporter = async (): Promise<void> => {
    for (let due = started + Math.random() * period; due < until; due += period) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      try {
        const status = await send(job.paths[next++ % job.paths.length]!);
        statusCodes[status] = (statusCodes[status] ?? 0) + 1;
        latencies.push(performance.now() - due);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: job.connections }, reporter));
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const ok = Object.entries(statusCodes).reduce((n, [code, count]) => n + (code.startsWith('2') ? count : 0), 0);
  const elapsed = (performance.now() - started) / 1000;
  return {
    requestsPerSecond: latencies.length / elapsed,
    okPerSecond: ok / elapsed,
    p50: Math.round(percentile(sorted, 50)),
    p99: Math.round(percentile(sorted, 99)),
    non2xx: latencies.length - ok,
    errors,
    total: latencies.length,
    statusCodes,
  };
}

process.once('message', (job: LoadJob) => {
  const rate = job.connectionRate;
  if (rate) {
    void paced({ ...job, connectionRate: rate }).then((answer) => process.send!(answer, () => process.exit(0)));
    return;
  }
  let next = 0;
  const instance = autocannon(
    {
      url: job.url,
      connections: job.connections,
      duration: job.seconds,
      requests: [
        {
          method: job.method,
          headers: job.headers,
          body: job.body,
          setupRequest: (request) => ({ ...request, path: job.paths[next++ % job.paths.length] }),
        },
      ],
    },
    (err, result) => {
      if (err) throw err;
      const answer: LoadResult = {
        requestsPerSecond: result.requests.total / job.seconds,
        okPerSecond: result['2xx'] / job.seconds,
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        total: result.requests.total,
        statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat?.count ?? 0])),
      };
      process.send!(answer, () => process.exit(0));
    },
  );
  instance.on('error', () => undefined);
});
