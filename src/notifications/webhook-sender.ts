import { Agent as HttpAgent, request as httpRequest, IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

/** What one POST to a receiver came to. */
export interface SendResult {
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly latencyMs: number;
}

/** Receivers answer with a status; their body is read (to keep the connection reusable) up to this much. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Keep-alive agents (issue 18): each pools its sockets per receiver host and port, so a busy
 * endpoint's deliveries reuse warm connections (no TCP/TLS handshake per delivery) while
 * `maxSockets` caps the connections one receiver gets from one worker.
 */
const AGENT_OPTIONS = { keepAlive: true, keepAliveMsecs: 30_000, maxSockets: 32, maxFreeSockets: 8, timeout: 60_000 };
const agents = { 'http:': new HttpAgent(AGENT_OPTIONS), 'https:': new HttpsAgent(AGENT_OPTIONS) };

export interface SendOptions {
  readonly timeoutMs: number;
  /** Resolves the receiver's host: where an address check (SSRF) or a pinned address plugs in. */
  readonly lookup?: LookupFunction;
}

/**
 * POSTs one delivery: the one function that makes the request. Redirects are not followed (a 3xx
 * is a failure: the registered URL is the one that was verified), and the timeout covers the
 * whole exchange including the response body.
 */
export function postWebhook(url: string, body: string, headers: Record<string, string>, options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.max(0, Math.round(performance.now() - started));
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ statusCode, error, latencyMs: elapsed() });
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      finish(null, 'invalid URL');
      return;
    }
    const protocol = target.protocol === 'https:' ? 'https:' : target.protocol === 'http:' ? 'http:' : null;
    if (!protocol) {
      finish(null, `unsupported protocol ${target.protocol}`);
      return;
    }
    const payload = Buffer.from(body, 'utf8');
    const request = protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(target, {
      method: 'POST',
      agent: agents[protocol],
      lookup: options.lookup,
      headers: { 'content-type': 'application/json', 'content-length': String(payload.length), 'user-agent': 'Reclaim-Webhooks/1', ...headers },
    });
    const timer = setTimeout(() => {
      finish(null, `timeout after ${options.timeoutMs} ms`);
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => finish(null, describe(err)));
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const ok = status >= 200 && status < 300;
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        // A receiver that answers with a flood is cut off; the status is what counts.
        if (read > MAX_RESPONSE_BYTES) {
          finish(status, ok ? null : `HTTP ${status}`);
          res.destroy();
        }
      });
      res.on('end', () => finish(status, ok ? null : `HTTP ${status}`));
      res.on('error', (err: NodeJS.ErrnoException) => finish(null, describe(err)));
    });
    req.end(payload);
  });
}

function describe(err: NodeJS.ErrnoException): string {
  const message = err.message || 'request failed';
  return (err.code && !message.includes(err.code) ? `request failed: ${err.code} ${message}` : message).slice(0, 500);
}
