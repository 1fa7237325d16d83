/** One server-sent event as the HTML standard dispatches it (§9.2 "Server-sent events"). */
export interface ServerEvent {
  readonly type: string;
  readonly data: string;
  readonly id: string | null;
}

/**
 * The event-stream parser of the HTML standard (§9.2.6), fed chunks as they arrive: lines end in
 * CRLF, LF or CR; `:` starts a comment (the heartbeat); `data` lines join with "\n"; a blank line
 * dispatches; an `id` holding NUL is ignored; the last id outlives the event for a reconnect.
 * EventSource itself cannot send an Authorization header, so the console reads the stream with
 * fetch and parses it here.
 */
export class EventStreamParser {
  private buffer = '';
  private pendingCr = false;
  private type = '';
  private data: string[] = [];
  private sawData = false;
  lastEventId: string | null = null;
  retryMs: number | null = null;

  feed(chunk: string): ServerEvent[] {
    const events: ServerEvent[] = [];
    let text = chunk;
    // A CR at the end of the previous chunk may be the first half of a CRLF.
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      if (end < 0) break;
      const breakLength = this.buffer.startsWith('\r\n', end) ? 2 : 1;
      if (this.buffer[end] === '\r' && end === this.buffer.length - 1) this.pendingCr = true;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + breakLength);
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private line(line: string): ServerEvent | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.type = value;
    else if (field === 'data') {
      this.data.push(value);
      this.sawData = true;
    } else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return null;
  }

  private dispatch(): ServerEvent | null {
    const event = this.sawData ? { type: this.type || 'message', data: this.data.join('\n'), id: this.lastEventId } : null;
    this.type = '';
    this.data = [];
    this.sawData = false;
    return event;
  }
}

export interface FollowOptions {
  /** A fetch that adds the bearer (api/client.ts `authorisedFetch`, which also refreshes it). */
  readonly fetch: (request: Request) => Promise<Response>;
  readonly onEvent: (event: ServerEvent) => void;
  readonly signal: AbortSignal;
  /** Waits before reconnecting after the n-th failure in a row (the server's `retry:` wins when it sent one). */
  readonly backoffMs?: (failures: number) => number;
}

const DEFAULT_BACKOFF = (failures: number) => Math.min(30_000, 1_000 * 2 ** Math.min(failures, 5));

/**
 * Follows an event stream until `signal` aborts: reconnects when it ends or fails, sending
 * `Last-Event-ID` so the server replays what was missed. A 4xx answer (the lot is not visible, the
 * session ended) stops following: trying again would get the same answer.
 */
export async function followEventStream(url: string, options: FollowOptions): Promise<void> {
  const parser = new EventStreamParser();
  const backoff = options.backoffMs ?? DEFAULT_BACKOFF;
  let failures = 0;
  while (!options.signal.aborted) {
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (parser.lastEventId !== null) headers['last-event-id'] = parser.lastEventId;
      const response = await options.fetch(new Request(url, { headers, signal: options.signal, cache: 'no-store' }));
      if (response.status >= 400 && response.status < 500) return;
      if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        failures = 0;
        for (const event of parser.feed(value)) options.onEvent(event);
      }
    } catch {
      // A dropped connection or a 5xx: reconnect, from the last id.
      if (options.signal.aborted) return;
      failures += 1;
    }
    if (options.signal.aborted) return;
    await sleep(parser.retryMs ?? backoff(failures), options.signal);
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
