import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures (DESIGN §9): `Reclaim-Signature: t=<unix>,v1=<hex>` where v1 is
 * HMAC-SHA256 over `<t>.<body>`, the same scheme as Stripe's so receivers know it.
 *
 * Secret rotation: while an endpoint has a current and a previous secret, the sender puts one
 * `v1=` per secret in the header (`t=…,v1=<current>,v1=<previous>`), and a receiver accepts the
 * request when any `v1` matches any secret it holds. Either side can then switch secrets first
 * without a window in which deliveries fail. Other schemes (`v0=`, a future `v2=`) are ignored so
 * that adding one later does not break existing receivers.
 */
export const SIGNATURE_HEADER = 'Reclaim-Signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type WebhookVerification =
  | { readonly valid: true; readonly timestamp: number }
  | { readonly valid: false; readonly reason: 'malformed' | 'timestamp_out_of_tolerance' | 'signature_mismatch' };

const HEX_SHA256 = /^[0-9a-f]{64}$/;

function hmacHex(secret: string, body: string, timestampSeconds: number): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
}

/** The header value for `body` sent at `timestampSeconds`, signed with each secret in turn. */
export function signWebhook(secret: string | readonly string[], body: string, timestampSeconds: number): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) throw new RangeError('timestamp must be whole seconds since the epoch');
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (secrets.length === 0 || secrets.some((s) => s.length === 0)) throw new RangeError('a webhook secret must not be empty');
  return [`t=${timestampSeconds}`, ...secrets.map((s) => `v1=${hmacHex(s, body, timestampSeconds)}`)].join(',');
}

function parseHeader(header: string): { timestamp: number; signatures: readonly Buffer[] } | null {
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (timestamp !== null || !/^\d{1,15}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!HEX_SHA256.test(value.toLowerCase())) return null;
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

/**
 * Checks a received header against `body` (the raw body, byte for byte as received) and the
 * secrets held (current, and previous during rotation). The signature is checked before the time,
 * so `timestamp_out_of_tolerance` means an authentic but stale or replayed delivery, in either
 * direction, to allow for clock skew. Comparison is constant-time.
 */
export function verifyWebhook(
  header: string,
  body: string,
  secrets: readonly string[],
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): WebhookVerification {
  if (!(toleranceSeconds >= 0)) throw new RangeError('tolerance must be 0 seconds or more');
  const parsed = parseHeader(header);
  if (!parsed) return { valid: false, reason: 'malformed' };
  const { timestamp, signatures } = parsed;
  const matches = secrets
    .filter((s) => s.length > 0)
    .some((secret) => {
      const expected = Buffer.from(hmacHex(secret, body, timestamp), 'hex');
      return signatures.some((sig) => timingSafeEqual(sig, expected));
    });
  if (!matches) return { valid: false, reason: 'signature_mismatch' };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { valid: false, reason: 'timestamp_out_of_tolerance' };
  return { valid: true, timestamp };
}
