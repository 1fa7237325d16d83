import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from './eventually';
import { TestApp } from './test-app';

export interface SseEvent {
  readonly id: string | null;
  readonly type: string;
  readonly data: unknown;
}

/** A text/event-stream reader over a real socket (EventSource's parsing: events, ids, comment lines). */
export interface SseClient {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly events: SseEvent[];
  readonly comments: string[];
  /** The raw body when the answer was not a stream (a problem+json refusal). */
  readonly body: () => string;
  /** Waits until the events received match `predicate`, and answers them. */
  until(predicate: (events: readonly SseEvent[]) => boolean, what: string, timeoutMs?: number): Promise<SseEvent[]>;
  close(): void;
}

/** The app listening on a loopback port (supertest then reuses it rather than its own ephemeral one). */
export async function listening(t: TestApp): Promise<string> {
  const server = t.app.getHttpServer();
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function openSse(t: TestApp, path: string, headers: Record<string, string>): Promise<SseClient> {
  const base = await listening(t);
  return new Promise<SseClient>((resolve, reject) => {
    const req = http.get(`${base}${path}`, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
      const comments: string[] = [];
      let raw = '';
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let id: string | null = null;
          let type = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('event: ')) type = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) events.push({ id, type, data: JSON.parse(data.join('\n')) });
        }
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        comments,
        body: () => raw,
        until: (predicate, what, timeoutMs = 10_000) => eventually(async () => (predicate(events) ? [...events] : null), timeoutMs, what),
        close: () => req.destroy(),
      });
    });
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
  });
}
