import { describe, expect, it } from 'vitest';
import { EventStreamParser, followEventStream, type ServerEvent } from './sse';

const feedAll = (chunks: readonly string[]) => {
  const parser = new EventStreamParser();
  return { events: chunks.flatMap((c) => parser.feed(c)), parser };
};

describe('EventStreamParser (HTML standard §9.2.6)', () => {
  it.each([
    ['one event', ['event: bid\nid: 7\ndata: {"a":1}\n\n'], [{ type: 'bid', data: '{"a":1}', id: '7' }]],
    ['no event name is a message', ['data: x\n\n'], [{ type: 'message', data: 'x', id: null }]],
    ['data lines join with a newline', ['data: a\ndata: b\n\n'], [{ type: 'message', data: 'a\nb', id: null }]],
    ['comments (heartbeats) dispatch nothing', [': heartbeat\n\n'], []],
    ['CRLF and CR end lines', ['data: a\r\n\r\ndata: b\r\r'], [{ type: 'message', data: 'a', id: null }, { type: 'message', data: 'b', id: null }]],
    ['a CRLF split across chunks is one break', ['data: a\r', '\n\r\n'], [{ type: 'message', data: 'a', id: null }]],
    ['an event split across chunks', ['ev', 'ent: status\nda', 'ta: {"s":"closed"}\n', '\n'], [{ type: 'status', data: '{"s":"closed"}', id: null }]],
    ['only one leading space is dropped', ['data:  two\n\n'], [{ type: 'message', data: ' two', id: null }]],
    ['an event without data is not dispatched', ['event: bid\nid: 3\n\n'], []],
    ['an id with NUL is ignored', ['id: 1\ndata: a\n\nid: 2\0\ndata: b\n\n'], [{ type: 'message', data: 'a', id: '1' }, { type: 'message', data: 'b', id: '1' }]],
    ['an unfinished event waits', ['data: a\n'], []],
  ] as const)('%s', (_name, chunks, expected) => {
    expect(feedAll(chunks).events).toEqual(expected);
  });

  it('keeps the last id and the server’s retry for the reconnect', () => {
    const { parser } = feedAll(['retry: 2500\nid: 41\ndata: x\n\nid: 42\n\n']);
    expect([parser.lastEventId, parser.retryMs]).toEqual(['42', 2500]);
  });
});

/** A streamed answer whose body is the given chunks, then its end. */
const streamed = (chunks: readonly string[], status = 200) =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
        controller.close();
      },
    }),
    { status, headers: { 'content-type': 'text/event-stream' } },
  );

describe('followEventStream', () => {
  it('reconnects with Last-Event-ID after the stream ends, and stops on abort', async () => {
    const seen: ServerEvent[] = [];
    const asked: (string | null)[] = [];
    const stop = new AbortController();
    const answers = [streamed(['id: 1\nevent: snapshot\ndata: a\n\n']), streamed(['id: 2\nevent: bid\ndata: b\n\n'])];
    await followEventStream('http://localhost/v1/auctions/x/stream', {
      fetch: async (request) => {
        asked.push(request.headers.get('last-event-id'));
        const answer = answers.shift();
        if (!answer) {
          stop.abort();
          throw new DOMException('aborted', 'AbortError');
        }
        return answer;
      },
      onEvent: (e) => seen.push(e),
      signal: stop.signal,
      backoffMs: () => 0,
    });
    expect(seen.map((e) => `${e.type}:${e.data}`)).toEqual(['snapshot:a', 'bid:b']);
    expect(asked).toEqual([null, '1', '2']);
  });

  it('gives up on a refusal (4xx) instead of asking again', async () => {
    let calls = 0;
    await followEventStream('http://localhost/v1/auctions/x/stream', {
      fetch: async () => (calls++, new Response('{"code":"auction.not_found"}', { status: 404 })),
      onEvent: () => undefined,
      signal: new AbortController().signal,
      backoffMs: () => 0,
    });
    expect(calls).toBe(1);
  });

  it('tries again after a server error, with the backoff', async () => {
    const waits: number[] = [];
    const stop = new AbortController();
    let calls = 0;
    await followEventStream('http://localhost/v1/auctions/x/stream', {
      fetch: async () => {
        calls += 1;
        if (calls === 3) stop.abort();
        return new Response('down', { status: 503 });
      },
      onEvent: () => undefined,
      signal: stop.signal,
      backoffMs: (failures) => (waits.push(failures), 0),
    });
    expect([calls, waits]).toEqual([3, [1, 2]]);
  });
});
