/**
 * The load client of `bench/search.ts`, in its own process so that it does not take the event
 * loop of the server it measures: autocannon with the given connections for the given seconds.
 * Receives one job over IPC, answers with the figures.
 */
import autocannon from 'autocannon';

export interface LoadJob {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  /** One of these paths is picked per request, round robin (e.g. a bid on each listing in turn). */
  readonly paths: readonly string[];
  readonly body?: string;
  readonly connections: number;
  readonly seconds: number;
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

process.once('message', (job: LoadJob) => {
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
